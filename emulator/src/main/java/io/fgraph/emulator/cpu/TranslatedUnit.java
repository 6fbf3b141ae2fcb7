package io.fgraph.emulator.cpu;

/**
 * A region of one decoded page compiled to JVM bytecode (see {@link UnitCompiler}): the base of
 * every generated hidden class. A unit belongs to the {@link DecodedPage} it was built from and
 * dies with it: a write to the page drops the page, and its units with it.
 */
abstract class TranslatedUnit {
    /** The page this unit was compiled from; generated code checks {@link DecodedPage#valid} after each store. */
    final DecodedPage page;

    protected TranslatedUnit(DecodedPage page) {
        this.page = page;
    }

    /**
     * Runs guest code from the block at {@code slot} (one of this unit's entries) until it leaves
     * the unit, a store invalidates the page, an access faults, or the next block would take the
     * count past {@code limit}. Returns the pc of the next instruction to run (of the faulting one
     * after a fault); {@link UnitFrame#executed} says how many instructions ran (the faulting one
     * included) and {@link UnitFrame#fault} holds the fault, if any. Registers are in the hart.
     */
    abstract long run(UnitFrame frame, int slot, int limit);
}
