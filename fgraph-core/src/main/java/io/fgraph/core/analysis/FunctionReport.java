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
import java.util.function.LongUnaryOperator;

/**
 * Per function: total time, self time, calls, avg/min/max/p50/p99 (HdrHistogram), for all tasks
 * together or per task. Memory is bounded by the number of functions (times tasks), not events.
 * Total time counts a recursive function once per outermost call, as uftrace's report does.
 */
public final class FunctionReport implements CallListener {
    private static final int ALL_TASKS = Integer.MIN_VALUE;

    private final LongFunction<String> names;
    private final LongUnaryOperator sizes;
    private final boolean perTask;
    private final SortedMap<Integer, TaskTotals> taskTotals = new TreeMap<>();

    /**
     * What uftrace's {@code report --task} shows of one task: the time from its first to its last
     * event seen, and its calls.
     */
    public static final class TaskTotals {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long calls;

        public long totalNs() {
            return calls == 0 ? 0 : last - first;
        }

        public long calls() {
            return calls;
        }
    }
    private final Int2ObjectHashMap<Long2ObjectHashMap<FunctionStatistics>> byTask = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<Long2LongHashMap> active = new Int2ObjectHashMap<>();
    private final SortedMap<Integer, long[]> problems = new TreeMap<>();
    private static final int LOST = 0;
    private static final int OVERRUN = 1;

    public FunctionReport(LongFunction<String> names, boolean perTask) {
        this(names, address -> 0, perTask);
    }

    /** @param sizes each function's size in bytes (uftrace's {@code size} column) */
    public FunctionReport(LongFunction<String> names, LongUnaryOperator sizes, boolean perTask) {
        this.names = names;
        this.sizes = sizes;
        this.perTask = perTask;
    }

    /** Per task, its time span and calls (uftrace's {@code report --task}). */
    public SortedMap<Integer, TaskTotals> taskTotals() {
        return taskTotals;
    }

    private void seen(int task, long from, long to) {
        TaskTotals t = taskTotals.computeIfAbsent(task, k -> new TaskTotals());
        t.first = Math.min(t.first, from);
        t.last = Math.max(t.last, to);
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
        seen(call.task, call.entryTime, call.entryTime);
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
            stats = new FunctionStatistics(call.function, names.apply(call.function)).size(sizes.applyAsLong(call.function));
            functions.put(call.function, stats);
        }
        seen(call.task, call.entryTime, call.exitTime);
        taskTotals.get(call.task).calls++;
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

    /** The statistics sorted by {@code order} ({@link ReportField#sort}). */
    public SortedMap<Integer, List<FunctionStatistics>> statistics(Comparator<FunctionStatistics> order) {
        SortedMap<Integer, List<FunctionStatistics>> result = new TreeMap<>();
        byTask.forEach((task, functions) -> {
            List<FunctionStatistics> list = new ArrayList<>(functions.values());
            list.sort(order);
            result.put(task, list);
        });
        return result;
    }

    /** Every function's statistics, all tasks together, unsorted. */
    public List<FunctionStatistics> merged() {
        Long2ObjectHashMap<FunctionStatistics> all = new Long2ObjectHashMap<>();
        byTask.forEach((task, functions) -> functions.forEach((address, stats) -> {
            FunctionStatistics sum = all.get(address);
            if (sum == null) {
                all.put(address, sum = new FunctionStatistics(address, stats.name()).size(stats.size()));
            }
            sum.merge(stats);
        }));
        return new ArrayList<>(all.values());
    }

    /** Lost events and overruns after a table, as {@link #print} writes them. */
    public void printProblems(PrintStream out) {
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

    /** Prints the table (one per task when per task), then lost events, overruns and unusual ends. */
    public void print(PrintStream out, Comparator<FunctionStatistics> key) {
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
        printProblems(out);
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

    /** {@code " (2 unwound, 1 still running)"}: the calls that did not simply return, or "". */
    static String notes(FunctionStatistics s) {
        StringBuilder notes = new StringBuilder();
        for (CallEnd end : CallEnd.values()) {
            if (end != CallEnd.RETURNED && s.ended(end) > 0) {
                notes.append(notes.length() == 0 ? " (" : ", ").append(s.ended(end)).append(' ').append(end.note());
            }
        }
        return notes.length() == 0 ? "" : notes.append(')').toString();
    }
}
