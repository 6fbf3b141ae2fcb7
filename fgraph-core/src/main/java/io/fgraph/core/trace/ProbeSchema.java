package io.fgraph.core.trace;

import io.fgraph.emulator.elf.Symbol;
import io.fgraph.emulator.elf.SymbolTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One probe event of a recording, as the trace header describes it: what its PROBE records'
 * {@code probeId} means and how to show their fields ({@link EventLayout#probeFields}). Kept in the
 * header's options, three keys per probe:
 * <pre>
 *  probe.ID          the definition, every default filled in: p:kprobes/fib_n fib n=$arg1:s64
 *  probe.ID.event    the event's name: fib_n
 *  probe.ID.fields   NAME:FORMAT,...: n:s   (FORMAT: u, s, x, char, symbol, string)
 * </pre>
 * The formats are ftrace's ({@code trace_probe.c}): {@code u} unsigned and {@code s} signed decimal,
 * {@code x} as {@code 0x...}, {@code char} between single quotes, {@code symbol} as
 * {@code sym+0xoff/0xsize}, {@code string} between double quotes; arrays in braces; an unreadable
 * value as {@code (fault)}. The one owner of those formats: the probes' own text output uses it too.
 *
 * @param id         the probe's id in its records
 * @param event      the event's name
 * @param definition the definition as the recording had it
 * @param fields     its fetch arguments, in record order
 */
public record ProbeSchema(int id, String event, String definition, List<Field> fields) {
    static final String PREFIX = "probe.";

    public ProbeSchema {
        fields = List.copyOf(fields);
    }

    /** One fetched value: its name and how it is shown. */
    public record Field(String name, Format format) {
    }

    /** How a fetched value is shown. */
    public enum Format {
        UNSIGNED("u"), SIGNED("s"), HEX("x"), CHAR("char"), SYMBOL("symbol"), TEXT("string");

        private final String code;

        Format(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static Format of(String code) {
            for (Format format : values()) {
                if (format.code.equals(code)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("unknown probe field format '" + code + "'");
        }

        /** {@code value} (a field as {@link EventLayout#probeFields} gives it) in this format. */
        public String format(Object value, SymbolTable symbols) {
            if (value == null) {
                return "(fault)";
            }
            if (value instanceof long[] numbers) {
                StringBuilder s = new StringBuilder("{");
                for (int i = 0; i < numbers.length; i++) {
                    s.append(i == 0 ? "" : ",").append(number(numbers[i], symbols));
                }
                return s.append('}').toString();
            }
            if (value instanceof String[] texts) {
                StringBuilder s = new StringBuilder("{");
                for (int i = 0; i < texts.length; i++) {
                    s.append(i == 0 ? "" : ",").append(texts[i] == null ? "(fault)" : "\"" + texts[i] + "\"");
                }
                return s.append('}').toString();
            }
            if (value instanceof Long number) {
                return number(number, symbols);
            }
            return "\"" + value + "\"";
        }

        private String number(long value, SymbolTable symbols) {
            return switch (this) {
                case SIGNED -> Long.toString(value);
                case UNSIGNED -> Long.toUnsignedString(value);
                case HEX -> "0x" + Long.toHexString(value);
                case CHAR -> "'" + (char) (value & 0xFF) + "'";
                case SYMBOL -> symbol(symbols, value);
                case TEXT -> "0x" + Long.toHexString(value); // a number where text was expected: show it raw
            };
        }
    }

    /**
     * For a return probe's definition ({@code r[N]:GRP/EVENT SYM ...} or {@code f:GRP/EVENT SYM%return ...},
     * as recordings write them), the function it probes; null for any other probe.
     */
    public static String returnedFrom(String definition) {
        String[] words = definition.trim().split("\\s+");
        if (words.length < 2 || words[0].isEmpty()) {
            return null;
        }
        String where = words[1];
        if (words[0].charAt(0) == 'r') {
            return where.endsWith("+0") ? where.substring(0, where.length() - 2) : where;
        }
        if (where.endsWith("%return")) {
            return where.substring(0, where.length() - "%return".length());
        }
        return null;
    }

    /** {@code sym+0xoff/0xsize} as Linux's {@code %pS}, or {@code 0x...} where no symbol covers the address. */
    public static String symbol(SymbolTable symbols, long address) {
        Optional<Symbol> symbol = symbols.containing(address);
        if (symbol.isEmpty()) {
            return "0x" + Long.toHexString(address);
        }
        Symbol s = symbol.get();
        return s.name() + "+0x" + Long.toHexString(address - s.address()) + "/0x" + Long.toHexString(s.size());
    }

    /** {@code NAME=VALUE ...} for the fields of one hit; a field the record lacks is {@code (missing)}. */
    public String arguments(Object[] values, SymbolTable symbols) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            s.append(i == 0 ? "" : " ").append(field.name()).append('=')
                    .append(i < values.length ? field.format().format(values[i], symbols) : "(missing)");
        }
        return s.toString();
    }

    /** Adds this probe's keys to header options. */
    public void describe(Map<String, String> options) {
        options.put(PREFIX + id, definition);
        options.put(PREFIX + id + ".event", event);
        StringBuilder s = new StringBuilder();
        for (Field field : fields) {
            s.append(s.length() == 0 ? "" : ",").append(field.name()).append(':').append(field.format().code());
        }
        options.put(PREFIX + id + ".fields", s.toString());
    }

    /** The probes header options describe, by id; keys that do not parse are left out. */
    public static Map<Integer, ProbeSchema> of(Map<String, String> options) {
        Map<Integer, ProbeSchema> probes = new TreeMap<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX) || key.indexOf('.', PREFIX.length()) >= 0) {
                continue;
            }
            int id;
            try {
                id = Integer.parseInt(key.substring(PREFIX.length()));
            } catch (NumberFormatException ignored) {
                continue;
            }
            String event = options.getOrDefault(key + ".event", "probe" + id);
            List<Field> fields = new ArrayList<>();
            String list = options.getOrDefault(key + ".fields", "");
            try {
                for (String field : list.isEmpty() ? new String[0] : list.split(",")) {
                    int colon = field.lastIndexOf(':');
                    fields.add(new Field(field.substring(0, colon), Format.of(field.substring(colon + 1))));
                }
            } catch (RuntimeException ignored) {
                fields.clear(); // unreadable formats: show the raw values
            }
            probes.put(id, new ProbeSchema(id, event, e.getValue(), fields));
        }
        return probes;
    }

    /**
     * A hit as ftrace's trace shows a kprobe event, without the task, cpu and time:
     * {@code EVENT: (sym+0xoff/0xsize) NAME=VALUE ...}; a probe the header does not describe is
     * {@code probe ID: (...)} with its raw fields.
     */
    public static String describeHit(Map<Integer, ProbeSchema> probes, TraceEvent hit, SymbolTable symbols) {
        ProbeSchema probe = probes.get(hit.probeId());
        Object[] values = hit.probeFields();
        StringBuilder s = new StringBuilder();
        s.append(probe == null ? "probe " + hit.probeId() : probe.event()).append(": (")
                .append(symbol(symbols, hit.address()));
        String function = probe == null ? null : returnedFrom(probe.definition());
        if (function != null) {
            s.append(" <- ").append(function);
        }
        s.append(')');
        String arguments = probe == null ? TraceEvent.rawFields(values) : probe.arguments(values, symbols);
        if (!arguments.isEmpty()) {
            s.append(' ').append(arguments);
        }
        return s.toString();
    }
}
