package io.fgraph.core.analysis;

import io.fgraph.core.trace.TraceEvent;
import io.fgraph.core.tracer.GraphScope;
import io.fgraph.core.tracer.GraphSelection;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * The record-time filters, applied when reading a trace: a {@link CallListener} that passes on
 * only the calls it keeps, streaming. uftrace's filters, triggers, depth, time filter and library
 * mode ({@link GraphSelection}) are decided by {@link GraphScope}, the state machine the live
 * tracer runs too (see there for their meaning); shown depths count the shown calls around a call.
 * Besides:
 * <ul>
 *   <li>tasks: only these tasks (empty: all).</li>
 *   <li>time range: calls whose entry (or, without an entry, return) lies in [from, to]; the
 *       calls around them keep their place (their depth), as uftrace shows a time range.</li>
 * </ul>
 * A call with the {@code backtrace} action is preceded by {@link CallListener#backtrace}. Lost
 * events and shadow-stack overruns of the selected tasks always pass: they are never silently
 * dropped. Memory: one mark and one held call per open call.
 */
public final class ReplayFilter implements CallListener {
    private final CallListener next;
    private final GraphScope scope;
    private final Set<Integer> tasks;
    private final long from;
    private final long to;
    private final Int2ObjectHashMap<TaskState> states = new Int2ObjectHashMap<>();

    private static final class TaskState {
        final GraphScope.Task graph;
        Call[] calls = new Call[64];
        boolean[] backtraces = new boolean[64];

        TaskState(GraphScope.Task graph) {
            this.graph = graph;
        }

        void remember(int index, Call call, boolean backtrace) {
            if (index >= calls.length) {
                int n = Math.max(index + 1, calls.length * 2);
                calls = Arrays.copyOf(calls, n);
                backtraces = Arrays.copyOf(backtraces, n);
            }
            calls[index] = call;
            backtraces[index] = backtrace;
        }
    }

    /**
     * @param aliases   every name of a function address (for pattern matching)
     * @param selection the filters
     * @param own       the program's own functions (for the library mode), or null: all are
     * @param tasks     empty = every task
     * @param from      first time kept (ns)
     * @param to        last time kept (ns), {@code Long.MAX_VALUE} for no limit
     */
    public ReplayFilter(CallListener next, LongFunction<List<String>> aliases, GraphSelection selection,
                        LongPredicate own, Set<Integer> tasks, long from, long to) {
        if (from > to) {
            throw new IllegalArgumentException("from=" + from + " > to=" + to + ": empty time range");
        }
        this.next = next;
        this.scope = new GraphScope(selection, selection.actions(aliases), own, true);
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

    private void release(TaskState s, int index) {
        Call call = s.calls[index];
        if (s.backtraces[index]) {
            next.backtrace(call);
        }
        next.entry(call);
    }

    @Override
    public void entry(Call call) {
        TaskState s = state(call.task);
        int index = s.graph.size();
        boolean suppressed = !taskSelected(call.task) || call.entryTime < from || call.entryTime > to;
        int mark = s.graph.enter(call.function, suppressed);
        call.depth = s.graph.shownDepth();
        s.remember(index, call, (mark & GraphScope.BACKTRACE) != 0);
        if ((mark & (GraphScope.HIDDEN | GraphScope.HELD)) == 0) {
            release(s, index);
        }
    }

    @Override
    public void exit(Call call) {
        TaskState s = state(call.task);
        if (!call.hasEntry()) {
            boolean suppressed = !taskSelected(call.task) || call.exitTime < from || call.exitTime > to;
            int missing = Math.max(0, call.recordedDepth - s.graph.size());
            int mark = s.graph.exitWithoutEntry(call.function, missing, suppressed, call.duration(), i -> release(s, i));
            call.depth = s.graph.shownDepth();
            if ((mark & GraphScope.HIDDEN) == 0) {
                next.exit(call);
            }
            return;
        }
        int index = s.graph.size() - 1;
        int mark = s.graph.exit(call.duration(), i -> release(s, i));
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
