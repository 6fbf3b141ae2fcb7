package io.fgraph.core;

/**
 * What an entry callback sees (Linux's {@code ftrace_graph_ent}): the call's arguments, and the
 * user's per-call data in the shadow stack frame, which the return callback gets back.
 */
public interface EntryContext extends CallInfo {
    /** Argument register a{@code n} (n = 0..7) at the entry. */
    long argument(int n);

    /**
     * Reserves {@code bytes} (1..256, rounded up to 8) of zeroed per-call data for this user in
     * the call's frame, at most once per call. Never null: when the shadow stack has no room, the
     * block returned is a scratch block that is thrown away, and this user does not get the call
     * (its return callback will not run, whatever {@link FgraphOps#onEntry} returns); fgraph counts
     * it ({@link FgraphStats#dataOverruns()}). So a full stack can never reach a return callback
     * without its data.
     *
     * @throws IllegalArgumentException for a size outside 1..256
     * @throws IllegalStateException    when this user already reserved data for this call
     */
    DataBlock reserveData(int bytes);

    /**
     * True after a {@link #reserveData} found no room: the user will not get this call, so it may
     * skip work with side effects (a return probe does not run its entry handler then).
     */
    boolean reservationFailed();

    /**
     * This user's data in the frame {@code depth} hooked calls out (1 = the caller), or null when
     * that frame holds none of this registration's data (not hooked for this user, or no data).
     */
    DataBlock retrieveParentData(int depth);
}
