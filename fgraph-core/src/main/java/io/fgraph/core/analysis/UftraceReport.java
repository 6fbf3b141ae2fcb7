package io.fgraph.core.analysis;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * uftrace's {@code report} layouts: the function table with uftrace's columns
 * ({@link ReportField}), the task summary ({@code --task}) and the difference between two traces
 * ({@code --diff}), with uftrace's headers, widths and time units. Calls that did not simply
 * return are counted after the function's name, as in fgraph's own table.
 * <pre>
 *   Total time   Self time       Calls  Function
 *   ==========  ==========  ==========  ====================
 *     2.003 ms    0.131 us           1  main
 * </pre>
 */
public final class UftraceReport {
    private UftraceReport() {
    }

    /** The function table. */
    public static void functions(PrintStream out, List<FunctionStatistics> sorted, List<ReportField> fields) {
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (ReportField f : fields) {
            header.append(String.format(Locale.ROOT, "  %10s", f.header));
            rule.append("  ==========");
        }
        out.println(header + "  Function");
        out.println(rule + "  ====================");
        for (FunctionStatistics s : sorted) {
            StringBuilder line = new StringBuilder();
            for (ReportField f : fields) {
                line.append("  ").append(f.time ? timeUnit(f.value(s)) : String.format(Locale.ROOT, "%10d", f.value(s)));
            }
            out.println(line + "  " + s.name() + FunctionReport.notes(s));
        }
    }

    /** The task summary: time from first to last event, self time (no task is ever switched out), calls. */
    public static void tasks(PrintStream out, SortedMap<Integer, FunctionReport.TaskTotals> tasks, String taskName) {
        out.println("  Total time   Self time     TID   Num funcs  Task name");
        out.println("  ==========  ==========  ======  ==========  ====================");
        List<Map.Entry<Integer, FunctionReport.TaskTotals>> list = new ArrayList<>(tasks.entrySet());
        list.sort(Comparator.comparingLong((Map.Entry<Integer, FunctionReport.TaskTotals> e) -> e.getValue().totalNs())
                .reversed().thenComparing(Map.Entry::getKey));
        for (var e : list) {
            long total = e.getValue().totalNs();
            out.printf(Locale.ROOT, "  %s  %s  %6d  %10d  %-16s%n", timeUnit(total), timeUnit(total), e.getKey(),
                    e.getValue().calls(), taskName);
        }
    }

    /** How {@link #diff} sorts and shows (uftrace's {@code --diff-policy}). */
    public record DiffPolicy(boolean absolute, boolean percent, boolean full) {
        public static final DiffPolicy DEFAULT = new DiffPolicy(true, false, false);

        /** Parses {@code abs}, {@code no-abs}, {@code percent}, {@code no-percent}, {@code full}, {@code compact}, comma-separated. */
        public static DiffPolicy parse(String text) {
            DiffPolicy p = DEFAULT;
            for (String part : text.split(",")) {
                switch (part.trim()) {
                    case "abs" -> p = new DiffPolicy(true, p.percent, p.full);
                    case "no-abs" -> p = new DiffPolicy(false, p.percent, p.full);
                    case "percent" -> p = new DiffPolicy(p.absolute, true, p.full);
                    case "no-percent" -> p = new DiffPolicy(p.absolute, false, p.full);
                    case "full" -> p = new DiffPolicy(p.absolute, p.percent, true);
                    case "compact" -> p = new DiffPolicy(p.absolute, p.percent, false);
                    default -> throw new IllegalArgumentException("diff policy '" + part.trim()
                            + "': unknown (abs, no-abs, percent, no-percent, full, compact)");
                }
            }
            return p;
        }
    }

    /**
     * The difference {@code diff - base} per function (matched by name; a function missing on one
     * side counts zero there), sorted by the difference of the first field, largest first
     * (absolute values by default).
     *
     * @param baseLabel {@code base: DIR (from ...)}'s text after "base: ", likewise {@code diffLabel}
     */
    public static void diff(PrintStream out, List<FunctionStatistics> base, List<FunctionStatistics> diff,
                            List<ReportField> fields, DiffPolicy policy, String baseLabel, String diffLabel) {
        Map<String, FunctionStatistics[]> pairs = new LinkedHashMap<>();
        for (FunctionStatistics s : base) {
            pairs.computeIfAbsent(s.name(), k -> new FunctionStatistics[2])[0] = s;
        }
        for (FunctionStatistics s : diff) {
            pairs.computeIfAbsent(s.name(), k -> new FunctionStatistics[2])[1] = s;
        }
        out.println("#");
        out.println("# uftrace diff");
        out.println("#  [0] base: " + baseLabel);
        out.println("#  [1] diff: " + diffLabel);
        out.println("#");
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (ReportField f : fields) {
            if (policy.full) {
                header.append(String.format(Locale.ROOT, "   %32s", f.header + " (diff)"));
                rule.append("   ================================");
            } else {
                header.append(String.format(Locale.ROOT, "   %11s", f.header));
                rule.append("   ===========");
            }
        }
        out.println(header + "   Function");
        out.println(rule + "   ====================");
        List<Map.Entry<String, FunctionStatistics[]>> rows = new ArrayList<>(pairs.entrySet());
        if (!fields.isEmpty()) {
            ReportField key = fields.get(0);
            Comparator<Map.Entry<String, FunctionStatistics[]>> order = Comparator.comparingLong(e -> {
                long d = value(e.getValue()[1], key) - value(e.getValue()[0], key);
                return policy.absolute ? Math.abs(d) : d;
            });
            rows.sort(order.reversed().thenComparing(Map.Entry::getKey));
        }
        for (var row : rows) {
            StringBuilder line = new StringBuilder();
            for (ReportField f : fields) {
                long a = value(row.getValue()[0], f);
                long b = value(row.getValue()[1], f);
                if (policy.full) {
                    line.append("   ").append(f.time ? timeUnit(a) + "  " + timeUnit(b)
                            : String.format(Locale.ROOT, "%10d  %10d", a, b));
                    line.append(policy.percent ? String.format(Locale.ROOT, "  %8s", percent(a, b)) : " " + diffValue(f, a, b));
                } else {
                    line.append("   ").append(policy.percent ? String.format(Locale.ROOT, "%11s", percent(a, b)) : diffValue(f, a, b));
                }
            }
            out.println(line + "   " + row.getKey());
        }
    }

    private static long value(FunctionStatistics s, ReportField f) {
        return s == null ? 0 : f.value(s);
    }

    private static String diffValue(ReportField f, long base, long pair) {
        if (!f.time) {
            return pair == base ? String.format(Locale.ROOT, "%11s", "+0") : String.format(Locale.ROOT, "%+11d", pair - base);
        }
        if (pair == base) {
            return String.format(Locale.ROOT, "%11s", "0 us");
        }
        String t = timeUnit(Math.abs(pair - base)).trim();
        return String.format(Locale.ROOT, "%11s", (pair > base ? "+" : "-") + t);
    }

    private static String percent(long base, long pair) {
        if (base == 0 || pair == 0) {
            return "N/A";
        }
        double p = Math.max(-999.99, Math.min(999.99, 100.0 * (pair - base) / base));
        return String.format(Locale.ROOT, "%+7.2f%%", p);
    }

    private static String timeUnit(long ns) {
        return Durations.uftraceColumn(ns);
    }
}
