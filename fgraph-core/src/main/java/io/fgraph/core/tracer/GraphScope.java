package io.fgraph.core.tracer;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.LongPredicate;

/**
 * The graph filters of function_graph and uftrace as one state machine per task, run by the live
 * tracer ({@link FunctionGraphTracer}) and by the replay filter alike:
 * <ul>
 *   <li>{@code -F} ({@code set_graph_function}): only calls below a matching function, itself
 *       included. Shown depths count from the outermost match.</li>
 *   <li>{@code -N} ({@code set_graph_notrace}): a matching function and all it calls are hidden.</li>
 *   <li>{@code -D N}: calls nested at most N-1 below the innermost {@code -F} match, as uftrace
 *       counts (each match restarts the count); without {@code -F}, below the task's outermost call.</li>
 *   <li>{@code -t NS}: only calls that took at least NS, as whole calls: an entry is held until its
 *       call qualifies, when it returns or when a callee does (a caller lasts at least as long as
 *       its callees); then every held entry of the open calls is released, outermost first.</li>
 * </ul>
 * Functions are matched by address (filters resolved once, every alias of a function included).
 * A task keeps a mark per open call; {@link Task#enter} pushes one, {@link Task#exit} pops it.
 * Not thread-safe: a task's state is used by the hart (or reader) running that task only.
 */
public final class GraphScope {
    /** The call is not shown. */
    public static final int HIDDEN = 1;
    /** The call is a {@code -F} match. */
    public static final int GRAPH = 2;
    /** The call is a {@code -N} match. */
    public static final int NOTRACE = 4;
    /** The call's entry waits for the time filter. */
    public static final int HELD = 8;

    private final LongPredicate graph;
    private final LongPredicate notrace;
    private final int maxDepth;
    private final long thresholdNs;

