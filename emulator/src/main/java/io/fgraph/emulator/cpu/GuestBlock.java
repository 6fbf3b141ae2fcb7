package io.fgraph.emulator.cpu;

/**
 * One basic block of a {@link GuestRegion}: decoded instructions from a head to a control transfer
 * (included, as the last instruction), to an instruction the translator leaves to the interpreter
 * (excluded), to the page end, or to the next head.
 */
final class GuestBlock {
    final int headSlot;
    final long headPc;
    final int[] words;
    final long[] immediates;
    final long[] pcs;
    /** The pc after the last instruction: where a block that does not end in a jump goes on. */
    final long nextPc;

    GuestBlock(int headSlot, long headPc, int[] words, long[] immediates, long[] pcs, long nextPc) {
        this.headSlot = headSlot;
        this.headPc = headPc;
        this.words = words;
        this.immediates = immediates;
        this.pcs = pcs;
        this.nextPc = nextPc;
    }

    int length() {
        return words.length;
    }

    /** True if the last instruction transfers control (a jump or a branch). */
    boolean endsInTransfer() {
        return UnitCompiler.endsBlock(DecodedForm.op(words[words.length - 1]));
    }
}
