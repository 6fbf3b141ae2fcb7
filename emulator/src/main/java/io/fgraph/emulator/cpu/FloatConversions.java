package io.fgraph.emulator.cpu;

import static io.fgraph.emulator.cpu.FloatBits.CANONICAL_NAN_32;
import static io.fgraph.emulator.cpu.FloatBits.CANONICAL_NAN_64;
import static io.fgraph.emulator.cpu.FloatBits.INFINITY_32;
import static io.fgraph.emulator.cpu.FloatBits.INFINITY_64;
import static io.fgraph.emulator.cpu.FloatBits.MAGNITUDE_64;
import static io.fgraph.emulator.cpu.FloatBits.SIGN_32;
import static io.fgraph.emulator.cpu.FloatBits.bits;
import static io.fgraph.emulator.cpu.FloatBits.isNaN;
import static io.fgraph.emulator.cpu.FloatBits.isSignaling;

/**
 * The fcvt family: between the two precisions, from integers, and to integers with the F
 * extension's saturation. A value that does not fit the integer format (NaN, infinity, or out of
 * range after rounding) raises invalid and gives the table's result: the largest value of the format
 * for NaN and anything too large, the smallest for anything too small; otherwise inexact is raised
 * when rounding changed the value.
 */
final class FloatConversions {
    private FloatConversions() {
    }

    private static final double TWO_31 = 0x1p31;
    private static final double TWO_32 = 0x1p32;
    private static final double TWO_63 = 0x1p63;
    private static final double TWO_64 = 0x1p64;

    /** fcvt.s.d. */
    static int doubleToSingle(long a, int rm, FloatFlags flags) {
        if (isNaN(a)) {
            if (isSignaling(a)) {
                flags.raise(FloatFlags.NV);
            }
            return CANONICAL_NAN_32;
        }
        if ((a & MAGNITUDE_64) == INFINITY_64) {
            return a < 0 ? SIGN_32 | INFINITY_32 : INFINITY_32;
        }
        return FloatRounder.binary32(FloatBits.toDouble(a), 0, rm, flags);
    }

    /** fcvt.d.s: exact, except that NaNs become the canonical NaN. */
    static long singleToDouble(int a, FloatFlags flags) {
        if (isNaN(a)) {
            if (isSignaling(a)) {
                flags.raise(FloatFlags.NV);
            }
            return CANONICAL_NAN_64;
        }
        return bits(FloatBits.widen(a));
    }

    /** A signed (or, with {@code unsigned}, an unsigned) 64-bit integer rounded to binary64. */
    static long integerToDouble(long value, boolean unsigned, int rm, FloatFlags flags) {
        if (value == 0) {
            return 0;
        }
        boolean negative = !unsigned && value < 0;
        return FloatRounder.binary64(negative, 0, negative ? -value : value, 0, rm, flags);
    }

    /** A signed (or unsigned) 64-bit integer rounded to binary32. */
    static int integerToSingle(long value, boolean unsigned, int rm, FloatFlags flags) {
        if (value == 0) {
            return 0;
        }
        boolean negative = !unsigned && value < 0;
        return FloatRounder.binary32(negative, 0, negative ? -value : value, 0, rm, flags);
    }

    /**
     * An operand converted to an integer: {@code value} is its exact value (a single widens exactly)
     * and {@code nan} tells whether it is a NaN. 32-bit results ({@code word}) come back
     * sign-extended, as RV64 writes them to rd, also the unsigned ones.
     */
    static long toInteger(double value, boolean nan, boolean unsigned, boolean word, int rm, FloatFlags flags) {
        long largest = word ? (unsigned ? 0xFFFF_FFFFL : Integer.MAX_VALUE) : (unsigned ? -1L : Long.MAX_VALUE);
        long smallest = unsigned ? 0 : word ? Integer.MIN_VALUE : Long.MIN_VALUE;
        if (nan) {
            flags.raise(FloatFlags.NV);
            return word ? (int) largest : largest;
        }
        double rounded = roundToIntegral(value, rm);
        double low = unsigned ? 0 : word ? -TWO_31 : -TWO_63;
        double high = word ? (unsigned ? TWO_32 : TWO_31) : (unsigned ? TWO_64 : TWO_63); // exclusive
        if (rounded < low) {
            flags.raise(FloatFlags.NV);
            return smallest;
        }
        if (rounded >= high) {
            flags.raise(FloatFlags.NV);
            return word ? (int) largest : largest;
        }
        if (rounded != value) {
            flags.raise(FloatFlags.NX);
        }
        long result = rounded >= TWO_63 ? (long) (rounded - TWO_63) ^ Long.MIN_VALUE : (long) rounded;
        return word ? (int) result : result;
    }

    /** {@code value} rounded to an integral value in mode rm (infinities stay). */
    static double roundToIntegral(double value, int rm) {
        if (!(Math.abs(value) < 0x1p52)) {
            return value; // already integral, or infinite
        }
        switch (rm) {
            case FloatRoundingMode.RTZ: return value < 0 ? Math.ceil(value) : Math.floor(value);
            case FloatRoundingMode.RDN: return Math.floor(value);
            case FloatRoundingMode.RUP: return Math.ceil(value);
            case FloatRoundingMode.RMM: {
                double truncated = value < 0 ? Math.ceil(value) : Math.floor(value);
                return Math.abs(value - truncated) >= 0.5 ? truncated + Math.signum(value) : truncated; // exact below 2^52
            }
            default: return Math.rint(value);
        }
    }
}
