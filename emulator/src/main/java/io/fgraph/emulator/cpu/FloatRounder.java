package io.fgraph.emulator.cpu;

import static io.fgraph.emulator.cpu.FloatBits.INFINITY_32;
import static io.fgraph.emulator.cpu.FloatBits.INFINITY_64;
import static io.fgraph.emulator.cpu.FloatBits.MAX_FINITE_32;
import static io.fgraph.emulator.cpu.FloatBits.MAX_FINITE_64;
import static io.fgraph.emulator.cpu.FloatBits.SIGN_32;
import static io.fgraph.emulator.cpu.FloatBits.SIGN_64;

/**
 * Rounds an exact value to binary32 or binary64 in any of the five rounding modes and raises the
 * exception flags as the F extension specifies: inexact, overflow, and underflow when the result is
 * tiny and inexact, with tininess detected after rounding (the rounded result, computed with an
 * unbounded exponent range, is below the smallest normal number).
 *
 * <p>The exact value comes as an unsigned 128-bit magnitude {@code hi:lo} times {@code 2^exponent}.
 * The magnitude may be "jammed": a value that lies strictly between two integers 2k and 2k+2 may
 * be given as 2k+1 (an OR of all the bits shifted out into bit 0), as long as the magnitude keeps at
 * least two bits below the result's last bit; every caller keeps far more. The round-and-pack step
 * follows Berkeley SoftFloat's design: a 64-bit significand with its leading one at bit 62 (10
 * round bits for binary64) or a 32-bit one with its leading one at bit 30 (7 round bits for binary32).
 */
final class FloatRounder {
    private FloatRounder() {
    }

    /** Exponent field - 1 of a significand whose leading one is at bit 62, for binary64's bias (SoftFloat's convention). */
    private static final int BIAS_64 = 1022;
    private static final int BIAS_32 = 126;

    /** The binary64 nearest (in mode {@code rm}) to {@code (hi:lo) * 2^exponent}; the magnitude must not be zero. */
    static long binary64(boolean negative, long hi, long lo, int exponent, int rm, FloatFlags flags) {
        int lead = leadingBit(hi, lo);
        long sig = significand62(hi, lo, lead);
        return roundPack64(negative, exponent + lead + BIAS_64, sig, rm, flags);
    }

    /** The binary32 nearest (in mode {@code rm}) to {@code (hi:lo) * 2^exponent}; the magnitude must not be zero. */
    static int binary32(boolean negative, long hi, long lo, int exponent, int rm, FloatFlags flags) {
        int lead = leadingBit(hi, lo);
        long sig = significand62(hi, lo, lead);
        int sig30 = (int) (sig >>> 32) | ((int) sig != 0 ? 1 : 0);
        return roundPack32(negative, exponent + lead + BIAS_32, sig30, rm, flags);
    }

    /**
     * Rounds to binary32 the exact value {@code d + err}, where {@code d} is that value rounded to
     * nearest binary64 and {@code errorSign} is the sign of {@code err} (0 when d is exact). Correct
     * because every binary32 rounding boundary is a binary64 value: the exact value lies strictly
     * between d and its neighbour towards err, which the jammed magnitude stands for.
     */
    static int binary32(double d, int errorSign, int rm, FloatFlags flags) {
        long bits = Double.doubleToRawLongBits(d);
        long magnitude = bits & FloatBits.MAGNITUDE_64;
        boolean negative = magnitude == 0 && errorSign != 0 ? errorSign < 0 : bits < 0;
        if (errorSign != 0 && magnitude != 0 && (errorSign < 0) != negative) {
            magnitude--; // the exact value is below |d|: start from the double under it
        }
        int biased = (int) (magnitude >>> FloatBits.FRACTION_BITS_64);
        long m = magnitude & FloatBits.FRACTION_MASK_64;
        int e;
        if (biased == 0) {
            e = -1074;
        } else {
            m |= FloatBits.HIDDEN_BIT_64;
            e = biased - 1075;
        }
        if (errorSign != 0) {
            m = m << 1 | 1;
            e--;
        } else if (m == 0) {
            return negative ? SIGN_32 : 0;
        }
        return binary32(negative, 0, m, e, rm, flags);
    }

    /** The result of an operation whose exact value exceeds every finite number: infinity or the largest finite value. */
    static long overflow64(boolean negative, int rm, FloatFlags flags) {
        flags.raise(FloatFlags.OF | FloatFlags.NX);
        boolean toInfinity = rm == FloatRoundingMode.RNE || rm == FloatRoundingMode.RMM
                || FloatRoundingMode.roundsAway(rm, negative);
        return (negative ? SIGN_64 : 0) | (toInfinity ? INFINITY_64 : MAX_FINITE_64);
    }

