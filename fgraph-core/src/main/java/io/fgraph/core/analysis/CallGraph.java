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
 * uftrace's {@code graph [FUNC]}, laid out as uftrace lays it out: the backtraces that reach the
 * outermost calls of a function, with hit counts and time (the latest found first), then the
 * calls below it aggregated by call path, children in the order they were first called, with
 * uftrace's connectors ({@code +-} before each of several children, {@code |} down the side, one
 * child on the same column as its caller, a {@code |} line between siblings). Tasks are merged,
 * as uftrace merges the threads of a session. Without a function, the whole program's graph.
 * Recursive calls of the function count inside the outermost one. Memory: distinct backtraces
 * and paths.
 * <pre>
 * # Function Call Graph for 'main' (session: 9568846e19dfe054)
 * =============== BACKTRACE ===============
 *  backtrace #0: hit 1, time   2.834 us
 *    [0] main (0x800001e0)
 *
 * ========== FUNCTION CALL GRAPH ==========
 * # TOTAL TIME   FUNCTION
 *     2.834 us : (1) main
 *     0.036 us :  +-(1) a
 *     0.023 us :  | (1) b
 *     0.010 us :  | (1) c
 *              :  |
 *     2.720 us :  +-(3) printf
 * </pre>
 */
public final class CallGraph implements CallListener {
    /** {@link #CallGraph}'s function for the whole program's graph. */
    public static final long WHOLE_PROGRAM = Long.MIN_VALUE;
    /** Levels of connectors kept (uftrace's default max stack is 1024). */
    private static final int MAX_DEPTH = 4096;

    private final LongFunction<String> names;
    private final long function;
    private final CallTree below;
    private final Map<Frames, long[]> backtraces = new LinkedHashMap<>();

