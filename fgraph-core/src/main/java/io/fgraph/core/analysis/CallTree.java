package io.fgraph.core.analysis;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Calls aggregated by call path: one node per distinct stack (task, main, a, b, ...), with calls,
 * total and self time. Memory is bounded by the number of distinct paths, not events. Built as a
 * {@link CallListener}; with a root function, only calls inside an outermost call of that
 * function are kept, that call at the top (uftrace's {@code graph FUNC}).
 * <pre>
 *   (root) ── task 0 ── main ─┬─ a ── b ── c
 *                             ├─ [lost 3 events]
 *                             └─ [2 calls not traced]
 * </pre>
 * Lost events and shadow-stack overruns (calls not traced because the stack was full) become
 * marker nodes at the path where they happened; calls that ended otherwise than by a return are
 * counted on their node ({@link Node#ended}).
 */
public final class CallTree implements CallListener {
    /** Key of the marker node that holds lost events. */
    public static final long LOST_KEY = -1;
    /** Key of the marker node that holds calls not traced because the shadow stack was full. */
    public static final long OVERRUN_KEY = -2;

    private final LongFunction<String> names;
    private final long rootFunction;
    private final boolean hasRootFunction;
    private final Node root = new Node(null, 0, "");
    private final Int2ObjectHashMap<TaskPath> paths = new Int2ObjectHashMap<>();
    private final List<Integer> taskOrder = new ArrayList<>();

    /** One call path. */
    public static final class Node {
        private final Node parent;
        private final long function;
        private final String label;
        private final Long2ObjectHashMap<Node> children = new Long2ObjectHashMap<>();
        private final List<Node> callOrder = new ArrayList<>(2);
        long calls;
        long totalNs;
        long selfNs;
        long lost;
        long notTraced;
        final long[] ends = new long[CallEnd.values().length];

        Node(Node parent, long function, String label) {
            this.parent = parent;
            this.function = function;
            this.label = label;
        }

        Node child(long key, LongFunction<String> names) {
            Node c = children.get(key);
            if (c == null) {
                c = new Node(this, key, key == LOST_KEY ? "[lost events]"
                        : key == OVERRUN_KEY ? "[calls not traced]" : names.apply(key));
                children.put(key, c);
                callOrder.add(c);
            }
            return c;
        }

        public Node parent() {
            return parent;
        }

        public long function() {
            return function;
        }

        /** The function name, {@code "task N"} for a task node, {@code "[lost events]"} or {@code "[calls not traced]"} for a marker. */
        public String label() {
            return label;
        }

        /** The label with notes of unusual ends and lost events, e.g. {@code "outer [2 unwound]"}. */
        public String annotatedLabel() {
            if (isLostMarker()) {
                return "[lost " + lost + " events]";
            }
            if (isOverrunMarker()) {
                return "[" + notTraced + " calls not traced]";
            }
            StringBuilder s = new StringBuilder(label);
            for (CallEnd end : CallEnd.values()) {
                if (end != CallEnd.RETURNED && ends[end.ordinal()] > 0) {
                    s.append(" [").append(ends[end.ordinal()]).append(' ').append(end.note()).append(']');
                }
            }
            return s.toString();
        }

        public long calls() {
            return calls;
        }

        public long totalNs() {
            return totalNs;
        }

        public long selfNs() {
            return selfNs;
        }

        /** Lost events at this path (marker nodes). */
        public long lost() {
            return lost;
        }

        public long ended(CallEnd end) {
            return ends[end.ordinal()];
        }

        /** Calls not traced at this path because the shadow stack was full (overrun marker nodes). */
        public long notTraced() {
            return notTraced;
        }

        public boolean isLostMarker() {
            return function == LOST_KEY && label.startsWith("[");
        }

        public boolean isOverrunMarker() {
            return function == OVERRUN_KEY && label.startsWith("[");
        }

        /** A lost-events or overrun marker rather than a call. */
        public boolean isMarker() {
            return isLostMarker() || isOverrunMarker();
        }

        /** Children sorted by label (then key), for deterministic output. */
        public List<Node> children() {
            List<Node> list = new ArrayList<>(children.values());
            list.sort(Comparator.comparing(Node::label).thenComparingLong(Node::function));
            return list;
        }

        /** Children in the order they were first called (uftrace's graph order). */
        public List<Node> childrenInCallOrder() {
            return List.copyOf(callOrder);
        }

        /** The child for {@code function}, or null. */
        public Node child(long function) {
            return children.get(function);
        }
    }

    private static final class TaskPath {
        final Node taskNode;
        /** The task's overrun count so far (a running total in the return records). */
        long overrun;
        Node[] stack = new Node[64];
        int size;
        int rootDepth = -1;

        TaskPath(Node taskNode) {
            this.taskNode = taskNode;
        }

        Node top() {
            return size == 0 ? taskNode : stack[size - 1];
        }

        void push(Node n) {
            if (size == stack.length) {
                stack = Arrays.copyOf(stack, size * 2);
            }
            stack[size++] = n;
        }
    }

    /** A tree of every call. */
    public CallTree(LongFunction<String> names) {
        this(names, 0, false);
    }

    /** A tree of the calls inside the outermost calls of {@code rootFunction}. */
    public static CallTree below(LongFunction<String> names, long rootFunction) {
        return new CallTree(names, rootFunction, true);
    }

    private CallTree(LongFunction<String> names, long rootFunction, boolean hasRootFunction) {
        this.names = names;
        this.rootFunction = rootFunction;
        this.hasRootFunction = hasRootFunction;
    }

    private TaskPath path(int task) {
        TaskPath p = paths.get(task);
        if (p == null) {
            Node taskNode = new Node(root, task, "task " + task);
            root.children.put(task, taskNode);
            root.callOrder.add(taskNode);
            p = new TaskPath(taskNode);
            paths.put(task, p);
            taskOrder.add(task);
        }
        return p;
    }

    private boolean inside(TaskPath p, Call call) {
        return !hasRootFunction || p.size > 0 || call.function == rootFunction;
    }

    @Override
    public void entry(Call call) {
        TaskPath p = path(call.task);
        if (!inside(p, call)) {
            return;
        }
        p.push(p.top().child(call.function, names));
    }

    @Override
    public void exit(Call call) {
        TaskPath p = path(call.task);
        Node node;
        if (call.hasEntry()) {
            if (p.size == 0) {
                return;
            }
            node = p.stack[--p.size];
        } else {
            if (!inside(p, call)) {
                return;
            }
            node = p.top().child(call.function, names);
        }
        node.calls++;
        node.totalNs += call.duration();
        node.selfNs += call.selfTime();
        node.ends[call.end.ordinal()]++;
    }

    @Override
    public void lost(int task, int cpu, long time, long count) {
        TaskPath p = path(task);
        if (hasRootFunction && p.size == 0) {
            return;
        }
        p.top().child(LOST_KEY, names).lost += count;
    }

    @Override
    public void overrun(int task, int cpu, long time, long overrun) {
        TaskPath p = path(task);
        long more = overrun - p.overrun;
        if (more <= 0) {
            return;
        }
        p.overrun = overrun;
        p.taskNode.notTraced += more;
        if (hasRootFunction && p.size == 0) {
            return;
        }
        p.top().child(OVERRUN_KEY, names).notTraced += more;
    }

    /** The root: its children are one node per task (in {@link #tasks()} order), whose children are the outermost calls. */
    public Node root() {
        return root;
    }

    /** Task ids in the order they appeared. */
    public List<Integer> tasks() {
        return List.copyOf(taskOrder);
    }

    /** The node of {@code task}, or null if the task had no event. */
    public Node task(int task) {
        TaskPath p = paths.get(task);
        return p == null ? null : p.taskNode;
    }

    /** The summed total time of the task's outermost calls. */
    public static long totalOfChildren(Node node) {
        long sum = 0;
        for (Node c : node.children.values()) {
            sum += c.totalNs;
        }
        return sum;
    }
}
