package io.fgraph.emulator.hook;

import io.fgraph.emulator.cpu.Decoder;

/**
 * The reserved instruction that traps straight into a Java handler: a 32-bit instruction in the
 * custom-0 major opcode whose upper 16 bits are zero, with the 9-bit handler id in bits 15:7.
 *
 * <pre>
 *  31                         16 15          7 6       0
 * +-----------------------------+-------------+---------+
 * |  0000000000000000           |  handler id | 0001011 |
 * +-----------------------------+-------------+---------+
 *   upper parcel: 0x0000          lower parcel
 * </pre>
 *
 * It is 4 bytes long, the size of the two {@code c.nop}s that {@code -fpatchable-function-entry=2}
 * places at a function entry in an RVC build, so an entry site can be patched in place. The upper
 * parcel is zero on purpose: 0x0000 is RVC's defined illegal instruction, so a hart that stopped
 * between the two {@code c.nop}s when the trap was written, and resumes at the second one, takes
 * an illegal-instruction exception (which the patcher turns into the second {@code c.nop}) instead
 * of running the trap's upper half as some valid compressed instruction.
 */
public final class JavaTrap {
    private JavaTrap() {
    }

    public static final int LENGTH = 4;
    public static final int MAX_ID = 0x1FF;
    private static final int ID_SHIFT = 7;

    /** The instruction word for handler {@code id}. */
    public static int encode(int id) {
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("id=" + id + ": must be 0.." + MAX_ID);
        }
        return (id << ID_SHIFT) | Decoder.CUSTOM0_OPCODE;
    }

    /** The handler id of an encoded trap instruction. */
    public static int idOf(int word) {
        return (word >>> ID_SHIFT) & MAX_ID;
    }

    /** Whether {@code word} is a trap instruction (custom-0 with its upper 16 bits zero). */
    public static boolean is(int word) {
        return (word & 0x7F) == Decoder.CUSTOM0_OPCODE && (word >>> 16) == 0;
    }

    /** The instruction as 4 little-endian bytes, ready for text patching. */
    public static byte[] bytes(int id) {
        int word = encode(id);
        return new byte[] {(byte) word, (byte) (word >>> 8), (byte) (word >>> 16), (byte) (word >>> 24)};
    }
}
