package io.fgraph.emulator.cpu;

import static io.fgraph.emulator.cpu.FloatBits.CANONICAL_NAN_32;
import static io.fgraph.emulator.cpu.FloatBits.CANONICAL_NAN_64;
import static io.fgraph.emulator.cpu.FloatBits.isNaN;
import static io.fgraph.emulator.cpu.FloatBits.isSignaling;
import static io.fgraph.emulator.cpu.FloatBits.toDouble;
import static io.fgraph.emulator.cpu.FloatBits.widen;

/**
 * fmin/fmax and the comparisons. fmin and fmax are IEEE 754-2019 minimumNumber/maximumNumber:
 * a NaN operand is ignored (the canonical NaN only when both are NaNs), a signalling NaN raises
 * invalid, and -0 counts as less than +0. feq is a quiet comparison (invalid only for a signalling
 * NaN); flt and fle signal (invalid for any NaN). Comparisons with a NaN are false.
 */
final class FloatCompare {
    private FloatCompare() {
    }

    static long minMax(long a, long b, boolean max, FloatFlags flags) {
        if (isSignaling(a) || isSignaling(b)) {
            flags.raise(FloatFlags.NV);
        }
        boolean nanA = isNaN(a);
        boolean nanB = isNaN(b);
        if (nanA || nanB) {
            return nanA && nanB ? CANONICAL_NAN_64 : nanA ? b : a;
        }
        double x = toDouble(a);
        double y = toDouble(b);
        if (x == y) {
            return max ? a & b : a | b; // equal, or zeros of either sign: OR of the bits picks -0 for min
        }
        return (x < y) != max ? a : b;
    }

    static int minMax(int a, int b, boolean max, FloatFlags flags) {
        if (isSignaling(a) || isSignaling(b)) {
            flags.raise(FloatFlags.NV);
        }
        boolean nanA = isNaN(a);
        boolean nanB = isNaN(b);
        if (nanA || nanB) {
            return nanA && nanB ? CANONICAL_NAN_32 : nanA ? b : a;
        }
        double x = widen(a);
        double y = widen(b);
        if (x == y) {
            return max ? a & b : a | b;
        }
        return (x < y) != max ? a : b;
    }

    static boolean equal(long a, long b, FloatFlags flags) {
        if (isSignaling(a) || isSignaling(b)) {
            flags.raise(FloatFlags.NV);
        }
        return toDouble(a) == toDouble(b);
    }

    static boolean equal(int a, int b, FloatFlags flags) {
        if (isSignaling(a) || isSignaling(b)) {
            flags.raise(FloatFlags.NV);
        }
        return !isNaN(a) && !isNaN(b) && widen(a) == widen(b);
    }

    /** flt ({@code orEqual} false) or fle. */
    static boolean less(long a, long b, boolean orEqual, FloatFlags flags) {
        if (isNaN(a) || isNaN(b)) {
            flags.raise(FloatFlags.NV);
            return false;
        }
        double x = toDouble(a);
        double y = toDouble(b);
        return orEqual ? x <= y : x < y;
    }

    static boolean less(int a, int b, boolean orEqual, FloatFlags flags) {
        if (isNaN(a) || isNaN(b)) {
            flags.raise(FloatFlags.NV);
            return false;
        }
        double x = widen(a);
        double y = widen(b);
        return orEqual ? x <= y : x < y;
    }
}
