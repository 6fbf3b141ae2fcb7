package io.fgraph.emulator.task;

/**
 * Runs when a timed wait reaches its deadline, under the scheduler's lock: it takes the task out
 * of whatever it waited in and returns the a0 the task resumes with (-ETIMEDOUT, 0 for a sleep).
 */
@FunctionalInterface
public interface TimeoutAction {
    long onTimeout(Task task);
}
