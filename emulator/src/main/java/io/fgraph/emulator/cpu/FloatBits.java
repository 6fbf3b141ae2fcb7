package io.fgraph.emulator.cpu;

/**
 * Bit-level facts of binary32 and binary64 values as the F and D extensions store them: the
 * canonical NaNs, signalling-NaN tests, NaN-boxing of single-precision values in the 64-bit
 * registers, and the {@code fclass} mask.
 *
 * <p>NaN-boxing: a single-precision value lives in the low 32 bits of an f register with the upper
 * 32 bits all ones. An operation reading a single-precision operand that is not properly boxed
 * sees the canonical NaN instead; moves and stores (fmv.x.w, fsw) use the low bits as they are.
 */
final class FloatBits {
    private FloatBits() {
    }

    static final long SIGN_64 = 1L << 63;
    static final long MAGNITUDE_64 = ~SIGN_64;
    static final int FRACTION_BITS_64 = 52;
    static final long FRACTION_MASK_64 = (1L << FRACTION_BITS_64) - 1;
    static final long HIDDEN_BIT_64 = 1L << FRACTION_BITS_64;
    static final long QUIET_BIT_64 = 1L << (FRACTION_BITS_64 - 1);
    static final long INFINITY_64 = 0x7FFL << FRACTION_BITS_64;
    static final long MAX_FINITE_64 = INFINITY_64 - 1;
    static final long CANONICAL_NAN_64 = INFINITY_64 | QUIET_BIT_64;

    static final int SIGN_32 = 1 << 31;
    static final int MAGNITUDE_32 = ~SIGN_32;
    static final int FRACTION_BITS_32 = 23;
    static final int INFINITY_32 = 0xFF << FRACTION_BITS_32;
    static final int MAX_FINITE_32 = INFINITY_32 - 1;
    static final int QUIET_BIT_32 = 1 << (FRACTION_BITS_32 - 1);
    static final int CANONICAL_NAN_32 = INFINITY_32 | QUIET_BIT_32;

    /** The upper half of a properly NaN-boxed single-precision value. */
    static final long BOX = 0xFFFF_FFFF_0000_0000L;

    /** The fclass bits, in order of their bit numbers. */
    static final int CLASS_NEGATIVE_INFINITY = 1;
    static final int CLASS_NEGATIVE_NORMAL = 1 << 1;
    static final int CLASS_NEGATIVE_SUBNORMAL = 1 << 2;
    static final int CLASS_NEGATIVE_ZERO = 1 << 3;
    static final int CLASS_POSITIVE_ZERO = 1 << 4;
    static final int CLASS_POSITIVE_SUBNORMAL = 1 << 5;
    static final int CLASS_POSITIVE_NORMAL = 1 << 6;
    static final int CLASS_POSITIVE_INFINITY = 1 << 7;
    static final int CLASS_SIGNALING_NAN = 1 << 8;
    static final int CLASS_QUIET_NAN = 1 << 9;

    static long box(int single) {
        return BOX | (single & 0xFFFF_FFFFL);
    }

    /** The single-precision operand held in {@code register}, or the canonical NaN if it is not NaN-boxed. */
    static int unbox(long register) {
        return (register & BOX) == BOX ? (int) register : CANONICAL_NAN_32;
    }

    static boolean isNaN(long bits) {
        return (bits & MAGNITUDE_64) > INFINITY_64;
    }

    static boolean isNaN(int bits) {
        return (bits & MAGNITUDE_32) > INFINITY_32;
    }

    static boolean isSignaling(long bits) {
        return isNaN(bits) && (bits & QUIET_BIT_64) == 0;
    }

    static boolean isSignaling(int bits) {
        return isNaN(bits) && (bits & QUIET_BIT_32) == 0;
    }

    static int classify(long bits) {
        boolean negative = bits < 0;
        long magnitude = bits & MAGNITUDE_64;
        if (magnitude >= INFINITY_64) {
            if (magnitude == INFINITY_64) {
                return negative ? CLASS_NEGATIVE_INFINITY : CLASS_POSITIVE_INFINITY;
            }
            return (bits & QUIET_BIT_64) != 0 ? CLASS_QUIET_NAN : CLASS_SIGNALING_NAN;
        }
        if (magnitude == 0) {
            return negative ? CLASS_NEGATIVE_ZERO : CLASS_POSITIVE_ZERO;
        }
        if (magnitude < HIDDEN_BIT_64) {
            return negative ? CLASS_NEGATIVE_SUBNORMAL : CLASS_POSITIVE_SUBNORMAL;
        }
        return negative ? CLASS_NEGATIVE_NORMAL : CLASS_POSITIVE_NORMAL;
    }

    static int classify(int bits) {
        // Widening is exact and keeps every class except the NaN kinds, which are read from the single bits.
        if (isNaN(bits)) {
            return (bits & QUIET_BIT_32) != 0 ? CLASS_QUIET_NAN : CLASS_SIGNALING_NAN;
        }
        int magnitude = bits & MAGNITUDE_32;
        boolean negative = bits < 0;
        if (magnitude == INFINITY_32) {
            return negative ? CLASS_NEGATIVE_INFINITY : CLASS_POSITIVE_INFINITY;
        }
        if (magnitude == 0) {
            return negative ? CLASS_NEGATIVE_ZERO : CLASS_POSITIVE_ZERO;
        }
        if (magnitude < 1 << FRACTION_BITS_32) {
            return negative ? CLASS_NEGATIVE_SUBNORMAL : CLASS_POSITIVE_SUBNORMAL;
        }
        return negative ? CLASS_NEGATIVE_NORMAL : CLASS_POSITIVE_NORMAL;
    }

    /** The exact double value of a non-NaN single (NaNs must be handled before: widening may quiet them). */
    static double widen(int bits) {
        return Float.intBitsToFloat(bits);
    }

    static double toDouble(long bits) {
        return Double.longBitsToDouble(bits);
    }

    static long bits(double value) {
        return Double.doubleToRawLongBits(value);
    }
}
