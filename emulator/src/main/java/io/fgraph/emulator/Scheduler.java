package io.fgraph.emulator;

/**
 * Runs a machine's harts until it stops. Without one, {@link Machine#run()} interleaves the harts
 * in fixed quanta (or runs one host thread per hart); a platform with threads sets its own, which
 * runs tasks on the harts through {@link Machine#runSlice}.
 */
@FunctionalInterface
public interface Scheduler {
    /** Runs until {@link Machine#stopped()}; every way to stop goes through {@link Machine#requestStop}. */
    void run();
}
