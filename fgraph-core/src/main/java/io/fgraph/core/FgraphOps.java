package io.fgraph.core;

/**
 * A user of the function graph hook, Linux's {@code struct fgraph_ops}: a tracer, a profiler, a
 * return probe. Register it with {@link Fgraph#register}, which returns its {@link Registration}.
 * Up to {@link FrameLayout#MAX_USERS} users share one entry hook and one return-address hijack per
 * call.
 *
 * <h2>Callbacks</h2>
 * {@link #onEntry} gets an {@link EntryContext} (arguments, per-call data to reserve),
 * {@link #onReturn} a {@link ReturnContext} (return value, how the call ended, the data back): each
 * phase sees only what it means. The context is a flyweight, valid only during the callback.
 *
 * <h2>Concurrency</h2>
 * Callbacks run on the host thread of the hart that made the call, inside the emulator's
 * interpreter, with the hart stopped at the entry or the return. In the deterministic mode every
 * hart runs on one thread; with {@code --parallel} each hart has its own thread, so one user's
 * callbacks run on several threads at once, for different tasks. A task's calls are only ever
 * called back on one thread at a time, in order: per-task state ({@link CallInfo#taskVariable},
 * {@link CallInfo#taskObject}, the per-call data) needs no synchronisation; anything shared across
 * tasks does. Keep callbacks short and allocation-free, and never block in them (a hart waiting on
 * a lock another hart holds inside a hook stops both). Registering, changing a filter and
 * unregistering are safe from any thread, also from a callback.
 *
 * <h2>Failures</h2>
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

    /** Called once after the user was unregistered (its entries are restored; no callback follows). */
    default void onUnregistered() {
    }

    /**
     * Called at the entry of a function the filter accepts, before its first instruction. May
     * reserve per-call data with {@link EntryContext#reserveData}.
     *
     * @return true to get {@link #onReturn} for this call; false drops any data reserved and this
     *         user never sees the return
     */
    boolean onEntry(EntryContext call);

    /**
     * Called when a call whose entry returned true returns ({@link ReturnContext#returnValue}) or is
     * unwound by a non-local exit ({@link ReturnContext#unwound()}). Return callbacks of one call run
     * in the reverse order of their entry callbacks (highest user index first), so users nest.
     */
    void onReturn(ReturnContext call);

    /**
     * A call of {@code function} that this user's filter wants was not given to it: fgraph counts
     * these in {@link Fgraph#stats()}; a user that keeps counts of its own (a return probe's
     * {@code nmissed}) gets each one here. Runs on the calling hart, as a callback; keep it short.
     */
    default void onMissed(int task, long function, MissReason reason) {
    }

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
