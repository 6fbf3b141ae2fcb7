package io.fgraph.core;

import io.fgraph.emulator.cpu.Hart;

/**
 * Maps the hart that hit a hook to the task it runs, which owns a shadow stack. On the bare-metal
 * platform a task is a hart ({@link #PER_HART}); a platform with threads supplies its own.
 */
@FunctionalInterface
public interface TaskModel {
    TaskModel PER_HART = Hart::id;

    int taskOf(Hart hart);
}
