package io.fgraph.core.tracer;

import io.fgraph.core.CallContext;
import io.fgraph.core.FgraphOps;
import io.fgraph.core.FunctionFilter;
import io.fgraph.core.event.EventSink;

/**
 * The function_graph tracer: an entry and a return event per traced call, sent to an
 * {@link EventSink}, with ftrace's options ({@link FunctionGraphOptions}).
 *
 * <p>{@code set_graph_function} and {@code set_graph_notrace} need to know, per task, whether the
 * current call is below such a function: the tracer keeps two counters per task, raised at the
 * entry of a graph (or notrace) function and lowered at its return or unwinding.
 */
public final class FunctionGraphTracer implements FgraphOps {
    private static final int MARK_GRAPH = 1;
    private static final int MARK_NOTRACE = 2;

    private final EventSink sink;
    private final FunctionGraphOptions options;
    private final FunctionFilter graphFunctions;
    private final FunctionFilter notrace;
    private final TaskStates<TaskState> tasks = new TaskStates<>(task -> new TaskState());

    private static final class TaskState {
        int inGraph;
        int inNotrace;
        /** Seen before (a first entry or switch): a fiber inherits its creator's scope only when new. */
        boolean started;
        /** A fiber started below a graph (notrace) function is below it for its whole life. */
        boolean inheritedGraph;
        boolean inheritedNotrace;
        final long[] args = new long[8];
    }

    public FunctionGraphTracer(EventSink sink, FunctionGraphOptions options) {
        this.sink = sink;
        this.options = options;
        this.graphFunctions = options.graphFunctions().isEmpty() ? null
                : FunctionFilter.of(options.graphFunctions(), java.util.List.of());
        this.notrace = options.notrace().isEmpty() ? null : FunctionFilter.of(options.notrace(), java.util.List.of());
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
    public boolean onEntry(CallContext call) {
        TaskState task = tasks.of(call.task());
        task.started = true;
        if (task.inNotrace > 0 || task.inheritedNotrace) {
            return false;
        }
        String name = null;
        int mark = 0;
        if (notrace != null) {
            name = call.functionName();
            if (notrace.accepts(name)) {
                mark = MARK_NOTRACE;
            }
        }
        if (mark == 0 && graphFunctions != null) {
            if (name == null) {
                name = call.functionName();
            }
            if (graphFunctions.accepts(name)) {
                mark = MARK_GRAPH;
            } else if (task.inGraph == 0 && !task.inheritedGraph) {
                return false;
            }
        }
        if (mark != MARK_NOTRACE && options.maxDepth() > 0 && call.depth() >= options.maxDepth()) {
            return false;
        }
        if (mark != 0) {
            if (call.reserveData(8) == null) {
                return false;
            }
            call.retrieveData().putLong(0, mark);
        }
        if (mark == MARK_NOTRACE) {
            task.inNotrace++;
            return true;
        }
        if (mark == MARK_GRAPH) {
            task.inGraph++;
        }
        if (options.thresholdNs() == 0) {
            int argCount = options.args();
            for (int i = 0; i < argCount; i++) {
                task.args[i] = call.argument(i);
            }
            sink.functionEntry(call.task(), call.cpu(), call.time(), call.function(), call.depth(),
                    argCount == 0 ? null : task.args, argCount);
        }
        return true;
    }

    /** A stack switch (coroutines) or task switch; a new fiber starts in its creator's -F/-N scope. */
    @Override
    public void onTaskSwitch(int cpu, long time, int previousTask, int nextTask) {
        TaskState next = tasks.of(nextTask);
        if (!next.started) {
            TaskState previous = tasks.of(previousTask);
            next.started = true;
            next.inheritedGraph = previous.inGraph > 0 || previous.inheritedGraph;
            next.inheritedNotrace = previous.inNotrace > 0 || previous.inheritedNotrace;
        }
        sink.taskSwitch(cpu, time, previousTask, nextTask);
    }

    @Override
    public void onReturn(CallContext call) {
        TaskState task = tasks.of(call.task());
        long mark = 0;
        if (notrace != null || graphFunctions != null) {
            io.fgraph.core.DataBlock data = call.retrieveData();
            mark = data == null ? 0 : data.getLong(0);
        }
        if (mark == MARK_NOTRACE) {
            task.inNotrace--;
            return;
        }
        if (mark == MARK_GRAPH) {
            task.inGraph--;
        }
        long duration = call.time() - call.entryTime();
        if (options.thresholdNs() > 0 && duration < options.thresholdNs()) {
            return;
        }
        int flags = call.unwound() ? EventSink.FLAG_UNWOUND : 0;
        long retval = 0;
        if (options.retval() && !call.unwound()) {
            flags |= EventSink.FLAG_RETVAL;
            retval = call.returnValue();
        }
        sink.functionReturn(call.task(), call.cpu(), call.entryTime(), call.time(), call.function(), call.depth(),
                retval, call.overrun(), flags);
    }
}
