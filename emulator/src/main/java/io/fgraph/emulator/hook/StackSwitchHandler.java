package io.fgraph.emulator.hook;

import io.fgraph.emulator.cpu.Hart;

/**
 * Told when a hart writes its stack pointer with an instruction that may switch stacks: a load
 * ({@code ld sp, ...}, as in {@code longjmp} or a coroutine swap) or a move from another register
 * ({@code mv sp, a0}). Runs on the hart's thread after the instruction, with the pc at the next
 * one; it must not change the pc. Ordinary stack arithmetic ({@code addi sp, sp, -N}) is not reported.
 */
@FunctionalInterface
public interface StackSwitchHandler {
    void onStackSwitch(Hart hart, long oldSp, long newSp);
}
