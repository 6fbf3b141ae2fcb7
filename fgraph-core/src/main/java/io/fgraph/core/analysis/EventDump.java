package io.fgraph.core.analysis;

import io.fgraph.core.trace.EventCursor;
import io.fgraph.core.trace.EventLayout;
import io.fgraph.core.trace.TraceEvent;
import io.fgraph.core.trace.TraceProbes;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Prints raw events, one a line: {@link TraceEvent#toString()} and, for functions and probe
 * addresses, the symbol. Nothing is interpreted or left out.
 * <pre>
 * entry task=0 cpu=0 time=120 function=0x80000010 depth=0  # main
 * </pre>
 */
public final class EventDump {
    private EventDump() {
    }

    /** Prints the trace header's facts as {@code #} lines. */
    public static void header(io.fgraph.core.trace.TraceHeader header, PrintStream out) {
        out.println("# program " + header.programName() + " build-id " + header.buildId() + " harts " + header.harts()
                + " clock " + header.clockHz() + " Hz, format version " + header.formatVersion());
        StringBuilder options = new StringBuilder("# options");
        for (Map.Entry<String, String> e : header.options().entrySet()) {
            options.append(' ').append(e.getKey()).append('=').append(e.getValue());
        }
        out.println(options);
    }

    /** Prints every event of {@code cursor}; returns the number printed. */
    public static long print(EventCursor cursor, LongFunction<String> names, PrintStream out) {
        return print(cursor, names, TraceProbes.NONE, out);
    }

    /** Prints every event of {@code cursor}, probe hits decoded after {@code #}; returns the number printed. */
    public static long print(EventCursor cursor, LongFunction<String> names, TraceProbes probes, PrintStream out) {
        long n = 0;
        StringBuilder line = new StringBuilder(160);
        while (cursor.next()) {
            TraceEvent e = cursor.event();
            line.setLength(0);
            line.append(e);
            switch (e.kind()) {
                case EventLayout.KIND_ENTRY, EventLayout.KIND_RETURN -> line.append("  # ").append(names.apply(e.function()));
                case EventLayout.KIND_PROBE -> line.append("  # ").append(probes.describe(e));
                case EventLayout.KIND_PAYLOAD -> {
                    byte[] bytes = e.payload();
                    line.append("  # ").append(PayloadText.describe(e.plugin(),
                            FunctionNames.pluginNames(names).apply(e.plugin()), bytes, 0, bytes.length));
                }
                default -> {
                }
            }
            out.println(line);
            n++;
        }
        out.flush();
        return n;
    }
}
