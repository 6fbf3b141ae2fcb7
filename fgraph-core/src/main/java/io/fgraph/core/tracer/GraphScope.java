package io.fgraph.core.tracer;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * The graph filters of function_graph and uftrace as one state machine per task, run by the live
 * tracer ({@link FunctionGraphTracer}) and by the replay filter alike, with uftrace's meaning
 * ({@link GraphSelection}, {@link FunctionActions}). At each call, in this order:
 * <ol>
 *   <li>below a {@code -N} match (or after {@code finish}) everything is hidden;</li>
 *   <li>a {@code -N} match is hidden with all it calls;</li>
 *   <li>with {@code -F}: a match opens a region (and restores the {@code -D} budget); outside
 *       every region calls are hidden;</li>
 *   <li>{@code depth=N} sets the budget to N, {@code time=DUR} the time filter, from this call;
 *       {@code trace_on}/{@code trace_off} turn tracing on or off for every task;</li>
 *   <li>with tracing off, the call is hidden (itself only);</li>
 *   <li>with no depth budget left ({@code -D}: levels of shown calls from the task's start or the
 *       innermost {@code -F} match), the call is hidden;</li>
 *   <li>{@code -H}, and a library function the library mode does not show, hide the call itself
 *       only: what it calls is shown in its place, one level up;</li>
 *   <li>otherwise the call is shown and takes one level of budget. With a time filter or
 *       {@code -C}, its entry is held until the call qualifies: it returns after at least the
 *       time filter and is a {@code -C} match (or has {@code trace}), or a held callee qualifies
 *       (the callers of a shown call are shown); then the held entries of the open calls are
 *       released, outermost first.</li>
 * </ol>
 * Whether tracing is on is decided at a call's entry: a call is shown whole or not at all.
 * Shown depths count the shown calls open around a call, so hidden calls close the gap.
 * A task keeps a mark per open call; {@link Task#enter} pushes one, {@link Task#exit} pops it.
 * A task's state is used by the hart (or reader) running that task only; the on/off state of
 * {@code trace_on}/{@code trace_off} and {@code finish} is shared by all tasks (volatile).
 */
public final class GraphScope {
    /** The call is not shown. */
    public static final int HIDDEN = 1;
    /** The call is a {@code -F} match. */
    public static final int GRAPH = 1 << 1;
    /** The call is a {@code -N} match. */
    public static final int NOTRACE = 1 << 2;
    /** The call's entry waits for the time or caller filter. */
    public static final int HELD = 1 << 3;
    /** The call counts as a level of shown depth (shown, held, or shown but not printed). */
    static final int LEVEL = 1 << 4;
    /** The call changed what its callees see (depth budget, time filter). */
    static final int SCOPED = 1 << 5;
    /** The call is of one of the program's own functions. */
    static final int OWN = 1 << 6;
    /** The library mode needs the call's return: its callees' caller must be known. */
    static final int KEEP = 1 << 7;
    /** The call is a {@code -C} match. */
    static final int CALLER = 1 << 8;
    /** The call has the {@code trace} action: it qualifies whatever its duration. */
    static final int TRACE = 1 << 9;
    /** The call has the {@code finish} action: the tracer stops after its entry. */
    public static final int FINISH = 1 << 10;
    /** The call has the {@code backtrace} action. */
    public static final int BACKTRACE = 1 << 11;

    private static final int NO_LIMIT = Integer.MAX_VALUE;

    private final GraphSelection selection;
    private final LongFunction<FunctionActions> actions;
    private final LongPredicate own;
    private final boolean graphMode;
    private final boolean callerMode;
    private final int maxDepth;
    private final boolean hiddenCallsQualify;
    private volatile boolean enabled;
    private volatile boolean finished;

    /**
     * @param selection what to show
     * @param actions   each function's actions (null for none), resolved from the selection
     * @param own       the program's own functions, or null when every function counts as its own
     *                  (no library mode then)
     * @param hiddenCallsQualify true for a replay: a {@code -C} match the other filters hide still
     *                  shows the calls that lead to it, as uftrace's replay applies {@code -C} to
     *                  the recorded calls before its other filters (its recording applies it to
     *                  the calls it records only: false)
     */
    public GraphScope(GraphSelection selection, LongFunction<FunctionActions> actions, LongPredicate own,
                      boolean hiddenCallsQualify) {
        this.selection = selection;
        this.hiddenCallsQualify = hiddenCallsQualify;
        this.actions = actions;
        this.own = own;
        this.graphMode = selection.graphMode();
        this.callerMode = selection.callerMode();
        this.maxDepth = selection.maxDepth() == 0 ? NO_LIMIT : selection.maxDepth();
        this.enabled = !selection.startDisabled();
    }

    /** Everything, as it comes. */
    public static GraphScope all() {
        return new GraphScope(GraphSelection.ALL, address -> null, null, false);
    }

    /** True when every call is shown as it comes. */
    public boolean passesAll() {
        return selection.selectsNothing() && (own == null || selection.libraryCalls() == LibraryCalls.NEST);
    }

    public GraphSelection selection() {
        return selection;
    }

    /** True once a {@code finish} call was entered: nothing is shown any more. */
    public boolean finished() {
        return finished;
    }

    /** A new task's state. */
    public Task task() {
        return new Task();
    }

    /**
     * A task started from {@code creator} (a fiber: a coroutine's stack): it is below the graph
     * functions and notrace functions its creator was below when it started, with its depth budget
     * and time filter.
     */
    public Task task(Task creator) {
        Task task = new Task();
        task.inheritedGraph = creator.inCount > 0 || creator.inheritedGraph;
        task.inheritedNotrace = creator.outCount > 0 || creator.inheritedNotrace;
        task.budget = creator.budget;
        task.threshold = creator.threshold;
        return task;
    }

    /** One task's open calls and counters. */
    public final class Task {
        private int[] marks = new int[32];
        private int[] savedBudgets = new int[32];
        private long[] savedThresholds = new long[32];
        private long[] thresholds = new long[32];
        private int[] shownDepths = new int[32];
        private int size;
        private int inCount;
        private int outCount;
        private boolean inheritedGraph;
        private boolean inheritedNotrace;
        private int levels;
        private int budget = maxDepth;
        private long threshold = selection.thresholdNs();
        private int shownDepth;
        /** No held entry below this stack index: releasing scans from here. */
        private int heldFrom;
        // What decide() computed for the call, committed by enter().
        private int nextBudget;
        private long nextThreshold;

        private Task() {
        }

        /** Open calls with a mark (the index of the next {@link #enter}). */
        public int size() {
            return size;
        }

        /**
         * A call of {@code function} enters: decides and pushes its mark. {@code suppressed} (a
         * replay's task or time-range selection) keeps it from being shown while it counts as if
         * it were: its level, its budget, its callees' place.
         */
        public int enter(long function, boolean suppressed) {
            int mark = decide(function, suppressed, 0, true);
            if (size == marks.length) {
                grow();
            }
            marks[size] = mark;
            savedBudgets[size] = budget;
            savedThresholds[size] = threshold;
            thresholds[size] = nextThreshold;
            shownDepths[size] = shownDepth;
            if ((mark & HELD) != 0 && size < heldFrom) {
                heldFrom = size;
            }
            size++;
            if ((mark & NOTRACE) != 0) {
                outCount++;
            }
            if ((mark & GRAPH) != 0) {
                inCount++;
            }
            if ((mark & LEVEL) != 0) {
                levels++;
            }
            budget = nextBudget;
            threshold = nextThreshold;
            return mark;
        }

        private void grow() {
            int n = size * 2;
            marks = Arrays.copyOf(marks, n);
            savedBudgets = Arrays.copyOf(savedBudgets, n);
            savedThresholds = Arrays.copyOf(savedThresholds, n);
            thresholds = Arrays.copyOf(thresholds, n);
            shownDepths = Arrays.copyOf(shownDepths, n);
        }

        private boolean parentOwn() {
            return size > 0 && (marks[size - 1] & OWN) != 0;
        }

        /**
         * The mark of a call, and in {@code next*} what it changes for its callees. {@code commit}:
         * the call really enters (trace_on/trace_off take effect).
         */
        private int decide(long function, boolean suppressed, int missingLevels, boolean commit) {
            nextBudget = budget;
            nextThreshold = threshold;
            shownDepth = levels + missingLevels;
            if (finished) {
                return HIDDEN;
            }
            FunctionActions a = actions.apply(function);
            int flags = a == null ? 0 : a.flags();
            int mark = 0;
            if ((flags & FunctionActions.CALLER) != 0) {
                mark |= CALLER;
            }
            if ((flags & FunctionActions.TRACE) != 0) {
                mark |= TRACE;
            }
            if (outCount > 0 || inheritedNotrace) {
                return mark | HIDDEN;
            }
            boolean isOwn = own == null || own.test(function);
            if (isOwn) {
                mark |= OWN;
            }
            LibraryCalls mode = own == null ? LibraryCalls.NEST : selection.libraryCalls();
            boolean parentOwn = parentOwn();
            if (mode == LibraryCalls.LIBCALL && (isOwn || parentOwn)) {
                mark |= KEEP;
            }
            if ((flags & FunctionActions.NOTRACE) != 0) {
                return mark | HIDDEN | NOTRACE;
            }
            if ((flags & FunctionActions.FILTER) != 0) {
                mark |= GRAPH;
                nextBudget = maxDepth;
            } else if (graphMode && inCount == 0 && !inheritedGraph) {
                return mark | HIDDEN;
            }
            if ((flags & FunctionActions.DEPTH) != 0) {
                nextBudget = a.depth();
                mark |= SCOPED;
            }
            if ((flags & FunctionActions.TIME) != 0) {
                nextThreshold = a.timeNs();
                mark |= SCOPED;
            }
            if (commit && (flags & FunctionActions.TRACE_ON) != 0) {
                enabled = true;
            }
            if (commit && (flags & FunctionActions.TRACE_OFF) != 0) {
                enabled = false;
            }
            if (!enabled) {
                return mark | HIDDEN;
            }
            if (nextBudget - missingLevels <= 0) {
                return mark | HIDDEN;
            }
            boolean library = !isOwn && (mode == LibraryCalls.NONE || (mode == LibraryCalls.LIBCALL && !parentOwn));
            if ((flags & FunctionActions.HIDE) != 0 || library) {
                return mark | HIDDEN;
            }
            nextBudget--;
            mark |= LEVEL;
            if ((flags & FunctionActions.BACKTRACE) != 0) {
                mark |= BACKTRACE;
            }
            if (suppressed) {
                return mark | HIDDEN;
            }
            if ((flags & FunctionActions.FINISH) != 0) {
                return mark | FINISH;
            }
            return nextThreshold > 0 || callerMode ? mark | HELD : mark;
        }

        /** The depth to show the call just decided at ({@link #enter}, {@link #exit}, {@link #exitWithoutEntry}). */
        public int shownDepth() {
            return shownDepth;
        }

        /**
         * True when the call just entered needs its exit seen: it is shown or held, or its return
         * undoes something its callees see.
         */
        public boolean wantsExit(int mark) {
            return (mark & HIDDEN) == 0 || (mark & (GRAPH | NOTRACE | SCOPED | KEEP | LEVEL)) != 0;
        }

        /** Forgets the call just entered without its exit (the tracer declined it). */
        public void drop() {
            exit(0, ignored -> { });
        }

        /**
         * The innermost open call exits after {@code durationNs}. Returns its mark with HIDDEN
         * added when the time or caller filter drops it; before a kept exit every held entry of the
         * open calls (this one included) is handed to {@code release}, outermost first, by stack
         * index. {@link #shownDepth()} is then the call's.
         */
        public int exit(long durationNs, IntConsumer release) {
            int i = --size;
            int mark = marks[i];
            if (heldFrom > size + 1) {
                heldFrom = size + 1;
            }
            if ((mark & NOTRACE) != 0) {
                outCount--;
            }
            if ((mark & GRAPH) != 0) {
                inCount--;
            }
            if ((mark & LEVEL) != 0) {
                levels--;
            }
            budget = savedBudgets[i];
            threshold = savedThresholds[i];
            shownDepth = shownDepths[i];
            if (finished) {
                return mark | HIDDEN;
            }
            if ((mark & HIDDEN) != 0) {
                if (hiddenCallsQualify && callerMode && qualifies(mark, durationNs, thresholds[i])) {
                    releaseHeld(i, release); // a caller match that is not shown still shows its callers
                }
                return mark;
            }
            if ((mark & HELD) != 0 && !qualifies(mark, durationNs, thresholds[i])) {
                return mark | HIDDEN;
            }
            releaseHeld(i + 1, release);
            return mark & ~HELD;
        }

        private boolean qualifies(int mark, long durationNs, long thresholdNs) {
            return (mark & TRACE) != 0 || (durationNs >= thresholdNs && (!callerMode || (mark & CALLER) != 0));
        }

        /**
         * A call whose entry was never seen exits (setjmp returning again, a trace recorded with
         * a time filter that kept only returns): decides its mark as if it had entered just now,
         * {@code missingLevels} below the innermost open call, without pushing it; if it is shown,
         * the held entries of every open call are released first. Returns the mark (HIDDEN: not
         * shown); {@link #shownDepth()} is then the call's.
         */
        public int exitWithoutEntry(long function, int missingLevels, boolean suppressed, long durationNs,
                                    IntConsumer release) {
            int mark = decide(function, suppressed, missingLevels, false) & ~(GRAPH | NOTRACE);
            if ((mark & HIDDEN) != 0) {
                return mark;
            }
            if (!qualifies(mark | HELD, durationNs, nextThreshold)) {
                return mark | HIDDEN;
            }
            releaseHeld(size, release);
            return mark & ~HELD;
        }

        /** The held entries of every open call are released (a {@code finish} call is about to be shown). */
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

        /** Tracing stops for every task: a {@code finish} call was shown. */
        public void finish() {
            finished = true;
        }
    }
}
