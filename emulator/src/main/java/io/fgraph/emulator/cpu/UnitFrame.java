package io.fgraph.emulator.cpu;

import io.fgraph.emulator.memory.Memory;

/**
 * What a {@link TranslatedUnit} reads and reports, one per hart: the hart's registers and memory
 * on the way in; on the way out, how many instructions ran and the fault that stopped it.
 */
final class UnitFrame {
    final Hart hart;
    final long[] x;
    final Memory memory;
    /** Out: instructions the last {@link TranslatedUnit#run} executed. */
    int executed;
    /** Out: the exception the last run stopped at (a {@code MemoryFault} or a {@link GuestTrap}), or null. */
    RuntimeException fault;

    UnitFrame(Hart hart) {
        this.hart = hart;
        this.x = hart.x;
        this.memory = hart.memory;
    }
}
