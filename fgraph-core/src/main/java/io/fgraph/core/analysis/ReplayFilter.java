package io.fgraph.core.analysis;

import io.fgraph.core.FunctionFilter;
import io.fgraph.core.trace.TraceEvent;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The record-time filters, applied when reading a trace: a {@link CallListener} that passes on
 * only the calls it keeps, streaming.
 * <ul>
 *   <li>{@code -F GLOB}: calls below a matching function, itself included; depths are rebased so
 *       the outermost match is at depth 0.</li>
 *   <li>{@code -N GLOB}: drops matching calls and everything they call.</li>
 *   <li>{@code -D N}: calls shown at depth below N.</li>
 *   <li>{@code -t NS}: calls that took at least NS. An entry is held back until its call is known
 *       to qualify: when it returns, or when a callee qualifies (a caller lasts at least as long as
 *       its callees). Memory: one held entry per open call.</li>
 *   <li>tasks: only these tasks (empty: all).</li>
 *   <li>time range: calls whose entry (or, without an entry, return) lies in [from, to].</li>
 * </ul>
 * Lost events and shadow-stack overruns of the selected tasks always pass: they are never
 * silently dropped.
 */
public final class ReplayFilter implements CallListener {
    private static final int HIDDEN = 1;
    private static final int GRAPH = 2;
    private static final int NOTRACE = 4;
    private static final int HELD = 8;

    private final CallListener next;
    private final LongFunction<String> names;
    private final FunctionFilter graphFunctions;
    private final FunctionFilter notrace;
    private final int maxDepth;
    private final long thresholdNs;
    private final Set<Integer> tasks;
    private final long from;
    private final long to;
    private final Int2ObjectHashMap<TaskState> states = new Int2ObjectHashMap<>();

    private static final class TaskState {
        int[] marks = new int[64];
        Call[] calls = new Call[64];
        int size;
        int inGraph;
        int inNotrace;
        int baseDepth;

        void push(Call call, int mark) {
            if (size == marks.length) {
                marks = Arrays.copyOf(marks, size * 2);
                calls = Arrays.copyOf(calls, size * 2);
            }
            calls[size] = call;
            marks[size++] = mark;
        }
    }

    /**
     * @param graphFunctions {@code -F} globs (empty: everywhere)
     * @param notrace        {@code -N} globs
     * @param maxDepth       0 = no limit
     * @param thresholdNs    0 = every call
     * @param tasks          empty = every task
     * @param from           first time kept (ns)
     * @param to             last time kept (ns), {@code Long.MAX_VALUE} for no limit
     */
    public ReplayFilter(CallListener next, LongFunction<String> names, List<String> graphFunctions,
                        List<String> notrace, int maxDepth, long thresholdNs, Set<Integer> tasks, long from, long to) {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth=" + maxDepth + ": must be >= 0 (0 = no limit)");
        }
        if (thresholdNs < 0) {
            throw new IllegalArgumentException("thresholdNs=" + thresholdNs + ": must be >= 0");
        }
        if (from > to) {
            throw new IllegalArgumentException("from=" + from + " > to=" + to + ": empty time range");
        }
        this.next = next;
        this.names = names;
        this.graphFunctions = graphFunctions.isEmpty() ? null : FunctionFilter.of(graphFunctions, List.of());
        this.notrace = notrace.isEmpty() ? null : FunctionFilter.of(notrace, List.of());
        this.maxDepth = maxDepth;
        this.thresholdNs = thresholdNs;
        this.tasks = Set.copyOf(tasks);
        this.from = from;
        this.to = to;
    }

    /** Whether this filter keeps everything (it can then be left out). */
    public boolean passesAll() {
        return graphFunctions == null && notrace == null && maxDepth == 0 && thresholdNs == 0 && tasks.isEmpty()
                && from == Long.MIN_VALUE && to == Long.MAX_VALUE;
    }

    private boolean taskSelected(int task) {
        return tasks.isEmpty() || tasks.contains(task);
    }

    private TaskState state(int task) {
        TaskState s = states.get(task);
        if (s == null) {
            s = new TaskState();
            states.put(task, s);
        }
        return s;
    }

    @Override
    public void entry(Call call) {
        TaskState s = state(call.task);
        s.push(call, decide(s, call, call.entryTime));
        int mark = s.marks[s.size - 1];
        if ((mark & HIDDEN) == 0 && (mark & HELD) == 0) {
            next.entry(call);
        }
    }

    /** Marks for a call about to be shown or not; updates the graph/notrace counters for entries. */
    private int decide(TaskState s, Call call, long time) {
        if (!taskSelected(call.task) || s.inNotrace > 0) {
            return HIDDEN;
        }
        String name = null;
        if (notrace != null) {
            name = names.apply(call.function);
            if (notrace.accepts(name)) {
                if (call.hasEntry()) {
                    s.inNotrace++;
                }
                return HIDDEN | NOTRACE;
            }
        }
        int mark = 0;
        if (graphFunctions != null) {
            if (s.inGraph == 0) {
                if (name == null) {
                    name = names.apply(call.function);
                }
                if (!graphFunctions.accepts(name)) {
                    return HIDDEN;
                }
                s.baseDepth = call.recordedDepth;
            }
            if (call.hasEntry()) {
                s.inGraph++;
                mark = GRAPH;
            }
            call.depth = call.recordedDepth - s.baseDepth;
        }
        if (time < from || time > to || (maxDepth > 0 && call.depth >= maxDepth)) {
            return mark | HIDDEN;
        }
        return thresholdNs > 0 ? mark | HELD : mark;
    }

    @Override
    public void exit(Call call) {
        TaskState s = state(call.task);
        if (!call.hasEntry()) {
            int mark = decide(s, call, call.exitTime);
            if ((mark & HIDDEN) == 0 && call.duration() >= thresholdNs) {
                releaseHeld(s, s.size);
                next.exit(call);
            }
            return;
        }
        int i = s.size - 1;
        int mark = s.marks[i];
        if ((mark & NOTRACE) != 0) {
            s.inNotrace--;
        }
        if ((mark & GRAPH) != 0) {
            s.inGraph--;
        }
        if ((mark & HIDDEN) == 0) {
            if ((mark & HELD) == 0) {
                next.exit(call);
            } else if (call.duration() >= thresholdNs) {
                releaseHeld(s, i + 1);
                next.exit(call);
            }
        }
        s.calls[i] = null;
        s.size--;
    }

    /** Passes on the held entries of the open calls below {@code limit}, outermost first. */
    private void releaseHeld(TaskState s, int limit) {
        for (int i = 0; i < limit; i++) {
            if ((s.marks[i] & HELD) != 0) {
                s.marks[i] &= ~HELD;
                next.entry(s.calls[i]);
            }
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
