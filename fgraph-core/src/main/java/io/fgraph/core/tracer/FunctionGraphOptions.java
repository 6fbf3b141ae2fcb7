package io.fgraph.core.tracer;

import io.fgraph.core.FunctionFilter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of the function_graph tracer, after ftrace's (FGRAPH-REFERENCE §3) and uftrace's.
 *
 * @param filter         which functions are hooked at all ({@code set_ftrace_filter}/{@code set_ftrace_notrace})
 * @param selection      which calls are traced: {@code -F} ({@code set_graph_function}), {@code -N}
 *                       ({@code set_graph_notrace}), {@code -D} ({@code max_graph_depth}), {@code -t}
 *                       ({@code tracing_thresh}), uftrace's {@code -C}, {@code -H}, {@code -T}, library mode
 * @param retval         record return values ({@code funcgraph-retval})
 * @param args           record this many argument registers a0.. at entry (0..8, {@code funcgraph-args})
 * @param sleepTime      count time a task was switched out in its durations ({@code sleep-time}); when
 *                       off, a task's events are stamped with its own clock, which stops while it is
 *                       switched out (threads of a Linux program; coroutine stacks); on bare metal
 *                       without coroutines tasks never switch, so it changes nothing there
 * @param graphTime      the profiler counts callees' time in a function's time ({@code graph-time}); when
 *                       off, its time column is the function's own time
 * @param hardFloat      the program passes floating-point values in float registers (lp64f/lp64d):
 *                       where uftrace's {@code fpargN} and an {@code f} return value are read
 */
public record FunctionGraphOptions(FunctionFilter filter, GraphSelection selection, boolean retval, int args,
                                   boolean sleepTime, boolean graphTime, boolean hardFloat) {
    public FunctionGraphOptions {
        java.util.Objects.requireNonNull(filter, "filter");
        java.util.Objects.requireNonNull(selection, "selection");
        if (args < 0 || args > 8) {
            throw new IllegalArgumentException("args=" + args + ": must be 0..8");
        }
    }

    /** Every call, return values, no arguments: ftrace's defaults. */
    public static FunctionGraphOptions defaults() {
        return new FunctionGraphOptions(FunctionFilter.ALL, GraphSelection.ALL, true, 0, true, true, false);
    }

    public List<String> graphFunctions() {
        return selection.graphFunctions();
    }

    public List<String> notrace() {
        return selection.notrace();
    }

    public int maxDepth() {
        return selection.maxDepth();
    }

    public long thresholdNs() {
        return selection.thresholdNs();
    }

    public FunctionGraphOptions withFilter(FunctionFilter f) {
        return new FunctionGraphOptions(f, selection, retval, args, sleepTime, graphTime, hardFloat);
    }

    public FunctionGraphOptions withSelection(GraphSelection s) {
        return new FunctionGraphOptions(filter, s, retval, args, sleepTime, graphTime, hardFloat);
    }

    public FunctionGraphOptions withGraphFunctions(List<String> g) {
        return withSelection(selection.withGraphFunctions(g));
    }

    public FunctionGraphOptions withNotrace(List<String> n) {
        return withSelection(selection.withNotrace(n));
    }

    public FunctionGraphOptions withMaxDepth(int d) {
        return withSelection(selection.withMaxDepth(d));
    }

    public FunctionGraphOptions withThresholdNs(long t) {
        return withSelection(selection.withThresholdNs(t));
    }

    public FunctionGraphOptions withRetval(boolean r) {
        return new FunctionGraphOptions(filter, selection, r, args, sleepTime, graphTime, hardFloat);
    }

    public FunctionGraphOptions withArgs(int a) {
        return new FunctionGraphOptions(filter, selection, retval, a, sleepTime, graphTime, hardFloat);
    }

    public FunctionGraphOptions withHardFloat(boolean h) {
        return new FunctionGraphOptions(filter, selection, retval, args, sleepTime, graphTime, h);
    }

    public FunctionGraphOptions withSleepTime(boolean s) {
        return new FunctionGraphOptions(filter, selection, retval, args, s, graphTime, hardFloat);
    }

    public FunctionGraphOptions withGraphTime(boolean g) {
        return new FunctionGraphOptions(filter, selection, retval, args, sleepTime, g, hardFloat);
    }

    /**
     * The options as ordered name=value pairs, for trace headers; uftrace's filters beyond ftrace's
     * appear only when used.
     */
    public Map<String, String> describe() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("tracer", "function_graph");
        map.put("filter", String.join(",", filter.includes()));
        map.put("notrace-filter", String.join(",", filter.excludes()));
        map.put("graph-function", String.join(",", selection.graphFunctions()));
        map.put("graph-notrace", String.join(",", selection.notrace()));
        map.put("max-depth", Integer.toString(selection.maxDepth()));
        map.put("retval", Boolean.toString(retval));
        map.put("args", Integer.toString(args));
        map.put("threshold-ns", Long.toString(selection.thresholdNs()));
        map.put("sleep-time", Boolean.toString(sleepTime));
        map.put("graph-time", Boolean.toString(graphTime));
        if (!selection.callers().isEmpty()) {
            map.put("caller-filter", String.join(",", selection.callers()));
        }
        if (!selection.hide().isEmpty()) {
            map.put("hide", String.join(",", selection.hide()));
        }
        putTriggers(map, "trigger", t -> !t.actions().has(FunctionActions.VALUES));
        putTriggers(map, "argument", t -> t.actions().has(FunctionActions.VALUES) && t.actions().returnValue() == null);
        putTriggers(map, "retval", t -> t.actions().has(FunctionActions.VALUES) && t.actions().returnValue() != null);
        if (selection.match() != FunctionFilter.Syntax.GLOB) {
            map.put("match", selection.match().toString());
        }
        if (selection.startDisabled()) {
            map.put("disable", "true");
        }
        map.put("libcall", selection.libraryCalls().key());
        return map;
    }

    private void putTriggers(Map<String, String> map, String key, java.util.function.Predicate<Trigger> which) {
        List<String> texts = selection.triggers().stream().filter(which).map(Trigger::text).toList();
        if (!texts.isEmpty()) {
            map.put(key, String.join(";", texts));
        }
    }
}
