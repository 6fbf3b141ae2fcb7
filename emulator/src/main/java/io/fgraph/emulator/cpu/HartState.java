package io.fgraph.emulator.cpu;

/** Whether a hart executes instructions. */
public enum HartState {
    /** Fetching and executing. */
    RUNNING,
    /** Waiting to be started (harts other than 0 begin here; see the hart start convention). */
    PARKED
}
