package io.fgraph.emulator.task;

/** Where a task is in its life. */
public enum TaskState {
    /** Waiting for a hart. */
    READY,
    /** On a hart. */
    RUNNING,
    /** Waiting for an event (a futex wake, a timer): off its hart once its hart saved it. */
    BLOCKED,
    /** Finished: it never runs again. */
    EXITED
}
