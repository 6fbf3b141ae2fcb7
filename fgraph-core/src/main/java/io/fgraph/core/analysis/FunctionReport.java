package io.fgraph.core.analysis;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Per function: total time, self time, calls, avg/min/max/p50/p99 (HdrHistogram), for all tasks
 * together or per task. Memory is bounded by the number of functions (times tasks), not events.
 * Total time counts a recursive function once per outermost call, as uftrace's report does.
 */
public final class FunctionReport implements CallListener {
    /** Sort orders of {@link #print}: all descending, ties by name. */
    public enum SortKey {
        TOTAL(Comparator.comparingLong(FunctionStatistics::totalNs)),
        SELF(Comparator.comparingLong(FunctionStatistics::selfNs)),
        CALLS(Comparator.comparingLong(FunctionStatistics::calls)),
        AVG(Comparator.comparingLong(FunctionStatistics::averageNs)),
        MAX(Comparator.comparingLong(FunctionStatistics::maxNs));

        final Comparator<FunctionStatistics> order;

        SortKey(Comparator<FunctionStatistics> ascending) {
            this.order = ascending.reversed().thenComparing(FunctionStatistics::name);
        }

        /** Parses {@code total|self|calls|avg|max}. */
        public static SortKey parse(String text) {
            for (SortKey k : values()) {
                if (k.name().equalsIgnoreCase(text)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("sort key '" + text + "': must be total, self, calls, avg or max");
        }
    }

    private static final int ALL_TASKS = Integer.MIN_VALUE;

    private final LongFunction<String> names;
    private final boolean perTask;
    private final Int2ObjectHashMap<Long2ObjectHashMap<FunctionStatistics>> byTask = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<Long2LongHashMap> active = new Int2ObjectHashMap<>();
    private final SortedMap<Integer, long[]> problems = new TreeMap<>();
    private static final int LOST = 0;
    private static final int OVERRUN = 1;

    public FunctionReport(LongFunction<String> names, boolean perTask) {
        this.names = names;
        this.perTask = perTask;
    }

    private Long2LongHashMap active(int task) {
        Long2LongHashMap map = active.get(task);
        if (map == null) {
            map = new Long2LongHashMap(-1);
            active.put(task, map);
        }
        return map;
    }

    @Override
    public void entry(Call call) {
        Long2LongHashMap map = active(call.task);
        map.put(call.function, Math.max(0, map.get(call.function)) + 1);
    }

    @Override
    public void exit(Call call) {
        boolean outermost = true;
        if (call.hasEntry()) {
            Long2LongHashMap map = active(call.task);
            long depth = map.get(call.function) - 1;
            if (depth <= 0) {
                map.remove(call.function);
            } else {
                map.put(call.function, depth);
            }
            outermost = depth <= 0;
        }
        int key = perTask ? call.task : ALL_TASKS;
        Long2ObjectHashMap<FunctionStatistics> functions = byTask.get(key);
        if (functions == null) {
            functions = new Long2ObjectHashMap<>();
            byTask.put(key, functions);
        }
        FunctionStatistics stats = functions.get(call.function);
        if (stats == null) {
            stats = new FunctionStatistics(call.function, names.apply(call.function));
            functions.put(call.function, stats);
        }
        stats.add(call.duration(), call.selfTime(), outermost, call.end);
    }

    @Override
    public void lost(int task, int cpu, long time, long count) {
        problems.computeIfAbsent(task, t -> new long[2])[LOST] += count;
    }

    @Override
    public void overrun(int task, int cpu, long time, long overrun) {
        long[] p = problems.computeIfAbsent(task, t -> new long[2]);
        p[OVERRUN] = Math.max(p[OVERRUN], overrun);
    }

    /** The statistics, per task id ({@link Integer#MIN_VALUE} for all tasks together unless per task), sorted. */
    public SortedMap<Integer, List<FunctionStatistics>> statistics(SortKey key) {
        SortedMap<Integer, List<FunctionStatistics>> result = new TreeMap<>();
        byTask.forEach((task, functions) -> {
            List<FunctionStatistics> list = new ArrayList<>(functions.values());
            list.sort(key.order);
            result.put(task, list);
        });
        return result;
    }

    /** Prints the table (one per task when per task), then lost events, overruns and unusual ends. */
    public void print(PrintStream out, SortKey key) {
        SortedMap<Integer, List<FunctionStatistics>> all = statistics(key);
        boolean first = true;
        for (var entry : all.entrySet()) {
            if (!first) {
                out.println();
            }
            first = false;
            if (entry.getKey() != ALL_TASKS) {
                out.println("# task " + entry.getKey());
            }
            table(out, entry.getValue());
        }
        if (all.isEmpty()) {
            table(out, List.of());
        }
        for (var p : problems.entrySet()) {
            if (p.getValue()[LOST] > 0) {
                out.println("# task " + p.getKey() + ": " + p.getValue()[LOST] + " events lost");
            }
            if (p.getValue()[OVERRUN] > 0) {
                out.println("# task " + p.getKey() + ": " + p.getValue()[OVERRUN]
                        + " calls not traced (shadow stack overrun)");
            }
        }
    }

    private static void table(PrintStream out, List<FunctionStatistics> list) {
        out.printf(Locale.ROOT, "%12s %12s %9s %10s %10s %10s %10s %10s  %s%n",
                "Total(us)", "Self(us)", "Calls", "Avg(us)", "Min(us)", "Max(us)", "p50(us)", "p99(us)", "Function");
        out.printf(Locale.ROOT, "%12s %12s %9s %10s %10s %10s %10s %10s  %s%n",
                "==========", "==========", "=====", "=======", "=======", "=======", "=======", "=======", "========");
        for (FunctionStatistics s : list) {
            out.printf(Locale.ROOT, "%12s %12s %9d %10s %10s %10s %10s %10s  %s%s%n",
                    Durations.micros(s.totalNs()), Durations.micros(s.selfNs()), s.calls(),
                    Durations.micros(s.averageNs()), Durations.micros(s.minNs()), Durations.micros(s.maxNs()),
                    Durations.micros(s.percentileNs(50)), Durations.micros(s.percentileNs(99)), s.name(), notes(s));
        }
    }

    private static String notes(FunctionStatistics s) {
        StringBuilder notes = new StringBuilder();
        for (CallEnd end : CallEnd.values()) {
            if (end != CallEnd.RETURNED && s.ended(end) > 0) {
                notes.append(notes.length() == 0 ? " (" : ", ").append(s.ended(end)).append(' ').append(end.note());
            }
        }
        return notes.length() == 0 ? "" : notes.append(')').toString();
    }
}
