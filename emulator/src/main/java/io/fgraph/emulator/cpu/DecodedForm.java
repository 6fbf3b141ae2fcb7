package io.fgraph.emulator.cpu;

/**
 * Layout of one decoded instruction as the interpreter reads it from a {@link DecodedPage}:
 * a packed 32-bit word plus a 64-bit immediate kept in a parallel array.
 *
 * <pre>
 *  31 30    28 27 26 25      20 19      14 13       8 7          0
 * +--+--------+-----+----------+----------+----------+------------+
 * |0 | length | 0 0 |   rs2    |   rs1    |    rd    |     op     |
 * +--+--------+-----+----------+----------+----------+------------+
 *       2 or 4       0..31      0..31      0..32       {@link Op}
 * </pre>
 *
 * rd is 6 bits wide because a destination of x0 is decoded as register 32, a sink that is never
 * read, so the interpreter writes results without testing for x0. The length field is never zero,
 * so a packed word of zero means "not decoded yet".
 */
public final class DecodedForm {
    private DecodedForm() {
    }

    public static final int OP_SHIFT = 0;
    public static final int OP_BITS = 8;
    public static final int OP_MASK = (1 << OP_BITS) - 1;
    public static final int RD_SHIFT = OP_SHIFT + OP_BITS;
    public static final int RD_BITS = 6;
    public static final int RD_MASK = (1 << RD_BITS) - 1;
    public static final int RS1_SHIFT = RD_SHIFT + RD_BITS;
    public static final int RS1_BITS = 6;
    public static final int RS1_MASK = (1 << RS1_BITS) - 1;
    public static final int RS2_SHIFT = RS1_SHIFT + RS1_BITS;
    public static final int RS2_BITS = 6;
    public static final int RS2_MASK = (1 << RS2_BITS) - 1;
    public static final int LENGTH_SHIFT = 28;
    public static final int LENGTH_BITS = 3;

    /** Register index that absorbs writes to x0. */
    public static final int SINK_REGISTER = 32;

    public static int pack(int op, int rd, int rs1, int rs2, int length) {
        int dest = rd == 0 ? SINK_REGISTER : rd;
        return (op << OP_SHIFT) | (dest << RD_SHIFT) | (rs1 << RS1_SHIFT) | (rs2 << RS2_SHIFT) | (length << LENGTH_SHIFT);
    }

    /** {@code word} with its operation replaced by {@code op}. */
    public static int withOp(int word, int op) {
        return (word & ~(OP_MASK << OP_SHIFT)) | (op << OP_SHIFT);
    }

    public static int op(int word) {
        return (word >>> OP_SHIFT) & OP_MASK;
    }

    public static int rd(int word) {
        return (word >>> RD_SHIFT) & RD_MASK;
    }

    public static int rs1(int word) {
        return (word >>> RS1_SHIFT) & RS1_MASK;
    }

    public static int rs2(int word) {
        return (word >>> RS2_SHIFT) & RS2_MASK;
    }

    public static int length(int word) {
        return word >>> LENGTH_SHIFT;
    }
}
