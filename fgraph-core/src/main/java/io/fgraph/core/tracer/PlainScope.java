package io.fgraph.core.tracer;

import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * The scope when nothing is selected ({@link GraphSelection#selectsNothing()}: no {@code -F},
 * {@code -N}, {@code -C}, {@code -H}, {@code -T}, {@code -D}, {@code -t}, trigger or disabled
 * start): which calls are shown then depends only on the library mode, whether the function is
 * one of the program's own and whether the innermost shown call is. {@link GraphScope} decides the
 * same (the tracer's tests compare the two on every guest); this is its answer in a few
 * instructions per call, for the options a recording is made with most often.
 *
 * <ul>
 *   <li>{@link LibraryCalls#NEST} (or a program without own functions): every call;</li>
 *   <li>{@link LibraryCalls#LIBCALL}: a call of an own function, or any call from a shown own call;</li>
 *   <li>{@link LibraryCalls#NONE}: a call of an own function.</li>
 * </ul>
 * A hidden call is not followed to its return, so a task's open shown calls are all there is to
 * keep: their number is the next call's shown depth.
 */
final class PlainScope {
    private final LibraryCalls mode;
    private final LongPredicate own;

    /** The plain scope for {@code selection}, or null when the selection needs {@link GraphScope}. */
    static PlainScope of(GraphSelection selection, LongPredicate own) {
        if (!selection.selectsNothing()) {
            return null;
        }
        return new PlainScope(own == null ? LibraryCalls.NEST : selection.libraryCalls(), own);
    }

    private PlainScope(LibraryCalls mode, LongPredicate own) {
        this.mode = mode;
        this.own = own;
    }

    /** One task's open shown calls: whether each is of an own function, innermost last. */
    static final class Task {
        private boolean[] own = new boolean[64];
        private int open;

        /** Open shown calls: the shown depth of the next one. */
        int open() {
            return open;
        }

        void push(boolean isOwn) {
            if (open == own.length) {
                own = Arrays.copyOf(own, open * 2);
            }
            own[open++] = isOwn;
        }

        /** The innermost shown call returns; its depth. */
        int pop() {
            return --open;
        }

        boolean innermostOwn() {
            return open > 0 && own[open - 1];
        }
    }

    /**
     * Whether a call is shown in {@code task}, {@code isOwn} as {@link #isOwn} says; when it is,
     * the caller pushes it ({@link Task#push}).
     */
    boolean shows(Task task, boolean isOwn) {
        switch (mode) {
            case NEST:
                return true;
            case LIBCALL:
                return isOwn || task.innermostOwn();
            default:
                return isOwn;
        }
    }

    /** Whether {@code function} counts as the program's own (always, in {@link LibraryCalls#NEST}: it is not asked). */
    boolean isOwn(long function) {
        return mode == LibraryCalls.NEST || own == null || own.test(function);
    }
}
