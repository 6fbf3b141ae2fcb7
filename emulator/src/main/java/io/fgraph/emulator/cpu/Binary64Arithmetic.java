package io.fgraph.emulator.cpu;

import static io.fgraph.emulator.cpu.FloatBits.CANONICAL_NAN_64;
import static io.fgraph.emulator.cpu.FloatBits.FRACTION_MASK_64;
import static io.fgraph.emulator.cpu.FloatBits.HIDDEN_BIT_64;
import static io.fgraph.emulator.cpu.FloatBits.INFINITY_64;
import static io.fgraph.emulator.cpu.FloatBits.MAGNITUDE_64;
import static io.fgraph.emulator.cpu.FloatBits.SIGN_64;
import static io.fgraph.emulator.cpu.FloatBits.bits;
import static io.fgraph.emulator.cpu.FloatBits.isNaN;
import static io.fgraph.emulator.cpu.FloatBits.isSignaling;
import static io.fgraph.emulator.cpu.FloatBits.toDouble;

/**
 * Double-precision add, multiply, divide, square root and fused multiply-add, correctly rounded in
 * all five modes with the IEEE exception flags.
 *
 * <p>Java's arithmetic rounds to nearest-even and reports nothing, so each operation first computes
 * that result r and then the exact error of it: TwoSum for the sum, {@code Math.fma(x, y, -r)} for
 * the product, the remainder {@code x - r*y} or {@code x - r*r} for the quotient and the root. These
 * error terms are exact while no value involved is close to the subnormal range; their sign says
 * which neighbour of r a directed mode picks, and whether they are zero decides the inexact flag.
 * Products and quotients that come near the subnormal range, and every fused multiply-add, are
 * computed exactly in integers and rounded by {@link FloatRounder}.
 */
final class Binary64Arithmetic {
    private Binary64Arithmetic() {
    }

    /** Below this magnitude the error of a product or the remainder of a quotient may not be representable. */
    private static final double SMALL = 0x1p-960;
    /** A quotient at least this large is normal in every rounding mode, so it cannot underflow. */
    private static final double SAFELY_NORMAL = 0x1p-1021;
    /** Square roots of values below SMALL are taken of the value times 2^SCALE, then scaled back exactly. */
    private static final double SQRT_SCALE_UP = 0x1p200;
    private static final double SQRT_SCALE_DOWN = 0x1p-100;

    static long add(long a, long b, int rm, FloatFlags flags) {
        double x = toDouble(a);
        double y = toDouble(b);
        double r = x + y;
        if (r != r) {
            return nan(a, b, flags); // a NaN operand, or inf - inf
        }
        if (Double.isInfinite(r)) {
            return Double.isInfinite(x) || Double.isInfinite(y) ? bits(r) : hugeSum(x, y, rm, flags);
        }
        double err = twoSumError(x, y, r);
        if (err == 0) {
            // An exact zero sum is +0 except in round-down, or when both operands are -0.
            return r == 0 && rm == FloatRoundingMode.RDN && (a | b) != 0 ? SIGN_64 : bits(r);
        }
        // An inexact sum has more than 53 significant bits above 2^-1074, so r is far from the subnormals.
        return inexact(r, err, rm, flags);
    }

    /** Fast2Sum, the larger magnitude first: (x + y) - r exactly, for r = x + y rounded to nearest and finite. */
    private static double twoSumError(double x, double y, double r) {
        double big = Math.abs(x) >= Math.abs(y) ? x : y;
        double small = big == x ? y : x;
        return small - (r - big);
    }

    /**
     * A finite sum that rounds to infinity in nearest-even: at least MAX + ulp(MAX)/2, but it may still
     * round to MAX without overflowing in a mode towards zero. Both operands are then above 2^969, so
     * halving them is exact; the half sum is rounded in mode rm and doubled.
     */
    private static long hugeSum(double x, double y, int rm, FloatFlags flags) {
        double hx = x * 0.5;
        double hy = y * 0.5;
        double h = hx + hy;
        double err = twoSumError(hx, hy, h);
        double rounded = toDouble(err == 0 ? bits(h) : inexact(h, err, rm, flags)) * 2;
        return Double.isInfinite(rounded) ? FloatRounder.overflow64(rounded < 0, rm, flags) : bits(rounded);
    }

    static long sub(long a, long b, int rm, FloatFlags flags) {
        return add(a, b ^ SIGN_64, rm, flags);
    }

