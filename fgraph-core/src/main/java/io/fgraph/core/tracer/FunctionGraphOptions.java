package io.fgraph.core.tracer;

import io.fgraph.core.FunctionFilter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of the function_graph tracer, after ftrace's (FGRAPH-REFERENCE §3).
 *
 * @param filter         which functions are hooked at all ({@code set_ftrace_filter}/{@code set_ftrace_notrace})
 * @param graphFunctions trace only calls made below these functions, themselves included
 *                       ({@code set_graph_function}); empty means everywhere
 * @param notrace        skip these functions and everything they call ({@code set_graph_notrace})
 * @param maxDepth       calls nested deeper than this are not traced ({@code max_graph_depth}); 0 = no limit
 * @param retval         record return values ({@code funcgraph-retval})
 * @param args           record this many argument registers a0.. at entry (0..8, {@code funcgraph-args})
 * @param thresholdNs    emit only calls that took at least this long, as return events
 *                       ({@code tracing_thresh}); 0 = every call, entries included
 * @param sleepTime      count time a task was switched out in its durations ({@code sleep-time}); when
 *                       off, a task's events are stamped with its own clock, which stops while it is
 *                       switched out (threads of a Linux program; coroutine stacks); on bare metal
 *                       without coroutines tasks never switch, so it changes nothing there
 * @param graphTime      the profiler counts callees' time in a function's time ({@code graph-time}); when
 *                       off, its time column is the function's own time
 */
public record FunctionGraphOptions(FunctionFilter filter, List<String> graphFunctions, List<String> notrace,
                                   int maxDepth, boolean retval, int args, long thresholdNs,
                                   boolean sleepTime, boolean graphTime) {
    public FunctionGraphOptions {
        graphFunctions = List.copyOf(graphFunctions);
        notrace = List.copyOf(notrace);
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth=" + maxDepth + ": must be >= 0 (0 = no limit)");
        }
        if (args < 0 || args > 8) {
            throw new IllegalArgumentException("args=" + args + ": must be 0..8");
        }
        if (thresholdNs < 0) {
            throw new IllegalArgumentException("thresholdNs=" + thresholdNs + ": must be >= 0");
        }
    }

    public static FunctionGraphOptions defaults() {
        return new FunctionGraphOptions(FunctionFilter.ALL, List.of(), List.of(), 0, true, 0, 0, true, true);
    }

    public FunctionGraphOptions withFilter(FunctionFilter f) {
        return new FunctionGraphOptions(f, graphFunctions, notrace, maxDepth, retval, args, thresholdNs, sleepTime, graphTime);
    }

    public FunctionGraphOptions withGraphFunctions(List<String> g) {
        return new FunctionGraphOptions(filter, g, notrace, maxDepth, retval, args, thresholdNs, sleepTime, graphTime);
    }

    public FunctionGraphOptions withNotrace(List<String> n) {
        return new FunctionGraphOptions(filter, graphFunctions, n, maxDepth, retval, args, thresholdNs, sleepTime, graphTime);
    }

    public FunctionGraphOptions withMaxDepth(int d) {
        return new FunctionGraphOptions(filter, graphFunctions, notrace, d, retval, args, thresholdNs, sleepTime, graphTime);
    }

    public FunctionGraphOptions withRetval(boolean r) {
        return new FunctionGraphOptions(filter, graphFunctions, notrace, maxDepth, r, args, thresholdNs, sleepTime, graphTime);
    }

    public FunctionGraphOptions withArgs(int a) {
        return new FunctionGraphOptions(filter, graphFunctions, notrace, maxDepth, retval, a, thresholdNs, sleepTime, graphTime);
    }

    public FunctionGraphOptions withThresholdNs(long t) {
        return new FunctionGraphOptions(filter, graphFunctions, notrace, maxDepth, retval, args, t, sleepTime, graphTime);
    }

    public FunctionGraphOptions withSleepTime(boolean s) {
        return new FunctionGraphOptions(filter, graphFunctions, notrace, maxDepth, retval, args, thresholdNs, s, graphTime);
    }

    public FunctionGraphOptions withGraphTime(boolean g) {
        return new FunctionGraphOptions(filter, graphFunctions, notrace, maxDepth, retval, args, thresholdNs, sleepTime, g);
    }

    /** The options as ordered name=value pairs, for trace headers. */
    public Map<String, String> describe() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("tracer", "function_graph");
        map.put("filter", String.join(",", filter.includes()));
        map.put("notrace-filter", String.join(",", filter.excludes()));
        map.put("graph-function", String.join(",", graphFunctions));
        map.put("graph-notrace", String.join(",", notrace));
        map.put("max-depth", Integer.toString(maxDepth));
        map.put("retval", Boolean.toString(retval));
        map.put("args", Integer.toString(args));
        map.put("threshold-ns", Long.toString(thresholdNs));
        map.put("sleep-time", Boolean.toString(sleepTime));
        map.put("graph-time", Boolean.toString(graphTime));
        return map;
    }
}
