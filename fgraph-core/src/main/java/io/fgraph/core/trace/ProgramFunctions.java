package io.fgraph.core.trace;

import io.fgraph.core.FunctionTable;
import io.fgraph.core.TraceableFunction;
import org.agrona.collections.LongHashSet;

import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The program's own functions (patchable entries, as uftrace's {@code -pg}), kept in a trace's
 * header options so that a replay can apply the library-call modes without the ELF file: the key
 * {@value #KEY}, a comma-separated list of entry addresses in hex. Absent in traces of programs
 * without patchable entries and in older traces: every function counts as the program's own.
 */
public final class ProgramFunctions {
    /** The header option. */
    public static final String KEY = "program-functions";

    private ProgramFunctions() {
    }

    /** The header option for {@code table}'s patchable functions (empty when it has none). */
    public static Map<String, String> headerOptions(FunctionTable table) {
        StringBuilder s = new StringBuilder();
        for (TraceableFunction f : table.functions()) {
            if (f.patchable()) {
                s.append(s.length() == 0 ? "" : ",").append(Long.toHexString(f.entry()));
            }
        }
        return s.length() == 0 ? Map.of() : Map.of(KEY, s.toString());
    }

    /** The own functions of a trace, or null when it does not say (all are its own). */
    public static LongPredicate of(TraceHeader header) {
        String list = header.options().get(KEY);
        if (list == null || list.isBlank()) {
            return null;
        }
        LongHashSet own = new LongHashSet();
        for (String hex : list.split(",")) {
            try {
                own.add(Long.parseUnsignedLong(hex.trim(), 16));
            } catch (NumberFormatException e) {
                throw new TraceFormatException("corrupted: header option " + KEY + " holds '" + hex + "', not an address");
            }
        }
        return own::contains;
    }

    /** How many own functions the header lists (0: it does not say). */
    public static int count(TraceHeader header) {
        String list = header.options().get(KEY);
        return list == null || list.isBlank() ? 0 : list.split(",").length;
    }
}