    static long mul(long a, long b, int rm, FloatFlags flags) {
        double x = toDouble(a);
        double y = toDouble(b);
        double r = x * y;
        if (r != r) {
            return nan(a, b, flags); // a NaN operand, or 0 * inf
        }
        if (Double.isInfinite(r)) {
            // Overflow in nearest-even; the exact path decides for the other modes.
            return Double.isInfinite(x) || Double.isInfinite(y) ? bits(r) : mulExact(a, b, rm, flags);
        }
        if (Math.abs(r) < SMALL) {
            return x == 0 || y == 0 ? bits(r) : mulExact(a, b, rm, flags);
        }
        double err = Math.fma(x, y, -r);
        return err == 0 ? bits(r) : inexact(r, err, rm, flags);
    }

    static long div(long a, long b, int rm, FloatFlags flags) {
        if (isNaN(a) || isNaN(b)) {
            return nan(a, b, flags);
        }
        double x = toDouble(a);
        double y = toDouble(b);
        long sign = (a ^ b) & SIGN_64;
        if (y == 0) {
            if (x == 0) {
                return invalid(flags);
            }
            if (!Double.isInfinite(x)) {
                flags.raise(FloatFlags.DZ);
            }
            return sign | INFINITY_64;
        }
        double r = x / y;
        if (r != r) {
            return invalid(flags); // inf / inf
        }
        if (Double.isInfinite(r)) {
            return Double.isInfinite(x) ? bits(r) : divExact(a, b, rm, flags);
        }
        if (x == 0 || Double.isInfinite(y)) {
            return bits(r); // an exact zero
        }
        if (Math.abs(x) < SMALL || Math.abs(r) < SAFELY_NORMAL) {
            return divExact(a, b, rm, flags);
        }
        double remainder = Math.fma(-r, y, x); // x - r*y, exact: the quotient's error has its sign times y's
        if (remainder == 0) {
            return bits(r);
        }
        return inexactSign(r, (remainder < 0) != (y < 0) ? -1 : 1, rm, flags);
    }

    static long sqrt(long a, int rm, FloatFlags flags) {
        if (isNaN(a)) {
            return nan(a, a, flags);
        }
        double x = toDouble(a);
        if (x == 0 || x == Double.POSITIVE_INFINITY) {
            return a; // sqrt(-0) is -0
        }
        if (x < 0) {
            return invalid(flags);
        }
        boolean scaled = x < SMALL;
        double s = scaled ? x * SQRT_SCALE_UP : x;
        double r = Math.sqrt(s);
        double remainder = Math.fma(-r, r, s); // s - r*r, exact
        long result = remainder == 0 ? bits(r) : inexactSign(r, remainder < 0 ? -1 : 1, rm, flags);
        // A root is never subnormal (sqrt of the smallest subnormal is 2^-537), so scaling back is exact.
        return scaled ? bits(toDouble(result) * SQRT_SCALE_DOWN) : result;
    }

    /** a * b + c with one rounding; the negated forms negate their operands first (a sign flip is exact). */
    static long fma(long a, long b, long c, int rm, FloatFlags flags) {
        long magA = a & MAGNITUDE_64;
        long magB = b & MAGNITUDE_64;
        long magC = c & MAGNITUDE_64;
        boolean infinityTimesZero = magA == INFINITY_64 && magB == 0 || magA == 0 && magB == INFINITY_64;
        if (isNaN(a) || isNaN(b) || isNaN(c)) {
            // The F extension raises invalid for inf * 0 even when the addend is a quiet NaN.
            if (isSignaling(a) || isSignaling(b) || isSignaling(c) || infinityTimesZero) {
                flags.raise(FloatFlags.NV);
            }
            return CANONICAL_NAN_64;
        }
        if (infinityTimesZero) {
            return invalid(flags);
        }
        boolean productNegative = (a ^ b) < 0;
        boolean addendNegative = c < 0;
        if (magA == INFINITY_64 || magB == INFINITY_64) {
            if (magC == INFINITY_64 && addendNegative != productNegative) {
                return invalid(flags);
            }
            return (productNegative ? SIGN_64 : 0) | INFINITY_64;
        }
        if (magC == INFINITY_64) {
            return c;
        }
        if (magA == 0 || magB == 0) {
            if (magC != 0) {
                return c;
            }
            if (productNegative == addendNegative) {
                return c;
            }
            return rm == FloatRoundingMode.RDN ? SIGN_64 : 0;
        }
        long ma = significand(a);
        long mb = significand(b);
        long productHi = Math.multiplyHigh(ma, mb); // both below 2^53: signed and unsigned agree
        long productLo = ma * mb;
        int productExponent = exponent(a) + exponent(b);
        if (magC == 0) {
            return FloatRounder.binary64(productNegative, productHi, productLo, productExponent, rm, flags);
        }
        return FusedSum.round(productNegative, productHi, productLo, productExponent,
                addendNegative, significand(c), exponent(c), rm, flags);
    }

