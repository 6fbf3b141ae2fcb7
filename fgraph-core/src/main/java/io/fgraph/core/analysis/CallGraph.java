package io.fgraph.core.analysis;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * uftrace's {@code graph FUNC}: the backtraces that reach the outermost calls of a function, with
 * hit counts and time, and the calls below it aggregated into one {@link CallTree}. Recursive
 * calls of the function count inside the outermost one. Memory: distinct backtraces and paths.
 */
public final class CallGraph implements CallListener {
    private final LongFunction<String> names;
    private final long function;
    private final CallTree below;
    private final Map<Backtrace, long[]> backtraces = new LinkedHashMap<>();

    private record Backtrace(int task, long[] frames) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Backtrace b && b.task == task && Arrays.equals(b.frames, frames);
        }

        @Override
        public int hashCode() {
            return 31 * task + Arrays.hashCode(frames);
        }
    }

    public CallGraph(LongFunction<String> names, long function) {
        this.names = names;
        this.function = function;
        this.below = CallTree.below(names, function);
    }

    @Override
    public void entry(Call call) {
        below.entry(call);
    }

    @Override
    public void exit(Call call) {
        if (call.function == function && outermost(call)) {
            List<Long> frames = new ArrayList<>();
            for (Call c = call; c != null; c = c.parent) {
                frames.add(c.function);
            }
            long[] path = new long[frames.size()];
            for (int i = 0; i < path.length; i++) {
                path[i] = frames.get(path.length - 1 - i);
            }
            long[] hits = backtraces.computeIfAbsent(new Backtrace(call.task, path), b -> new long[2]);
            hits[0]++;
            hits[1] += call.duration();
        }
        below.exit(call);
    }

    private boolean outermost(Call call) {
        for (Call c = call.parent; c != null; c = c.parent) {
            if (c.function == function) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void lost(int task, int cpu, long time, long count) {
        below.lost(task, cpu, time, count);
    }

    @Override
    public void overrun(int task, int cpu, long time, long overrun) {
        below.overrun(task, cpu, time, overrun);
    }

    /** The aggregated calls below the function. */
    public CallTree tree() {
        return below;
    }

    /** Number of outermost calls of the function. */
    public long hits() {
        return backtraces.values().stream().mapToLong(h -> h[0]).sum();
    }

    /**
     * Prints the backtraces (most hits first) and the call graph below the function, then the calls
     * each task's full shadow stack kept from being traced.
     */
    public void print(PrintStream out) {
        String name = names.apply(function);
        out.println("# Function Call Graph for '" + name + "'");
        out.println("=============== BACKTRACE ===============");
        List<Map.Entry<Backtrace, long[]>> list = new ArrayList<>(backtraces.entrySet());
        list.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        int n = 0;
        for (var e : list) {
            out.printf(Locale.ROOT, " backtrace #%d: hit %d, time %s us (task %d)%n", n++, e.getValue()[0],
                    Durations.micros(e.getValue()[1]), e.getKey().task);
            long[] frames = e.getKey().frames;
            for (int i = 0; i < frames.length; i++) {
                out.printf(Locale.ROOT, "   [%d] %s (0x%x)%n", i, names.apply(frames[i]), frames[i]);
            }
            out.println();
        }
        out.println("========== FUNCTION CALL GRAPH ==========");
        out.println("# TOTAL TIME (us)   FUNCTION");
        boolean taskFrames = below.tasks().size() > 1;
        for (CallTree.Node task : below.root().children()) {
            CallTree.Node top = task.child(function);
            if (top == null) {
                continue;
            }
            if (taskFrames) {
                out.println("# " + task.label());
            }
            print(out, top, "", "");
        }
        for (CallTree.Node task : below.root().children()) {
            if (task.notTraced() > 0) {
                out.println("# " + task.label() + ": " + task.notTraced() + " calls not traced (shadow stack overrun)");
            }
        }
    }

    private static void print(PrintStream out, CallTree.Node node, String prefix, String childPrefix) {
        String time = node.isMarker() ? "" : Durations.micros(node.totalNs());
        String calls = node.isMarker() ? "" : "(" + node.calls() + ") ";
        out.printf(Locale.ROOT, "%17s : %s%s%s%n", time, prefix, calls, node.annotatedLabel());
        List<CallTree.Node> children = node.children();
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            print(out, children.get(i), childPrefix + " +-", childPrefix + (last ? "   " : " | "));
        }
    }
}
