package io.fgraph.core.analysis;

import io.fgraph.core.FunctionFilter;
import io.fgraph.core.FunctionSet;
import io.fgraph.core.trace.TraceEvent;
import io.fgraph.core.tracer.GraphScope;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The record-time filters, applied when reading a trace: a {@link CallListener} that passes on
 * only the calls it keeps, streaming. {@code -F}, {@code -N}, {@code -D} and {@code -t} are decided
 * by {@link GraphScope}, the state machine the live tracer runs too (see there for their meaning:
 * uftrace's); shown depths count from the outermost {@code -F} match. Besides:
 * <ul>
 *   <li>tasks: only these tasks (empty: all).</li>
 *   <li>time range: calls whose entry (or, without an entry, return) lies in [from, to].</li>
 * </ul>
 * Lost events and shadow-stack overruns of the selected tasks always pass: they are never
 * silently dropped. Memory: one mark and one held call per open call.
 */
public final class ReplayFilter implements CallListener {
    private final CallListener next;
    private final GraphScope scope;
    private final Set<Integer> tasks;
    private final long from;
    private final long to;
    private final long thresholdNs;
    private final Int2ObjectHashMap<TaskState> states = new Int2ObjectHashMap<>();

    private static final class TaskState {
        final GraphScope.Task graph;
        Call[] calls = new Call[64];

        TaskState(GraphScope.Task graph) {
            this.graph = graph;
        }

        void remember(int index, Call call) {
            if (index >= calls.length) {
                calls = Arrays.copyOf(calls, Math.max(index + 1, calls.length * 2));
            }
            calls[index] = call;
        }
    }

    /**
     * @param aliases        every name of a function address (for glob matching)
     * @param graphFunctions {@code -F} globs (empty: everywhere)
     * @param notrace        {@code -N} globs
     * @param maxDepth       0 = no limit
     * @param thresholdNs    0 = every call
     * @param tasks          empty = every task
     * @param from           first time kept (ns)
     * @param to             last time kept (ns), {@code Long.MAX_VALUE} for no limit
     */
    public ReplayFilter(CallListener next, LongFunction<List<String>> aliases, List<String> graphFunctions,
                        List<String> notrace, int maxDepth, long thresholdNs, Set<Integer> tasks, long from, long to) {
        if (from > to) {
            throw new IllegalArgumentException("from=" + from + " > to=" + to + ": empty time range");
        }
        this.next = next;
        this.scope = new GraphScope(
                graphFunctions.isEmpty() ? null : FunctionSet.memoized(FunctionFilter.of(graphFunctions, List.of()), aliases),
                notrace.isEmpty() ? null : FunctionSet.memoized(FunctionFilter.of(notrace, List.of()), aliases),
                maxDepth, thresholdNs);
        this.thresholdNs = thresholdNs;
        this.tasks = Set.copyOf(tasks);
        this.from = from;
        this.to = to;
    }

    /** Whether this filter keeps everything (it can then be left out). */
    public boolean passesAll() {
        return scope.passesAll() && tasks.isEmpty() && from == Long.MIN_VALUE && to == Long.MAX_VALUE;
    }

    private boolean taskSelected(int task) {
        return tasks.isEmpty() || tasks.contains(task);
    }

    private TaskState state(int task) {
        TaskState s = states.get(task);
        if (s == null) {
            s = new TaskState(scope.task());
            states.put(task, s);
        }
        return s;
    }

    @Override
    public void entry(Call call) {
        TaskState s = state(call.task);
        int index = s.graph.size();
        boolean hidden = !taskSelected(call.task) || call.entryTime < from || call.entryTime > to;
        int mark = s.graph.enter(call.function, call.recordedDepth, hidden);
        call.depth = s.graph.shownDepth();
        s.remember(index, call);
        if ((mark & (GraphScope.HIDDEN | GraphScope.HELD)) == 0) {
            next.entry(call);
        }
    }

    @Override
    public void exit(Call call) {
        TaskState s = state(call.task);
        if (!call.hasEntry()) {
            boolean hidden = !taskSelected(call.task) || call.exitTime < from || call.exitTime > to;
            int mark = s.graph.markWithoutEntry(call.function, call.recordedDepth, hidden);
            call.depth = s.graph.shownDepth();
            if ((mark & GraphScope.HIDDEN) == 0 && call.duration() >= thresholdNs) {
                s.graph.releaseAll(i -> next.entry(s.calls[i]));
                next.exit(call);
            }
            return;
        }
        int index = s.graph.size() - 1;
        int mark = s.graph.exit(call.duration(), i -> next.entry(s.calls[i]));
        s.calls[index] = null;
        if ((mark & GraphScope.HIDDEN) == 0) {
            next.exit(call);
        }
    }

    @Override
    public void lost(int task, int cpu, long time, long count) {
        if (taskSelected(task)) {
            next.lost(task, cpu, time, count);
        }
    }

    @Override
    public void overrun(int task, int cpu, long time, long overrun) {
        if (taskSelected(task)) {
            next.overrun(task, cpu, time, overrun);
        }
    }

    @Override
    public void other(TraceEvent event) {
        if (taskSelected(event.task()) && event.time() >= from && event.time() <= to) {
            next.other(event);
        }
    }

    @Override
    public void end() {
        next.end();
    }
}