    private static int leadingBit(long hi, long lo) {
        return hi != 0 ? 127 - Long.numberOfLeadingZeros(hi) : 63 - Long.numberOfLeadingZeros(lo);
    }

    /** The magnitude shifted (and jammed) so that its leading one, now at {@code lead}, is at bit 62. */
    private static long significand62(long hi, long lo, int lead) {
        int right = lead - 62;
        if (right <= 0) {
            return lo << -right; // hi is zero here
        }
        if (right < 64) {
            return hi << (64 - right) | lo >>> right | ((lo << (64 - right)) != 0 ? 1 : 0);
        }
        // right is 64 or 65
        return hi >>> (right - 64) | ((hi << (128 - right)) != 0 && right > 64 || lo != 0 ? 1 : 0);
    }

    static long shiftRightJam64(long value, int count) {
        if (count < 63) {
            return value >>> count | ((value << (64 - count)) != 0 && count > 0 ? 1 : 0);
        }
        return value != 0 ? 1 : 0;
    }

    private static int shiftRightJam32(int value, int count) {
        if (count < 31) {
            return value >>> count | ((value << (32 - count)) != 0 && count > 0 ? 1 : 0);
        }
        return value != 0 ? 1 : 0;
    }

    /**
     * SoftFloat's roundPackToF64: {@code sig} has its leading one at bit 62 (or is smaller after an
     * underflow), {@code exp} is the biased exponent minus one.
     */
    static long roundPack64(boolean negative, int exp, long sig, int rm, FloatFlags flags) {
        boolean nearEven = rm == FloatRoundingMode.RNE;
        long increment = nearEven || rm == FloatRoundingMode.RMM ? 0x200
                : FloatRoundingMode.roundsAway(rm, negative) ? 0x3FF : 0;
        int roundBits = (int) sig & 0x3FF;
        if (exp < 0 || exp >= 0x7FD) {
            if (exp < 0) {
                // Tiny after rounding unless rounding with an unbounded exponent reaches the smallest normal.
                boolean tiny = exp < -1 || sig + increment >= 0;
                sig = shiftRightJam64(sig, -exp);
                exp = 0;
                roundBits = (int) sig & 0x3FF;
                if (tiny && roundBits != 0) {
                    flags.raise(FloatFlags.UF);
                }
            } else if (exp > 0x7FD || sig + increment < 0) {
                return overflow64(negative, rm, flags);
            }
        }
        sig = (sig + increment) >>> 10;
        if (roundBits != 0) {
            flags.raise(FloatFlags.NX);
        }
        if (roundBits == 0x200 && nearEven) {
            sig &= ~1L;
        }
        if (sig == 0) {
            exp = 0;
        }
        return (negative ? SIGN_64 : 0) + ((long) exp << 52) + sig;
    }

    /** SoftFloat's roundPackToF32: {@code sig} has its leading one at bit 30, {@code exp} is the biased exponent minus one. */
    static int roundPack32(boolean negative, int exp, int sig, int rm, FloatFlags flags) {
        boolean nearEven = rm == FloatRoundingMode.RNE;
        int increment = nearEven || rm == FloatRoundingMode.RMM ? 0x40
                : FloatRoundingMode.roundsAway(rm, negative) ? 0x7F : 0;
        int roundBits = sig & 0x7F;
        if (exp < 0 || exp >= 0xFD) {
            if (exp < 0) {
                boolean tiny = exp < -1 || sig + increment >= 0;
                sig = shiftRightJam32(sig, -exp);
                exp = 0;
                roundBits = sig & 0x7F;
                if (tiny && roundBits != 0) {
                    flags.raise(FloatFlags.UF);
                }
            } else if (exp > 0xFD || sig + increment < 0) {
                flags.raise(FloatFlags.OF | FloatFlags.NX);
                return (negative ? SIGN_32 : 0) | (increment == 0 ? MAX_FINITE_32 : INFINITY_32);
            }
        }
        sig = (sig + increment) >>> 7;
        if (roundBits != 0) {
            flags.raise(FloatFlags.NX);
        }
        if (roundBits == 0x40 && nearEven) {
            sig &= ~1;
        }
        if (sig == 0) {
            exp = 0;
        }
        return (negative ? SIGN_32 : 0) + (exp << 23) + sig;
    }
}
