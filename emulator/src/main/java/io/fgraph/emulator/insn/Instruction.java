package io.fgraph.emulator.insn;

import io.fgraph.emulator.cpu.CompressedExpander;
import io.fgraph.emulator.cpu.DecodedForm;
import io.fgraph.emulator.cpu.Decoder;
import io.fgraph.emulator.memory.Memory;

/**
 * One instruction at an address, decoded once by {@link Decoder} (the single owner of RISC-V
 * instruction fields): its length, raw bits, operation ({@link io.fgraph.emulator.cpu.Op}),
 * registers and immediate. Compressed instructions are expanded first, so {@code c.j} is a
 * {@code jal x0} of length 2.
 */
public record Instruction(long address, int length, int bits, int decoded, long immediate) {
    /** Decodes the instruction at {@code address}; throws {@code MemoryFault} if it cannot be read. */
    public static Instruction at(Memory memory, long address) {
        Decoder decoder = new Decoder();
        int low = memory.fetch16(address);
        if ((low & 3) != 3) {
            int decoded = decoder.decode(CompressedExpander.expand(low), 2);
            return new Instruction(address, 2, low, decoded, decoder.immediate());
        }
        int bits = low | (memory.fetch16(address + 2) << 16);
        int decoded = decoder.decode(bits, 4);
        return new Instruction(address, 4, bits, decoded, decoder.immediate());
    }

    /** The operation, an {@link io.fgraph.emulator.cpu.Op} constant. */
    public int op() {
        return DecodedForm.op(decoded);
    }

    /** The destination register, 0..31 (x0 for none). */
    public int rd() {
        int rd = DecodedForm.rd(decoded);
        return rd == DecodedForm.SINK_REGISTER ? 0 : rd;
    }

    public int rs1() {
        return DecodedForm.rs1(decoded);
    }

    public int rs2() {
        return DecodedForm.rs2(decoded);
    }

    /** The address of the next instruction in memory. */
    public long next() {
        return address + length;
    }

    /** The instruction's bytes as they are in memory (little-endian). */
    public byte[] bytes() {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (bits >>> (8 * i));
        }
        return bytes;
    }

    /** The raw bits in hex, as a disassembler shows them ({@code 0x00153023}, {@code 0xe500}). */
    public String hex() {
        return String.format("0x%0" + (2 * length) + "x", length == 2 ? bits & 0xFFFF : bits);
    }

    @Override
    public String toString() {
        return hex() + " at 0x" + Long.toHexString(address);
    }
}