    /**
     * @param graph       {@code -F} functions, or null for everywhere
     * @param notrace     {@code -N} functions, or null for none
     * @param maxDepth    0 = no limit
     * @param thresholdNs 0 = every call
     */
    public GraphScope(LongPredicate graph, LongPredicate notrace, int maxDepth, long thresholdNs) {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth=" + maxDepth + ": must be >= 0 (0 = no limit)");
        }
        if (thresholdNs < 0) {
            throw new IllegalArgumentException("thresholdNs=" + thresholdNs + ": must be >= 0");
        }
        this.graph = graph;
        this.notrace = notrace;
        this.maxDepth = maxDepth;
        this.thresholdNs = thresholdNs;
    }

    /** True when every call is shown as it comes. */
    public boolean passesAll() {
        return graph == null && notrace == null && maxDepth == 0 && thresholdNs == 0;
    }

    public long thresholdNs() {
        return thresholdNs;
    }

    /** A new task's state. */
    public Task task() {
        return new Task();
    }

    /**
     * A task started from {@code creator} (a fiber: a coroutine's stack): it is below the graph
     * functions and notrace functions its creator was below when it started.
     */
    public Task task(Task creator) {
        Task task = new Task();
        task.inheritedGraph = creator.inGraph() || creator.inheritedGraph;
        task.inheritedNotrace = creator.inNotrace > 0 || creator.inheritedNotrace;
        return task;
    }

    /** One task's open calls and counters. */
    public final class Task {
        private int[] marks = new int[32];
        /** Recorded depth of each open {@code -F} match, innermost last. */
        private int[] graphDepths = new int[8];
        private int size;
        private int graphCount;
        private int inNotrace;
        private boolean inheritedGraph;
        private boolean inheritedNotrace;
        private int shownDepth;
        /** No held entry below this stack index: releasing scans from here. */
        private int heldFrom;

        private Task() {
        }

        private boolean inGraph() {
            return graphCount > 0;
        }

        /** Open calls with a mark (the index of the next {@link #enter}). */
        public int size() {
            return size;
        }

        /**
         * A call of {@code function} enters at recorded depth {@code depth}: decides and pushes its
         * mark. {@code hidden} forces it hidden (a replay's task or time selection) while the
         * counters still follow it.
         */
        public int enter(long function, int depth, boolean hidden) {
            int mark = decide(function, depth, hidden);
            if ((mark & NOTRACE) != 0) {
                inNotrace++;
            }
            if ((mark & GRAPH) != 0) {
                if (graphCount == graphDepths.length) {
                    graphDepths = Arrays.copyOf(graphDepths, graphCount * 2);
                }
                graphDepths[graphCount++] = depth;
            }
            if (size == marks.length) {
                marks = Arrays.copyOf(marks, size * 2);
            }
            if ((mark & HELD) != 0 && size < heldFrom) {
                heldFrom = size;
            }
            marks[size++] = mark;
            return mark;
        }

        /**
         * The mark a call whose entry was never seen (a trace recorded with a time filter) would
         * have had, without pushing it.
         */
        public int markWithoutEntry(long function, int depth, boolean hidden) {
            return decide(function, depth, hidden) & ~(GRAPH | NOTRACE);
        }

        private int decide(long function, int depth, boolean hidden) {
            if (inNotrace > 0 || inheritedNotrace) {
                return HIDDEN;
            }
            if (notrace != null && notrace.test(function)) {
                return HIDDEN | NOTRACE;
            }
            int mark = 0;
            int limitBase = 0;
            if (graph != null) {
                boolean match = graph.test(function);
                if (!match && !inGraph() && !inheritedGraph) {
                    return HIDDEN;
                }
                if (match) {
                    mark = GRAPH;
                    limitBase = depth;
                } else if (inGraph()) {
                    limitBase = graphDepths[graphCount - 1];
                }
                int outermost = inGraph() ? graphDepths[0] : match ? depth : 0;
                shownDepth = depth - outermost;
            } else {
                shownDepth = depth;
            }
            if (hidden || (maxDepth > 0 && depth - limitBase >= maxDepth)) {
                return mark | HIDDEN;
            }
            return thresholdNs > 0 ? mark | HELD : mark;
        }

        /** The depth to show the call just decided at ({@link #enter} or {@link #markWithoutEntry}). */
        public int shownDepth() {
            return shownDepth;
        }

        /** True when the call just entered needs its exit seen (it is shown, held or a filter match). */
        public boolean wantsExit(int mark) {
            return (mark & HIDDEN) == 0 || (mark & (GRAPH | NOTRACE)) != 0;
        }

        /** Forgets the call just entered without its exit (the tracer declined it). */
        public void drop() {
            exit(0, ignored -> { });
        }

        /**
         * The innermost open call exits after {@code durationNs}. Returns its mark with HIDDEN
         * added when the time filter drops it; before a kept exit every held entry of the open calls
         * (this one included) is handed to {@code release}, outermost first, by stack index.
         */
        public int exit(long durationNs, IntConsumer release) {
            int i = --size;
            int mark = marks[i];
            if (heldFrom > size + 1) {
                heldFrom = size + 1;
            }
            if ((mark & NOTRACE) != 0) {
                inNotrace--;
            }
            if ((mark & GRAPH) != 0) {
                graphCount--;
            }
            if ((mark & HIDDEN) != 0) {
                return mark;
            }
            if ((mark & HELD) != 0 && durationNs < thresholdNs) {
                return mark | HIDDEN;
            }
            releaseHeld(i + 1, release);
            return mark & ~HELD;
        }

        /**
         * A kept call whose entry was never seen exits: the held entries of every open call are
         * released first.
         */
        public void releaseAll(IntConsumer release) {
            releaseHeld(size, release);
        }

        private void releaseHeld(int limit, IntConsumer release) {
            for (int i = heldFrom; i < limit; i++) {
                if ((marks[i] & HELD) != 0) {
                    marks[i] &= ~HELD;
                    release.accept(i);
                }
            }
            heldFrom = Math.max(heldFrom, limit);
        }
    }
}
