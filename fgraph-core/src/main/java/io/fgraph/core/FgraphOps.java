package io.fgraph.core;

/**
 * A user of the function graph hook, Linux's {@code struct fgraph_ops}: a tracer, a profiler, a
 * return probe. Register it with {@link Fgraph#register}. Up to {@link FrameLayout#MAX_USERS} users
 * share one entry hook and one return-address hijack per call.
 *
 * <p>Callbacks run on the hart that made the call, inside the emulator's interpreter: keep them
 * short and allocation-free. The {@link CallContext} passed in is valid only during the callback.
 * A callback that throws disables its user (see {@link Fgraph#failures()}); the shadow stack and
 * the other users are unaffected.
 */
public interface FgraphOps {
    /** Which functions this user wants; the union of all users' filters is what gets patched. */
    default FunctionFilter filter() {
        return FunctionFilter.ALL;
    }

    /**
     * Called once when the user is registered, before any other callback, with the functions fgraph
     * can hook: resolve name filters to addresses here ({@link FunctionSet#of}), never per call.
     */
    default void onRegistered(FunctionTable functions) {
    }

    /**
     * Called at the entry of a function the filter accepts, before its first instruction, with the
     * arguments in {@link CallContext#argument}. May reserve per-call data with
     * {@link CallContext#reserveData}.
     *
     * @return true to get {@link #onReturn} for this call; false drops any data reserved and this
     *         user never sees the return
     */
    boolean onEntry(CallContext call);

    /**
     * Called when a call whose entry returned true returns ({@link CallContext#returnValue}) or is
     * unwound by a non-local exit ({@link CallContext#unwound()}). Return callbacks of one call run
     * in the reverse order of their entry callbacks (highest user index first), so users nest.
     */
    void onReturn(CallContext call);

    /**
     * The hart switched from the stack of task {@code previousTask} to that of {@code nextTask}: a
     * coroutine switch within one task gives each guest stack its own task id (a fiber, numbered
     * from {@link Fgraph#FIBER_TASK_BASE}), and a platform with threads reports its task switches
     * here too. Calls in flight on the previous stack stay open until it resumes.
     */
    default void onTaskSwitch(int cpu, long time, int previousTask, int nextTask) {
    }

    /** A name for reports. */
    default String name() {
        return getClass().getSimpleName();
    }
}
