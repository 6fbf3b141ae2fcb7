package io.fgraph.emulator.hook;

import io.fgraph.emulator.cpu.Decoder;

/**
 * The reserved instruction that traps straight into a Java handler: an I-type instruction in the
 * custom-0 major opcode with funct3=0, rd=x0, rs1=x0 and the 12-bit handler id as the immediate.
 *
 * <pre>
 *  31          20 19   15 14  12 11    7 6       0
 * +--------------+-------+------+-------+---------+
 * |  handler id  | 00000 | 000  | 00000 | 0001011 |
 * +--------------+-------+------+-------+---------+
 * </pre>
 *
 * It is 4 bytes long, the size of the two {@code c.nop}s that {@code -fpatchable-function-entry=2}
 * places at a function entry in an RVC build, so an entry site can be patched in place.
 */
public final class JavaTrap {
    private JavaTrap() {
    }

    public static final int LENGTH = 4;
    public static final int MAX_ID = 0xFFF;

    /** The instruction word for handler {@code id}. */
    public static int encode(int id) {
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("id=" + id + ": must be 0.." + MAX_ID);
        }
        return (id << 20) | Decoder.CUSTOM0_OPCODE;
    }

    /** The handler id of an encoded trap instruction. */
    public static int idOf(int word) {
        return (word >>> 20) & MAX_ID;
    }

    /** The instruction as 4 little-endian bytes, ready for text patching. */
    public static byte[] bytes(int id) {
        int word = encode(id);
        return new byte[] {(byte) word, (byte) (word >>> 8), (byte) (word >>> 16), (byte) (word >>> 24)};
    }
}
