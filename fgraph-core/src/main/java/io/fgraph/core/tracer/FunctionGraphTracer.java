package io.fgraph.core.tracer;

import io.fgraph.core.EntryContext;
import io.fgraph.core.CallInfo;
import io.fgraph.core.ReturnContext;
import io.fgraph.core.FgraphOps;
import io.fgraph.core.FunctionFilter;
import io.fgraph.core.FunctionTable;
import io.fgraph.core.TraceableFunction;
import io.fgraph.core.event.EventSink;
import org.agrona.collections.LongHashSet;

import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * The function_graph tracer: an entry and a return event per traced call, sent to an
 * {@link EventSink}, with ftrace's and uftrace's options ({@link FunctionGraphOptions}). Which
 * calls are traced ({@code -F}, {@code -N}, {@code -C}, {@code -H}, {@code -T}, {@code -D},
 * {@code -t}, the library mode) is decided by {@link GraphScope}, the same state machine a replay
 * runs; the filters are resolved to function addresses once, at registration. With a time or
 * caller filter, entries wait in the task's state until their call qualifies, so the trace holds
 * whole calls. Depths in the events are the shown depths: hidden calls close the gap, as uftrace
 * records them.
 *
 * <p>{@code sleep-time} off ({@link FunctionGraphOptions#sleepTime()}): as Linux shifts the call
 * times of a task's frames by the time it was switched out, a task's events are stamped with its
 * own clock, which stops while the task is switched out (its time minus the time it spent switched
 * out so far, kept in 8 bytes of each frame's data at entry). Durations then leave out the time the
 * task slept or waited for a hart; times of different tasks are not on one clock any more.
 */
public final class FunctionGraphTracer implements FgraphOps {
    private final EventSink sink;
    private final FunctionGraphOptions options;
    private volatile GraphScope scope;
    /**
     * The scope's answers in O(1) when nothing is selected and no call carries arguments, values or
     * sleep-time data (see {@link PlainScope}); null: every call goes through {@link #scope}.
     */
    private volatile PlainScope plain;
    /** False only in tests that compare the two paths. */
    private final boolean plainAllowed;
    /** Each function's actions, for -A/-R (null when no function has values to record). */
    private volatile java.util.function.LongFunction<FunctionActions> valueActions;
    private final TaskStates<TaskState> tasks = new TaskStates<>(task -> new TaskState());

    /** Per task: the scope state and the entries held for the time filter, by scope stack index. */
    private final class TaskState {
        GraphScope.Task graph;
        final PlainScope.Task shown = new PlainScope.Task();
        /** {@link #release(int)}, made once (not a method reference per return). */
        final java.util.function.IntConsumer release = this::release;
        boolean started;
        int cpu;
        long[] times = new long[32];
        long[] functions = new long[32];
        int[] depths = new int[32];
        int[] cpus = new int[32];
        long[][] args = new long[32][];
        byte[][] values = new byte[32][];
        int[] valueLengths = new int[32];
        int task;
        final long[] entryArgs = new long[8];
        /** Time switched out so far (sleep-time off), and since when it is switched out (-1: running). */
        long slept;
        long switchedOutAt = -1;
        final byte[] valueBuffer = new byte[io.fgraph.core.trace.EventLayout.MAX_VALUES];
        final byte[] textBuffer = new byte[io.fgraph.core.trace.EventLayout.MAX_VALUE_TEXT];

        GraphScope.Task graph() {
            if (graph == null) {
                graph = scope.task();
            }
            return graph;
        }

        void hold(int index, EntryContext call, long time, int depth, int argCount) {
            if (index >= times.length) {
                int n = Math.max(index + 1, times.length * 2);
                times = Arrays.copyOf(times, n);
                functions = Arrays.copyOf(functions, n);
                depths = Arrays.copyOf(depths, n);
                cpus = Arrays.copyOf(cpus, n);
                args = Arrays.copyOf(args, n);
                values = Arrays.copyOf(values, n);
                valueLengths = Arrays.copyOf(valueLengths, n);
            }
            times[index] = time;
            functions[index] = call.function();
            depths[index] = depth;
            cpus[index] = call.cpu();
            if (argCount > 0) {
                if (args[index] == null) {
                    args[index] = new long[8];
                }
                for (int i = 0; i < argCount; i++) {
                    args[index][i] = call.argument(i);
                }
            }
            valueLengths[index] = 0;
            int n = captureArguments(call, this);
            if (n > 0) {
                if (values[index] == null) {
                    values[index] = new byte[io.fgraph.core.trace.EventLayout.MAX_VALUES];
                }
                System.arraycopy(valueBuffer, 0, values[index], 0, n);
                valueLengths[index] = n;
            }
        }

        void release(int index) {
            int argCount = options.args();
            sink.functionEntry(task, cpus[index], times[index], functions[index], depths[index],
                    argCount == 0 ? null : args[index], argCount);
            if (valueLengths[index] > 0) {
                sink.callValues(task, cpus[index], times[index], times[index], values[index], 0, valueLengths[index]);
            }
        }
    }

    public FunctionGraphTracer(EventSink sink, FunctionGraphOptions options) {
        this(sink, options, true);
    }

    /** {@code plainAllowed} false: every call goes through {@link GraphScope} (for the tests comparing the two). */
    FunctionGraphTracer(EventSink sink, FunctionGraphOptions options, boolean plainAllowed) {
        this.sink = sink;
        this.options = options;
        this.plainAllowed = plainAllowed;
        this.scope = GraphScope.all();
        this.plain = plainScope(GraphSelection.ALL, null);
    }

    private PlainScope plainScope(GraphSelection selection, LongPredicate own) {
        boolean simpleCalls = options.args() == 0 && options.sleepTime() && valueActions == null;
        return plainAllowed && simpleCalls ? PlainScope.of(selection, own) : null;
    }

    @Override
    public FunctionFilter filter() {
        return options.filter();
    }

    @Override
    public String name() {
        return "function_graph";
    }

    public FunctionGraphOptions options() {
        return options;
    }

    @Override
    public void onRegistered(FunctionTable functions) {
        java.util.function.LongFunction<FunctionActions> actions = options.selection().actions(functions);
        valueActions = options.selection().triggers().stream().anyMatch(t -> t.actions().has(FunctionActions.VALUES))
                ? actions : null;
        LongPredicate own = ownFunctions(functions);
        scope = new GraphScope(options.selection(), actions, own, false);
        plain = plainScope(options.selection(), own);
    }

    /**
     * The program's own functions: those with patchable entries; null (all are its own) when it
     * has none, so that a program built without them is traced whole.
     */
    static LongPredicate ownFunctions(FunctionTable functions) {
        LongHashSet own = new LongHashSet();
        for (TraceableFunction f : functions.functions()) {
            if (f.patchable()) {
                own.add(f.entry());
            }
        }
        return own.isEmpty() ? null : own::contains;
    }

    /** Encodes the call's -A values into the task's value buffer; their length (0: none). */
    private int captureArguments(EntryContext call, TaskState task) {
        java.util.function.LongFunction<FunctionActions> lookup = valueActions;
        FunctionActions a = lookup == null ? null : lookup.apply(call.function());
        if (a == null || !a.has(FunctionActions.VALUES) || a.arguments().isEmpty()) {
            return 0;
        }
        return ValueCapture.arguments(a.arguments(), call.hart(), options.hardFloat(), task.valueBuffer, task.textBuffer);
    }

    /** Sends the call's -R value, if it has a spec. */
    private void sendReturnValue(ReturnContext call, TaskState task) {
        java.util.function.LongFunction<FunctionActions> lookup = valueActions;
        FunctionActions a = lookup == null ? null : lookup.apply(call.function());
        ValueSpec spec = a == null ? null : a.returnValue();
        if (spec == null) {
            return;
        }
        int n = ValueCapture.returnValue(spec, call.hart(), options.hardFloat(), task.valueBuffer, task.textBuffer);
        if (n > 0) {
            sink.callValues(call.task(), call.cpu(), call.time(), call.entryTime(), task.valueBuffer, 0, n);
        }
    }

    private TaskState state(CallInfo call) {
        TaskState task = tasks.of(call.task());
        task.started = true;
        task.task = call.task();
        return task;
    }

    @Override
    public boolean onEntry(EntryContext call) {
        PlainScope p = plain;
        if (p != null) {
            return plainEntry(p, call);
        }
        TaskState task = state(call);
        GraphScope.Task graph = task.graph();
        int index = graph.size();
        int mark = graph.enter(call.function(), false);
        if (!graph.wantsExit(mark)) {
            graph.drop();
            return false;
        }
        if ((mark & GraphScope.HIDDEN) != 0) {
            return true; // not shown, but its return undoes what its callees saw
        }
        long time = call.time();
        if (!options.sleepTime()) {
            io.fgraph.core.DataBlock data = call.reserveData(8);
            if (data != null) {
                data.putLong(SLEPT_AT_ENTRY, task.slept);
            }
            time -= task.slept;
        }
        int argCount = options.args();
        int depth = graph.shownDepth();
        if ((mark & GraphScope.HELD) != 0) {
            task.hold(index, call, time, depth, argCount);
            return true;
        }
        if ((mark & GraphScope.FINISH) != 0) {
            graph.releaseAll(task.release);
        }
        for (int i = 0; i < argCount; i++) {
            task.entryArgs[i] = call.argument(i);
        }
        sink.functionEntry(call.task(), call.cpu(), time, call.function(), depth,
                argCount == 0 ? null : task.entryArgs, argCount);
        int n = captureArguments(call, task);
        if (n > 0) {
            sink.callValues(call.task(), call.cpu(), time, time, task.valueBuffer, 0, n);
        }
        if ((mark & GraphScope.FINISH) != 0) {
            graph.finish();
        }
        return true;
    }

    /** Offset in a frame's data of the task's switched-out time at the call's entry (sleep-time off). */
    private static final int SLEPT_AT_ENTRY = 0;

    /**
     * A stack switch (coroutines) or task switch; a new fiber starts in its creator's -F/-N scope, a
     * new thread outside any.
     */
    @Override
    public void onTaskSwitch(int cpu, long time, int previousTask, int nextTask) {
        TaskState previous = tasks.of(previousTask);
        TaskState next = tasks.of(nextTask);
        if (!next.started) {
            next.started = true;
            next.task = nextTask;
            // a fiber (a coroutine's stack) goes on with its creator's calls; a thread starts afresh
            next.graph = nextTask >= io.fgraph.core.Fgraph.FIBER_TASK_BASE ? scope.task(previous.graph()) : scope.task();
        }
        long stamp = time;
        if (!options.sleepTime()) {
            stamp = time - previous.slept;
            previous.switchedOutAt = time;
            if (next.switchedOutAt >= 0) {
                next.slept += time - next.switchedOutAt;
                next.switchedOutAt = -1;
            }
        }
        sink.taskSwitch(cpu, stamp, previousTask, nextTask);
    }

    private boolean plainEntry(PlainScope p, EntryContext call) {
        PlainScope.Task shown = state(call).shown;
        long function = call.function();
        boolean isOwn = p.isOwn(function);
        if (!p.shows(shown, isOwn)) {
            return false;
        }
        sink.functionEntry(call.task(), call.cpu(), call.time(), function, shown.open(), null, 0);
        shown.push(isOwn);
        return true;
    }

    private void plainReturn(PlainScope p, ReturnContext call) {
        PlainScope.Task shown = state(call).shown;
        int depth;
        if (call.secondReturn()) {
            // setjmp returning again: no entry of its own, shown as a return where it lands
            if (!p.shows(shown, p.isOwn(call.function()))) {
                return;
            }
            depth = shown.open();
        } else {
            depth = shown.pop();
        }
        sendReturn(call, call.entryTime(), call.time(), depth);
    }

    /** The return event (its value with {@code --retval}, unless the frame was unwound). */
    private void sendReturn(ReturnContext call, long entryTime, long time, int depth) {
        int flags = call.unwound() ? EventSink.FLAG_UNWOUND : 0;
        long retval = 0;
        if (options.retval() && !call.unwound()) {
            flags |= EventSink.FLAG_RETVAL;
            retval = call.returnValue();
        }
        sink.functionReturn(call.task(), call.cpu(), entryTime, time, call.function(), depth,
                retval, call.overrun(), flags);
    }

    @Override
    public void onReturn(ReturnContext call) {
        PlainScope p = plain;
        if (p != null) {
            plainReturn(p, call);
            return;
        }
        TaskState task = state(call);
        long entryTime = call.entryTime();
        long time = call.time();
        if (!options.sleepTime()) {
            io.fgraph.core.DataBlock data = call.retrieveData();
            entryTime -= data == null ? 0 : data.getLong(SLEPT_AT_ENTRY);
            time -= task.slept;
        }
        long duration = time - entryTime;
        GraphScope.Task graph = task.graph();
        if (call.secondReturn()) {
            // setjmp returning again: no entry of its own, shown as a return (as uftrace shows it)
            if ((graph.exitWithoutEntry(call.function(), 0, false, duration, task.release) & GraphScope.HIDDEN) != 0) {
                return;
            }
        } else if ((graph.exit(duration, task.release) & GraphScope.HIDDEN) != 0) {
            return;
        }
        if (!call.unwound()) {
            sendReturnValue(call, task);
        }
        sendReturn(call, entryTime, time, graph.shownDepth());
    }
}
