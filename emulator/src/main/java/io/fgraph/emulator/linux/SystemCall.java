package io.fgraph.emulator.linux;

/**
 * One Linux system call's implementation: it reads its arguments from the {@link SystemCallContext}
 * and returns the value for a0: a result, {@code -errno}, or one of the two markers below.
 */
@FunctionalInterface
interface SystemCall {
    /** The calling thread blocked: a0 is set when it is woken (see {@link io.fgraph.emulator.task.TaskScheduler#block}). */
    long BLOCKED = Long.MIN_VALUE;
    /** The calling thread is gone, or the run ended: nothing returns to it. */
    long NO_RETURN = Long.MIN_VALUE + 1;
    /**
     * The calling thread blocked and runs the same call again when woken (its pc stays at the
     * {@code ecall}, its registers as they are): a read of an empty pipe.
     */
    long RESTART = Long.MIN_VALUE + 2;

    long invoke(SystemCallContext call);
}
