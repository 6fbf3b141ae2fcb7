package io.fgraph.core.analysis;

import io.fgraph.core.trace.TraceEvent;

/**
 * Receives a trace as calls, from a {@link CallTreeWalker}. Every call gets exactly one
 * {@link #exit}; it gets an {@link #entry} first unless its entry was not recorded
 * ({@link CallEnd#NO_ENTRY}). Calls of one task nest; tasks may interleave.
 */
public interface CallListener {
    default void entry(Call call) {
    }

    default void exit(Call call) {
    }

    /**
     * Before {@link #entry} of a call with uftrace's {@code backtrace} trigger: its open callers
     * ({@link Call#parent()}) are to be shown.
     */
    default void backtrace(Call call) {
    }

    /** {@code count} events of {@code task} were lost before {@code time}. */
    default void lost(int task, int cpu, long time, long count) {
    }

    /** The task's shadow stack overflowed: {@code overrun} calls in total were not traced so far. */
    default void overrun(int task, int cpu, long time, long overrun) {
    }

    /** A task switch, probe or payload event (the flyweight is valid during the call). */
    default void other(TraceEvent event) {
    }

    /** The trace ended (open calls were closed as {@link CallEnd#OPEN} before). */
    default void end() {
    }
}
