package io.fgraph.core.tracer;

import io.fgraph.core.CallContext;
import io.fgraph.core.DataBlock;
import io.fgraph.core.FgraphOps;
import io.fgraph.core.FunctionFilter;

import org.agrona.collections.Long2ObjectHashMap;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The function profiler: per function, calls, total time, self time, min, max and a latency
 * histogram. Self time needs the time spent in callees: each call reserves 8 bytes in its shadow
 * stack frame, and a returning callee adds its duration to its caller's block through
 * {@link CallContext#retrieveParentData(int)}.
 */
public final class FunctionProfiler implements FgraphOps {
    private static final int CHILD_TIME = 0;

    private final FunctionFilter filter;
    private final TaskStates<Long2ObjectHashMap<FunctionStats>> tasks = new TaskStates<>(task -> new Long2ObjectHashMap<>());
    private final List<Long2ObjectHashMap<FunctionStats>> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.function.LongFunction<String> names;

    /** @param names the symbolizer for entry addresses */
    public FunctionProfiler(FunctionFilter filter, java.util.function.LongFunction<String> names) {
        this.filter = filter;
        this.names = names;
    }

    @Override
    public FunctionFilter filter() {
        return filter;
    }

    @Override
    public String name() {
        return "function_profile";
    }

    @Override
    public boolean onEntry(CallContext call) {
        return call.reserveData(8) != null;
    }

    @Override
    public void onReturn(CallContext call) {
        long duration = call.time() - call.entryTime();
        DataBlock own = call.retrieveData();
        long childTime = own == null ? 0 : own.getLong(CHILD_TIME);
        DataBlock parent = call.retrieveParentData(1);
        if (parent != null) {
            parent.putLong(CHILD_TIME, parent.getLong(CHILD_TIME) + duration);
        }
        Long2ObjectHashMap<FunctionStats> stats = statsOf(call.task());
        FunctionStats function = stats.get(call.function());
        if (function == null) {
            function = new FunctionStats(names.apply(call.function()));
            stats.put(call.function(), function);
        }
        function.add(duration, duration - childTime, call.unwound());
    }

    private Long2ObjectHashMap<FunctionStats> statsOf(int task) {
        Long2ObjectHashMap<FunctionStats> stats = tasks.of(task);
        if (stats.isEmpty() && !all.contains(stats)) {
            all.add(stats);
        }
        return stats;
    }

    /** Per function, summed over tasks, sorted by total time (call after the run). */
    public List<FunctionStats> results() {
        Map<String, FunctionStats> merged = new HashMap<>();
        for (Long2ObjectHashMap<FunctionStats> task : all) {
            for (FunctionStats stats : task.values()) {
                merged.computeIfAbsent(stats.name(), FunctionStats::new).merge(stats);
            }
        }
        List<FunctionStats> list = new ArrayList<>(merged.values());
        list.sort(Comparator.comparingLong(FunctionStats::totalNs).reversed().thenComparing(FunctionStats::name));
        return list;
    }

    /** Prints the results as a table, times in microseconds. */
    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "%12s %12s %10s %10s %10s %10s %10s  %s%n",
                "total(us)", "self(us)", "calls", "avg(us)", "min(us)", "max(us)", "p99(us)", "function");
        for (FunctionStats s : results()) {
            out.printf(Locale.ROOT, "%12.3f %12.3f %10d %10.3f %10.3f %10.3f %10.3f  %s%s%n",
                    s.totalNs() / 1e3, s.selfNs() / 1e3, s.calls(), s.averageNs() / 1e3, s.minNs() / 1e3,
                    s.maxNs() / 1e3, s.percentileNs(99) / 1e3, s.name(),
                    s.unwound() > 0 ? " (" + s.unwound() + " unwound)" : "");
        }
    }
}
