package io.fgraph.emulator.cpu;

/**
 * The rounding-mode encodings of the F extension, used in an instruction's {@code rm} field and in
 * the {@code frm} CSR. 5 and 6 are reserved; {@link #DYN} in an instruction means "use frm", and
 * is itself invalid in frm.
 */
public final class FloatRoundingMode {
    private FloatRoundingMode() {
    }

    /** Round to nearest, ties to even. */
    public static final int RNE = 0;
    /** Round towards zero. */
    public static final int RTZ = 1;
    /** Round down (towards negative infinity). */
    public static final int RDN = 2;
    /** Round up (towards positive infinity). */
    public static final int RUP = 3;
    /** Round to nearest, ties to max magnitude. */
    public static final int RMM = 4;
    /** In an instruction: the dynamic rounding mode held in frm. */
    public static final int DYN = 7;

    /** True for the five modes an operation can round with (RNE..RMM). */
    public static boolean isValid(int mode) {
        return mode >= RNE && mode <= RMM;
    }

    /** True when {@code mode} rounds a result of this sign away from zero whenever it is inexact. */
    static boolean roundsAway(int mode, boolean negative) {
        return mode == (negative ? RDN : RUP);
    }
}