    private static long mulExact(long a, long b, int rm, FloatFlags flags) {
        long ma = significand(a);
        long mb = significand(b);
        return FloatRounder.binary64((a ^ b) < 0, Math.multiplyHigh(ma, mb), ma * mb, exponent(a) + exponent(b),
                rm, flags);
    }

    /** Long division of the significands, 60 quotient bits plus a sticky bit for a non-zero remainder. */
    private static long divExact(long a, long b, int rm, FloatFlags flags) {
        long ma = significand(a);
        long mb = significand(b);
        long quotient = ma / mb;
        long remainder = ma % mb;
        for (int i = 0; i < 6; i++) {
            remainder <<= 10; // remainder < mb < 2^53: no overflow
            quotient = quotient << 10 | remainder / mb;
            remainder %= mb;
        }
        if (remainder != 0) {
            quotient |= 1;
        }
        return FloatRounder.binary64((a ^ b) < 0, 0, quotient, exponent(a) - exponent(b) - 60, rm, flags);
    }

    /** The significand of a finite non-zero value as a 53-bit integer with its leading one at bit 52. */
    static long significand(long bits) {
        long fraction = bits & FRACTION_MASK_64;
        if ((bits & INFINITY_64) == 0) {
            return fraction << (Long.numberOfLeadingZeros(fraction) - 11);
        }
        return fraction | HIDDEN_BIT_64;
    }

    /** The exponent e of a finite non-zero value: |value| = significand(bits) * 2^e. */
    static int exponent(long bits) {
        int biased = (int) (bits >>> 52) & 0x7FF;
        if (biased == 0) {
            return -1074 - (Long.numberOfLeadingZeros(bits & FRACTION_MASK_64) - 11);
        }
        return biased - 1075;
    }

    /** r rounded to nearest from an exact value r + err (err exact and non-zero): the result in mode rm. */
    private static long inexact(double r, double err, int rm, FloatFlags flags) {
        boolean tie = rm == FloatRoundingMode.RMM && Math.abs(err) == Math.ulp(r) * 0.5;
        return step(r, err < 0 ? -1 : 1, tie, rm, flags);
    }

    /** As {@link #inexact} when only the sign of the error is known; ties are then impossible (quotients, roots). */
    private static long inexactSign(double r, int errorSign, int rm, FloatFlags flags) {
        return step(r, errorSign, false, rm, flags);
    }

    /**
     * Moves r (normal, the nearest-even result) to the neighbour a directed mode or a tie under RMM
     * asks for. Incrementing the bits moves away from zero for either sign, and from the largest
     * finite value to infinity (an overflow).
     */
    private static long step(double r, int errorSign, boolean tie, int rm, FloatFlags flags) {
        flags.raise(FloatFlags.NX);
        long bits = bits(r);
        boolean below = (errorSign < 0) != (bits < 0); // the exact magnitude is below |r|
        boolean move;
        switch (rm) {
            case FloatRoundingMode.RTZ: move = below; break;
            case FloatRoundingMode.RDN: move = errorSign < 0; break;
            case FloatRoundingMode.RUP: move = errorSign > 0; break;
            case FloatRoundingMode.RMM: move = tie && !below; break;
            default: move = false; break;
        }
        if (move) {
            bits += below ? -1 : 1;
            if ((bits & MAGNITUDE_64) == INFINITY_64) {
                flags.raise(FloatFlags.OF);
            }
        }
        return bits;
    }

    /** The canonical NaN for an operation with a NaN operand (invalid if one signals) or an invalid one. */
    private static long nan(long a, long b, FloatFlags flags) {
        if (!isNaN(a) && !isNaN(b) || isSignaling(a) || isSignaling(b)) {
            flags.raise(FloatFlags.NV);
        }
        return CANONICAL_NAN_64;
    }

    private static long invalid(FloatFlags flags) {
        flags.raise(FloatFlags.NV);
        return CANONICAL_NAN_64;
    }
}
