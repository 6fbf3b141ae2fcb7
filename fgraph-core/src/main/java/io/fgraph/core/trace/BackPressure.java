package io.fgraph.core.trace;

/** What a producer does when the ring is full. */
public enum BackPressure {
    /** Wait for room: lossless, the emulator slows down to the writer's pace (the default). */
    BLOCK,
    /**
     * Drop the event and count it; the count is written into the trace as a lost-event record
     * before the task's next event that fits (or at close), so every report can show it.
     */
    DROP
}