    private record Frames(long[] frames) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Frames f && Arrays.equals(f.frames, frames);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(frames);
        }
    }

    /** @param function the function's address, or {@link #WHOLE_PROGRAM} */
    public CallGraph(LongFunction<String> names, long function) {
        this.names = names;
        this.function = function;
        this.below = function == WHOLE_PROGRAM ? new CallTree(names) : CallTree.below(names, function);
    }

    @Override
    public void entry(Call call) {
        below.entry(call);
    }

    @Override
    public void exit(Call call) {
        if (function != WHOLE_PROGRAM && call.function == function && outermost(call)) {
            List<Long> frames = new ArrayList<>();
            for (Call c = call; c != null; c = c.parent) {
                frames.add(c.function);
            }
            long[] path = new long[frames.size()];
            for (int i = 0; i < path.length; i++) {
                path[i] = frames.get(path.length - 1 - i);
            }
            long[] hits = backtraces.computeIfAbsent(new Frames(path), b -> new long[2]);
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

    /** One node of the graph as printed: every task's calls on one path, merged. */
    private static final class Merged {
        final String label;
        final long function;
        final boolean marker;
        long calls;
        long totalNs;
        long lost;
        long notTraced;
        final long[] ends = new long[CallEnd.values().length];
        final Map<Long, Merged> children = new LinkedHashMap<>();

        Merged(String label, long function, boolean marker) {
            this.label = label;
            this.function = function;
            this.marker = marker;
        }

        void add(CallTree.Node node) {
            calls += node.calls();
            totalNs += node.totalNs();
            lost += node.lost();
            notTraced += node.isOverrunMarker() ? node.notTraced() : 0;
            for (CallEnd end : CallEnd.values()) {
                ends[end.ordinal()] += node.ended(end);
            }
            for (CallTree.Node child : node.childrenInCallOrder()) {
                children.computeIfAbsent(child.function(), k -> new Merged(child.label(), child.function(), child.isMarker()))
                        .add(child);
            }
        }

        String annotated() {
            if (marker) {
                return lost > 0 ? "[lost " + lost + " events]" : "[" + notTraced + " calls not traced]";
            }
            StringBuilder s = new StringBuilder(label);
            for (CallEnd end : CallEnd.values()) {
                if (end != CallEnd.RETURNED && ends[end.ordinal()] > 0) {
                    s.append(" [").append(ends[end.ordinal()]).append(' ').append(end.note()).append(']');
                }
            }
            return s.toString();
        }
    }

    /**
     * Prints the graph.
     *
     * @param title   what the graph is of when it is the whole program's (the program's name)
     * @param session the session shown in the title (the trace id's first 16 digits), or "" for none
     */
    public void print(PrintStream out, String title, String session) {
        boolean whole = function == WHOLE_PROGRAM;
        Merged root;
        if (whole) {
            root = new Merged(title, WHOLE_PROGRAM, false);
            for (CallTree.Node task : below.root().childrenInCallOrder()) {
                for (CallTree.Node top : task.childrenInCallOrder()) {
                    root.children.computeIfAbsent(top.function(), k -> new Merged(top.label(), top.function(), top.isMarker()))
                            .add(top);
                }
            }
            root.calls = 1;
            root.totalNs = root.children.values().stream().filter(m -> !m.marker).mapToLong(m -> m.totalNs).sum();
        } else {
            root = new Merged(names.apply(function), function, false);
            for (CallTree.Node task : below.root().childrenInCallOrder()) {
                CallTree.Node top = task.child(function);
                if (top != null) {
                    root.add(top);
                }
            }
        }
        out.println("# Function Call Graph for '" + (whole ? title : names.apply(function)) + "'"
                + (session.isEmpty() ? "" : " (session: " + session + ")"));
        if (!whole && !backtraces.isEmpty()) {
            out.println("=============== BACKTRACE ===============");
            List<Map.Entry<Frames, long[]>> list = new ArrayList<>(backtraces.entrySet());
            java.util.Collections.reverse(list); // uftrace lists the latest found first
            int n = 0;
            for (var e : list) {
                out.printf(Locale.ROOT, " backtrace #%d: hit %d, time %s%n", n++, e.getValue()[0],
                        Durations.uftraceColumn(e.getValue()[1]));
                long[] frames = e.getKey().frames;
                for (int i = 0; i < frames.length; i++) {
                    out.printf(Locale.ROOT, "   [%d] %s (0x%x)%n", i, names.apply(frames[i]), frames[i]);
                }
                out.println();
            }
        }
        if (root.calls > 0 || !root.children.isEmpty()) {
            out.println("========== FUNCTION CALL GRAPH ==========");
            out.println("# TOTAL TIME   FUNCTION");
            node(out, root, new boolean[MAX_DEPTH], 0, root.children.size() > 1, null);
            out.println();
        }
        for (CallTree.Node task : below.root().childrenInCallOrder()) {
            if (task.notTraced() > 0) {
                out.println("# " + task.label() + ": " + task.notTraced() + " calls not traced (shadow stack overrun)");
            }
        }
    }

    /** uftrace's print_graph_node, connectors and all. */
    private static void node(PrintStream out, Merged node, boolean[] mask, int indent, boolean line, Merged parent) {
        StringBuilder s = new StringBuilder("  ").append(node.marker ? "          " : Durations.uftraceColumn(node.totalNs))
                .append(" : ");
        indent(s, mask, indent, line);
        s.append(node.marker ? "" : "(" + node.calls + ") ").append(node.annotated());
        out.println(s);
        int origIndent = indent;
        if (node.children.size() > 1 && indent < mask.length - 1) {
            mask[indent++] = true;
        }
        if (parent != null && parent.children.size() > 1 && origIndent > 0 && last(parent) == node) {
            mask[origIndent - 1] = false;
        }
        boolean needsLine = node.children.size() > 1;
        List<Merged> children = new ArrayList<>(node.children.values());
        for (int i = 0; i < children.size(); i++) {
            node(out, children.get(i), mask, indent, needsLine, node);
            if (i < children.size() - 1) {
                StringBuilder blank = new StringBuilder("             : ");
                indent(blank, mask, indent, false);
                out.println(blank);
            }
        }
        mask[Math.min(origIndent, mask.length - 1)] = false;
    }

    private static Merged last(Merged parent) {
        Merged last = null;
        for (Merged m : parent.children.values()) {
            last = m;
        }
        return last;
    }

    private static void indent(StringBuilder s, boolean[] mask, int indent, boolean line) {
        indent = Math.min(indent, mask.length - 1);
        int last = -1;
        for (int i = 0; i < indent; i++) {
            if (line && mask[i]) {
                last = i;
            }
        }
        for (int i = 0; i < indent; i++) {
            if (!line || i < last) {
                s.append(mask[i] ? " | " : "   ");
            } else if (i == last) {
                s.append(" +-");
            } else {
                s.append("---");
            }
        }
    }
}
