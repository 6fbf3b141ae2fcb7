package io.fgraph.emulator.hook;

import io.fgraph.emulator.cpu.Hart;

/**
 * Called for an {@code ebreak} that is not part of a semihosting sequence. The hart's pc is the
 * address of the {@code ebreak}; the handler has full register access and chooses to resume at
 * the (possibly changed) pc, skip the breakpoint, or decline it.
 */
@FunctionalInterface
public interface BreakpointHandler {
    HookAction onBreakpoint(Hart hart);
}
