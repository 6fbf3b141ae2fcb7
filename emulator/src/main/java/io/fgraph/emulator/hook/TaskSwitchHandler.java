package io.fgraph.emulator.hook;

import io.fgraph.emulator.cpu.Hart;

/**
 * Told when a hart switches from one task (a thread of a platform with threads) to another, on the
 * hart's own thread, after the next task's registers are loaded ({@link Hart#task()} is
 * {@code nextTask}) and before it runs an instruction. A switch happens between time slices, so
 * it is a safepoint for text patching. A hart that goes idle and later picks up a task reports the
 * task it ran last as the previous one; a hart's first task has no switch.
 */
@FunctionalInterface
public interface TaskSwitchHandler {
    void onTaskSwitch(Hart hart, int previousTask, int nextTask);
}
