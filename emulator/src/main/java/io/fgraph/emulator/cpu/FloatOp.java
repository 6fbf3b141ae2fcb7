package io.fgraph.emulator.cpu;

/**
 * The F and D computational instructions as the decoder hands them to {@link FloatUnit}: every
 * one decodes to {@link Op#FLOAT} with this immediate (FP loads and stores have their own
 * {@link Op}s).
 *
 * <pre>
 *  63          14 13     9 8     6 5    4        0
 * +--------------+--------+-------+---+----------+
 * |      0       |  rs3   |  rm   | D | function |
 * +--------------+--------+-------+---+----------+
 * </pre>
 *
 * D is set for the double-precision form. rm is the instruction's rounding mode
 * ({@link FloatRoundingMode}, DYN included); operations that do not round get RNE so that an
 * invalid frm never affects them. rs3 is the addend register of the fused multiply-adds.
 * {@link #FUNCTION_MASK} | {@link #DOUBLE_BIT} together select the operation in one switch.
 */
public final class FloatOp {
    private FloatOp() {
    }

    public static final int ADD = 0;
    public static final int SUB = 1;
    public static final int MUL = 2;
    public static final int DIV = 3;
    public static final int SQRT = 4;
    public static final int SGNJ = 5;
    public static final int SGNJN = 6;
    public static final int SGNJX = 7;
    public static final int MIN = 8;
    public static final int MAX = 9;
    public static final int EQ = 10;
    public static final int LT = 11;
    public static final int LE = 12;
    public static final int CLASS = 13;
    /** rs1 * rs2 + rs3. */
    public static final int MADD = 14;
    /** rs1 * rs2 - rs3. */
    public static final int MSUB = 15;
    /** -(rs1 * rs2) + rs3. */
    public static final int NMSUB = 16;
    /** -(rs1 * rs2) - rs3. */
    public static final int NMADD = 17;
    /** fcvt.w.s / fcvt.w.d: to a signed 32-bit integer. */
    public static final int TO_W = 18;
    public static final int TO_WU = 19;
    public static final int TO_L = 20;
    public static final int TO_LU = 21;
    /** fcvt.s.w / fcvt.d.w: from a signed 32-bit integer. */
    public static final int FROM_W = 22;
    public static final int FROM_WU = 23;
    public static final int FROM_L = 24;
    public static final int FROM_LU = 25;
    /** fcvt.s.d (in the S form) and fcvt.d.s (in the D form): from the other precision. */
    public static final int FROM_OTHER = 26;
    /** fmv.x.w / fmv.x.d. */
    public static final int MV_TO_X = 27;
    /** fmv.w.x / fmv.d.x. */
    public static final int MV_FROM_X = 28;

    public static final int FUNCTION_BITS = 5;
    public static final int FUNCTION_MASK = (1 << FUNCTION_BITS) - 1;
    public static final int DOUBLE_BIT = 1 << FUNCTION_BITS;
    public static final int SELECTOR_MASK = FUNCTION_MASK | DOUBLE_BIT;
    public static final int RM_SHIFT = FUNCTION_BITS + 1;
    public static final int RM_MASK = 7;
    public static final int RS3_SHIFT = RM_SHIFT + 3;
    public static final int RS3_MASK = 31;

    public static long encode(int function, boolean doublePrecision, int rm, int rs3) {
        return function | (doublePrecision ? DOUBLE_BIT : 0) | (long) rm << RM_SHIFT | (long) rs3 << RS3_SHIFT;
    }

    /** The operation and precision: a function, plus {@link #DOUBLE_BIT} for the D form. */
    public static int selector(long immediate) {
        return (int) immediate & SELECTOR_MASK;
    }

    public static int roundingMode(long immediate) {
        return (int) (immediate >>> RM_SHIFT) & RM_MASK;
    }

    public static int rs3(long immediate) {
        return (int) (immediate >>> RS3_SHIFT) & RS3_MASK;
    }
}
