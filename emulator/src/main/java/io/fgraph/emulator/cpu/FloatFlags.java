package io.fgraph.emulator.cpu;

/**
 * The accrued IEEE 754 exception flags of one hart, the {@code fflags} CSR: the arithmetic ORs a
 * flag in whenever its exception occurs and only software clears them. Bit values as in the F
 * extension's "Accrued exception flag encoding" table.
 */
public final class FloatFlags {
    /** Inexact. */
    public static final int NX = 1;
    /** Underflow: tiny (detected after rounding) and inexact. */
    public static final int UF = 1 << 1;
    /** Overflow. */
    public static final int OF = 1 << 2;
    /** Divide by zero. */
    public static final int DZ = 1 << 3;
    /** Invalid operation. */
    public static final int NV = 1 << 4;
    public static final int MASK = NX | UF | OF | DZ | NV;

    int bits;

    void raise(int flags) {
        bits |= flags;
    }

    /** The flags raised since they were last cleared. */
    public int bits() {
        return bits;
    }
}
