package io.fgraph.emulator.cpu;

import static io.fgraph.emulator.cpu.FloatBits.CANONICAL_NAN_32;
import static io.fgraph.emulator.cpu.FloatBits.INFINITY_32;
import static io.fgraph.emulator.cpu.FloatBits.MAGNITUDE_32;
import static io.fgraph.emulator.cpu.FloatBits.SIGN_32;
import static io.fgraph.emulator.cpu.FloatBits.bits;
import static io.fgraph.emulator.cpu.FloatBits.isNaN;
import static io.fgraph.emulator.cpu.FloatBits.isSignaling;
import static io.fgraph.emulator.cpu.FloatBits.widen;

/**
 * Single-precision add, multiply, divide, square root and fused multiply-add, correctly rounded in
 * all five modes with the IEEE exception flags.
 *
 * <p>Each operation runs in double precision, where it is exact or has an exactly computable error
 * (binary32 operands are far from binary64's limits): products of two singles are exact, sums and
 * fused sums get their error from TwoSum, quotients and roots from their remainder. The double
 * result and the sign of its error then fix the binary32 result in any mode
 * ({@link FloatRounder#binary32(double, int, int, FloatFlags)}), with no double-rounding error.
 */
final class Binary32Arithmetic {
    private Binary32Arithmetic() {
    }

    static int add(int a, int b, int rm, FloatFlags flags) {
        if (isNaN(a) || isNaN(b)) {
            return nan(a, b, flags);
        }
        double x = widen(a);
        double y = widen(b);
        double s = x + y;
        if (s != s) {
            return invalid(flags); // inf - inf
        }
        if (Double.isInfinite(s)) {
            return infinity(s); // an infinite operand: exact
        }
        if (s == 0) {
            return zeroSum(s, a == 0 && b == 0, rm);
        }
        return FloatRounder.binary32(s, signum(twoSumError(x, y, s)), rm, flags);
    }

    static int sub(int a, int b, int rm, FloatFlags flags) {
        return add(a, b ^ SIGN_32, rm, flags);
    }

    static int mul(int a, int b, int rm, FloatFlags flags) {
        if (isNaN(a) || isNaN(b)) {
            return nan(a, b, flags);
        }
        double p = widen(a) * widen(b); // exact: 48 significant bits, exponents within double's range
        if (p != p) {
            return invalid(flags); // 0 * inf
        }
        if (Double.isInfinite(p) || p == 0) {
            return single(p);
        }
        return FloatRounder.binary32(p, 0, rm, flags);
    }

    static int div(int a, int b, int rm, FloatFlags flags) {
        if (isNaN(a) || isNaN(b)) {
            return nan(a, b, flags);
        }
        double x = widen(a);
        double y = widen(b);
        if (y == 0) {
            if (x == 0) {
                return invalid(flags);
            }
            if (!Double.isInfinite(x)) {
                flags.raise(FloatFlags.DZ);
            }
            return ((a ^ b) & SIGN_32) | INFINITY_32;
        }
        double q = x / y;
        if (q != q) {
            return invalid(flags); // inf / inf
        }
        if (Double.isInfinite(q) || q == 0) {
            return single(q); // an infinite dividend or divisor, or a zero dividend: exact
        }
        double remainder = Math.fma(-q, y, x);
        int errorSign = remainder == 0 ? 0 : (remainder < 0) != (y < 0) ? -1 : 1;
        return FloatRounder.binary32(q, errorSign, rm, flags);
    }

    static int sqrt(int a, int rm, FloatFlags flags) {
        if (isNaN(a)) {
            return nan(a, a, flags);
        }
        double x = widen(a);
        if (x == 0 || x == Double.POSITIVE_INFINITY) {
            return a;
        }
        if (x < 0) {
            return invalid(flags);
        }
        double r = Math.sqrt(x);
        return FloatRounder.binary32(r, signum(Math.fma(-r, r, x)), rm, flags);
    }

    /** a * b + c with one rounding. */
    static int fma(int a, int b, int c, int rm, FloatFlags flags) {
        int magA = a & MAGNITUDE_32;
        int magB = b & MAGNITUDE_32;
        boolean infinityTimesZero = magA == INFINITY_32 && magB == 0 || magA == 0 && magB == INFINITY_32;
        if (isNaN(a) || isNaN(b) || isNaN(c)) {
            if (isSignaling(a) || isSignaling(b) || isSignaling(c) || infinityTimesZero) {
                flags.raise(FloatFlags.NV);
            }
            return CANONICAL_NAN_32;
        }
        double p = widen(a) * widen(b); // exact
        double z = widen(c);
        if (p != p) {
            return invalid(flags); // inf * 0
        }
        double s = p + z;
        if (s != s) {
            return invalid(flags); // inf - inf
        }
        if (Double.isInfinite(s)) {
            return infinity(s);
        }
        if (s == 0) {
            return zeroSum(s, bits(p) == 0 && c == 0, rm);
        }
        return FloatRounder.binary32(s, signum(twoSumError(p, z, s)), rm, flags);
    }

    /** Knuth's TwoSum: (x + y) - s exactly, for s = x + y rounded to nearest (no overflow here). */
    private static double twoSumError(double x, double y, double s) {
        double yPart = s - x;
        return (x - (s - yPart)) + (y - yPart);
    }

    /**
     * An exact zero sum: its sign is Java's (negative only for -0 + -0) in every mode but round-down,
     * where it is -0 unless both terms are +0.
     */
    private static int zeroSum(double s, boolean bothPositiveZero, int rm) {
        if (rm == FloatRoundingMode.RDN) {
            return bothPositiveZero ? 0 : SIGN_32;
        }
        return bits(s) < 0 ? SIGN_32 : 0;
    }

    private static int signum(double err) {
        return err > 0 ? 1 : err < 0 ? -1 : 0;
    }

    /** A zero or infinite double as a single. */
    private static int single(double value) {
        return Float.floatToRawIntBits((float) value);
    }

    private static int infinity(double value) {
        return value > 0 ? INFINITY_32 : SIGN_32 | INFINITY_32;
    }

    private static int nan(int a, int b, FloatFlags flags) {
        if (isSignaling(a) || isSignaling(b)) {
            flags.raise(FloatFlags.NV);
        }
        return CANONICAL_NAN_32;
    }

    private static int invalid(FloatFlags flags) {
        flags.raise(FloatFlags.NV);
        return CANONICAL_NAN_32;
    }
}
