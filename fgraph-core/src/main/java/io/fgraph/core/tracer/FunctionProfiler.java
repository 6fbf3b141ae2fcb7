package io.fgraph.core.tracer;

import io.fgraph.core.EntryContext;
import io.fgraph.core.ReturnContext;
import io.fgraph.core.DataBlock;
import io.fgraph.core.FgraphOps;
import io.fgraph.core.FunctionFilter;
import io.fgraph.core.analysis.CallEnd;
import io.fgraph.core.analysis.FunctionStatistics;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongFunction;

/**
 * The function profiler: per function, calls, total time, self time, min, max and a latency
 * histogram ({@link FunctionStatistics}, the same as {@code fgraph report}'s). Self time needs the
 * time spent in callees: each call reserves 8 bytes in its shadow stack frame, and a returning
 * callee adds its duration to its caller's block through {@link ReturnContext#retrieveParentData(int)}.
 * A recursive function's total counts only its outermost calls (its inner calls' time is inside).
 *
 * <p>As Linux's function profiler: with {@code sleep-time} off a call's time leaves out the time its
 * task was switched out (the task's switched-out time at entry is kept in the frame too); with
 * {@code graph-time} off a call's time is its own time only, without its callees'.
 */
public final class FunctionProfiler implements FgraphOps {
    private static final int CHILD_TIME = 0;
    private static final int SLEPT_AT_ENTRY = 8;

    private final FunctionFilter filter;
    private final LongFunction<String> names;
    private final TaskStates<TaskProfile> tasks = new TaskStates<>(task -> new TaskProfile());
    private final List<TaskProfile> all = new CopyOnWriteArrayList<>();

    /** One task's statistics, and how many calls of each function are in flight (recursion). */
    private static final class TaskProfile {
        final Long2ObjectHashMap<FunctionStatistics> functions = new Long2ObjectHashMap<>();
        final Long2LongHashMap active = new Long2LongHashMap(0);
        boolean listed;
        long slept;
        long switchedOutAt = -1;
    }

    private final boolean sleepTime;
    private final boolean graphTime;

    /** @param names the symbolizer for entry addresses */
    public FunctionProfiler(FunctionFilter filter, LongFunction<String> names) {
        this(filter, names, true, true);
    }

    /**
     * @param sleepTime count the time a task was switched out in its calls ({@code sleep-time})
     * @param graphTime count callees' time in a call's time ({@code graph-time})
     */
    public FunctionProfiler(FunctionFilter filter, LongFunction<String> names, boolean sleepTime, boolean graphTime) {
        this.filter = filter;
        this.names = names;
        this.sleepTime = sleepTime;
        this.graphTime = graphTime;
    }

    @Override
    public void onTaskSwitch(int cpu, long time, int previousTask, int nextTask) {
        if (sleepTime) {
            return;
        }
        tasks.of(previousTask).switchedOutAt = time;
        TaskProfile next = tasks.of(nextTask);
        if (next.switchedOutAt >= 0) {
            next.slept += time - next.switchedOutAt;
            next.switchedOutAt = -1;
        }
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
    public boolean onEntry(EntryContext call) {
        DataBlock data = call.reserveData(sleepTime ? 8 : 16); // zeroed; with no room fgraph does not give us this call
        TaskProfile task = profileOf(call.task());
        if (!sleepTime && data != null) {
            data.putLong(SLEPT_AT_ENTRY, task.slept);
        }
        task.active.put(call.function(), task.active.get(call.function()) + 1);
        return true;
    }

    @Override
    public void onReturn(ReturnContext call) {
        if (call.secondReturn()) {
            return; // setjmp again: its call was counted at its first return
        }
        long duration = call.time() - call.entryTime();
        DataBlock own = call.retrieveData();
        long childTime = own == null ? 0 : own.getLong(CHILD_TIME);
        if (!sleepTime) {
            duration -= profileOf(call.task()).slept - (own == null ? 0 : own.getLong(SLEPT_AT_ENTRY));
        }
        DataBlock parent = call.retrieveParentData(1);
        if (parent != null) {
            parent.putLong(CHILD_TIME, parent.getLong(CHILD_TIME) + duration);
        }
        TaskProfile task = profileOf(call.task());
        long inFlight = task.active.get(call.function()) - 1;
        if (inFlight <= 0) {
            task.active.remove(call.function());
        } else {
            task.active.put(call.function(), inFlight);
        }
        FunctionStatistics function = task.functions.get(call.function());
        if (function == null) {
            function = new FunctionStatistics(call.function(), names.apply(call.function()));
            task.functions.put(call.function(), function);
        }
        long self = duration - childTime;
        function.add(graphTime ? duration : self, self, inFlight <= 0, call.unwound() ? CallEnd.UNWOUND : CallEnd.RETURNED);
    }

    private TaskProfile profileOf(int task) {
        TaskProfile profile = tasks.of(task);
        if (!profile.listed) {
            profile.listed = true;
            all.add(profile);
        }
        return profile;
    }

    /**
     * Per function, summed over tasks, sorted by total time (call after the run). As in
     * {@code fgraph report}, a recursive function's total counts its outermost calls only.
     */
    public List<FunctionStatistics> results() {
        Map<String, FunctionStatistics> merged = new HashMap<>();
        for (TaskProfile task : all) {
            for (FunctionStatistics stats : task.functions.values()) {
                merged.computeIfAbsent(stats.name(), name -> new FunctionStatistics(stats.function(), name)).merge(stats);
            }
        }
        List<FunctionStatistics> list = new ArrayList<>(merged.values());
        list.sort(Comparator.comparingLong(FunctionStatistics::totalNs).reversed().thenComparing(FunctionStatistics::name));
        return list;
    }

    /** Prints the results as a table, times in microseconds. */
    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "%12s %12s %10s %10s %10s %10s %10s  %s%n",
                "total(us)", "self(us)", "calls", "avg(us)", "min(us)", "max(us)", "p99(us)", "function");
        for (FunctionStatistics s : results()) {
            long unwound = s.ended(CallEnd.UNWOUND);
            out.printf(Locale.ROOT, "%12.3f %12.3f %10d %10.3f %10.3f %10.3f %10.3f  %s%s%n",
                    s.totalNs() / 1e3, s.selfNs() / 1e3, s.calls(), s.averageNs() / 1e3, s.minNs() / 1e3,
                    s.maxNs() / 1e3, s.percentileNs(99) / 1e3, s.name(),
                    unwound > 0 ? " (" + unwound + " unwound)" : "");
        }
    }
}
