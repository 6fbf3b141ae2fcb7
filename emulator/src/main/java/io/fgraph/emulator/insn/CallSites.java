package io.fgraph.emulator.insn;

import io.fgraph.emulator.cpu.CompressedExpander;
import io.fgraph.emulator.cpu.DecodedForm;
import io.fgraph.emulator.cpu.Decoder;
import io.fgraph.emulator.cpu.Op;
import io.fgraph.emulator.memory.Memory;
import io.fgraph.emulator.memory.TextPatches;

/**
 * Tells whether a return address was written by a call: the instruction just before it links
 * {@code ra} ({@code jal ra, f}, {@code jalr ra, ...}, {@code c.jalr}). An entry hook uses it to tell
 * a call from a jump that lands on a function's first instruction without linking (a coroutine's
 * first switch returning into it, a hand-written {@code jr}). It reads the program's instructions
 * ({@link TextPatches}): a call that a kprobe or an entry hook has patched is still a call. Not
 * thread-safe: one per hart.
 */
public final class CallSites {
    private static final int RA = 1;

    private final Memory memory;
    private final Decoder decoder = new Decoder();

    public CallSites(Memory memory) {
        this.memory = memory;
    }

    /** True if the instruction ending at {@code returnAddress} is a call that links {@code ra}. */
    public boolean followsCall(long returnAddress) {
        TextPatches text = memory.textPatches(); // the program's instructions, not a hook's patch over them
        if (memory.contains(returnAddress - 2, 2)) {
            int half = text.parcel(returnAddress - 2);
            if ((half & 3) != 3 && links(decoder.decode(CompressedExpander.expand(half), 2))) {
                return true;
            }
        }
        if (memory.contains(returnAddress - 4, 4)) {
            int low = text.parcel(returnAddress - 4);
            if ((low & 3) == 3) {
                int word = low | (text.parcel(returnAddress - 2) << 16);
                return links(decoder.decode(word, 4));
            }
        }
        return false;
    }

    private static boolean links(int decoded) {
        int op = DecodedForm.op(decoded);
        return (op == Op.JAL || op == Op.JALR) && DecodedForm.rd(decoded) == RA;
    }
}
