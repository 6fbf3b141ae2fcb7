package io.fgraph.emulator.hook;

import io.fgraph.emulator.cpu.Hart;

/**
 * Sees a synchronous exception before it is taken (delivered to the guest's trap vector or
 * reported), with the hart's pc at the faulting instruction. It may move the pc (an out-of-line
 * copy reports its fault at the original instruction) and return true when it has handled the
 * exception: the hart then goes on at its pc and the exception is not taken.
 */
@FunctionalInterface
public interface ExceptionInterceptor {
    boolean onException(Hart hart, int cause, long value);
}
