package io.fgraph.core.analysis;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The columns left of the {@code |} in uftrace's replay ({@code -f/--output-fields}), with
 * uftrace's names, headers and widths. Asked for with {@code -f}, they print in this order,
 * whatever order they are asked in, as uftrace prints them; the default puts elapsed first.
 */
public enum UftraceFields {
    /** The call's duration ({@code 0.010 us}); blank on an entry line. */
    DURATION("duration", " DURATION ", 10),
    /** The task, {@code [     0]}. */
    TID("tid", "   TID  ", 8),
    /** The function's address, in hex. */
    ADDR("addr", "   ADDRESS  ", 12),
    /** The line's time stamp, seconds and nanoseconds of virtual time. */
    TIME("time", "     TIMESTAMP    ", 18),
    /** Time since the task's previous line. */
    DELTA("delta", " TIMEDELTA", 10),
    /** Time since the program started. */
    ELAPSED("elapsed", "  ELAPSED ", 10),
    /** The task's name (the program's, as a process's threads have by default). */
    TASK("task", "      TASK NAME", 15),
    /** The module the function is in (a static program is one module). */
    MODULE("module", "     MODULE NAME", 16);

    final String key;
    final String header;
    final int width;

    UftraceFields(String key, String header, int width) {
        this.key = key;
        this.header = header;
        this.width = width;
    }

    public String key() {
        return key;
    }

    /** uftrace's default: duration and tid (with elapsed first when a time range is given). */
    public static List<UftraceFields> defaults(boolean timeRange) {
        return timeRange ? List.of(ELAPSED, DURATION, TID) : List.of(DURATION, TID);
    }

    /**
     * Parses uftrace's {@code -f} value: fields separated by commas, {@code +field,...} to add to
     * the defaults, {@code all}, or {@code none} alone.
     *
     * @throws IllegalArgumentException for an unknown field
     */
    public static List<UftraceFields> parse(String text, boolean timeRange) {
        Set<UftraceFields> fields = EnumSet.noneOf(UftraceFields.class);
        String list = text.trim();
        if (list.equals("none")) {
            return List.of();
        }
        if (list.startsWith("+")) {
            fields.addAll(defaults(timeRange));
            list = list.substring(1);
        }
        for (String name : list.split(",")) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            if (key.equals("all")) {
                return List.of(values());
            }
            fields.add(byKey(key));
        }
        return List.copyOf(fields);
    }

    private static UftraceFields byKey(String key) {
        List<String> keys = new ArrayList<>();
        for (UftraceFields f : values()) {
            if (f.key.equals(key)) {
                return f;
            }
            keys.add(f.key);
        }
        throw new IllegalArgumentException("field '" + key + "': unknown (fields: " + String.join(", ", keys)
                + ", all, none)");
    }
}
