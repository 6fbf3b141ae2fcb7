package io.fgraph.core;

/** Why a user did not get a call it wanted ({@link FgraphOps#onMissed}). */
public enum MissReason {
    /** The task's shadow stack was full: the call was not hooked for anyone (Linux's overrun). */
    STACK_FULL,
    /** The user's {@link EntryContext#reserveData} found no room in the frame. */
    NO_ROOM_FOR_DATA,
    /** The call was made while a callback ran on the same hart (a callback that runs guest code). */
    RECURSION
}
