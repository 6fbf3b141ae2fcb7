package io.fgraph.emulator.cpu;

import org.junit.jupiter.api.Test;

import static io.fgraph.emulator.cpu.Asm.FA0;
import static io.fgraph.emulator.cpu.Asm.FA1;
import static io.fgraph.emulator.cpu.Asm.FA2;
import static io.fgraph.emulator.cpu.Asm.RDN;
import static io.fgraph.emulator.cpu.Asm.RMM;
import static io.fgraph.emulator.cpu.Asm.RNE;
import static io.fgraph.emulator.cpu.Asm.RTZ;
import static io.fgraph.emulator.cpu.Asm.RUP;
import static io.fgraph.emulator.cpu.FloatHarness.bits;
import static io.fgraph.emulator.cpu.FloatHarness.boxed;
import static io.fgraph.emulator.cpu.FloatHarness.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * fadd, fsub, fmul, fdiv and fsqrt in both precisions. Expected results follow from IEEE 754 and
 * the F chapter: each rounding mode picks the representable neighbour its rule names (written with
 * {@code Math.nextUp}/{@code nextDown}), ties are exact midpoints, overflow gives infinity or the
 * largest finite value depending on the mode, tininess is detected after rounding, invalid
 * operations give the canonical NaN, and an exact zero sum is -0 only in round-down.
 */
class FloatArithmeticTest {
    static final int NX = FloatFlags.NX;
    static final int UF = FloatFlags.UF;
    static final int OF = FloatFlags.OF;
    static final int DZ = FloatFlags.DZ;
    static final int NV = FloatFlags.NV;
    static final long CANONICAL_NAN = 0x7FF8_0000_0000_0000L;
    static final int CANONICAL_NAN_32 = 0x7FC0_0000;
    static final long SIGNALING_NAN = 0x7FF0_0000_0000_0001L;
    static final int SIGNALING_NAN_32 = 0x7F80_0001;
    static final double MAX = Double.MAX_VALUE;
    static final double MIN_NORMAL = Double.MIN_NORMAL;
    static final double MIN_SUBNORMAL = Double.MIN_VALUE;

    enum Op2 { ADD, SUB, MUL, DIV }

    /** Executes one binary64 operation and checks its result bits and flags. */
    static void d(Op2 op, double a, double b, int rm, double expected, int expectedFlags) {
        d(op, bits(a), bits(b), rm, bits(expected), expectedFlags);
    }

    static void d(Op2 op, long a, long b, int rm, long expected, int expectedFlags) {
        FloatHarness h = new FloatHarness().f(FA1, a).f(FA2, b);
        h.step(asm -> {
            switch (op) {
                case ADD: asm.fadd(true, FA0, FA1, FA2, rm); break;
                case SUB: asm.fsub(true, FA0, FA1, FA2, rm); break;
                case MUL: asm.fmul(true, FA0, FA1, FA2, rm); break;
                default: asm.fdiv(true, FA0, FA1, FA2, rm); break;
            }
        });
        String what = String.format("%s.d 0x%016x, 0x%016x rm=%d", op, a, b, rm);
        assertEquals(String.format("0x%016x", expected), String.format("0x%016x", h.f(FA0)), what);
        assertEquals(expectedFlags, h.flags(), what + " flags");
    }

    static void s(Op2 op, float a, float b, int rm, float expected, int expectedFlags) {
        s(op, Float.floatToRawIntBits(a), Float.floatToRawIntBits(b), rm, Float.floatToRawIntBits(expected), expectedFlags);
    }

    static void s(Op2 op, int a, int b, int rm, int expected, int expectedFlags) {
        FloatHarness h = new FloatHarness().f(FA1, FloatHarness.boxedBits(a)).f(FA2, FloatHarness.boxedBits(b));
        h.step(asm -> {
            switch (op) {
                case ADD: asm.fadd(false, FA0, FA1, FA2, rm); break;
                case SUB: asm.fsub(false, FA0, FA1, FA2, rm); break;
                case MUL: asm.fmul(false, FA0, FA1, FA2, rm); break;
                default: asm.fdiv(false, FA0, FA1, FA2, rm); break;
            }
        });
        String what = String.format("%s.s 0x%08x, 0x%08x rm=%d", op, a, b, rm);
        assertEquals(String.format("0x%08x", expected), String.format("0x%08x", single(h.f(FA0))), what);
        assertEquals(expectedFlags, h.flags(), what + " flags");
    }

    static void sqrtD(double a, int rm, double expected, int expectedFlags) {
        FloatHarness h = new FloatHarness().f(FA1, bits(a));
        h.step(asm -> asm.fsqrt(true, FA0, FA1, rm));
        assertEquals(bits(expected), h.f(FA0), "fsqrt.d " + a + " rm=" + rm);
        assertEquals(expectedFlags, h.flags(), "flags of fsqrt.d " + a);
    }

    static void sqrtS(float a, int rm, int expected, int expectedFlags) {
        FloatHarness h = new FloatHarness().f(FA1, boxed(a));
        h.step(asm -> asm.fsqrt(false, FA0, FA1, rm));
        assertEquals(expected, single(h.f(FA0)), "fsqrt.s " + a + " rm=" + rm);
        assertEquals(expectedFlags, h.flags(), "flags of fsqrt.s " + a);
    }

    @Test
    void exactResultsRaiseNoFlagInAnyMode() {
        for (int rm = RNE; rm <= RMM; rm++) {
            d(Op2.ADD, 1.5, 2.25, rm, 3.75, 0);
            d(Op2.SUB, 1.5, 2.25, rm, -0.75, 0);
            d(Op2.MUL, 3.0, 0.5, rm, 1.5, 0);
            d(Op2.DIV, 1.0, 8.0, rm, 0.125, 0);
            s(Op2.ADD, 1.5f, 2.25f, rm, 3.75f, 0);
            s(Op2.MUL, -3.0f, 0.5f, rm, -1.5f, 0);
            s(Op2.DIV, 7.0f, 2.0f, rm, 3.5f, 0);
        }
    }

    @Test
    void eachDirectedModePicksItsNeighbour() {
        // 1 + 2^-60 lies just above 1, much closer to 1 than to the next double.
        double up = Math.nextUp(1.0);
        d(Op2.ADD, 1.0, 0x1p-60, RNE, 1.0, NX);
        d(Op2.ADD, 1.0, 0x1p-60, RTZ, 1.0, NX);
        d(Op2.ADD, 1.0, 0x1p-60, RDN, 1.0, NX);
        d(Op2.ADD, 1.0, 0x1p-60, RUP, up, NX);
        d(Op2.ADD, 1.0, 0x1p-60, RMM, 1.0, NX);
        // Its negation: round down now moves away from zero.
        d(Op2.ADD, -1.0, -0x1p-60, RDN, -up, NX);
        d(Op2.ADD, -1.0, -0x1p-60, RUP, -1.0, NX);
        d(Op2.ADD, -1.0, -0x1p-60, RTZ, -1.0, NX);
        // 1 - 2^-60 is just below 1: towards zero and down give the double below 1.
        double below = Math.nextDown(1.0);
        d(Op2.SUB, 1.0, 0x1p-60, RNE, 1.0, NX);
        d(Op2.SUB, 1.0, 0x1p-60, RTZ, below, NX);
        d(Op2.SUB, 1.0, 0x1p-60, RDN, below, NX);
        d(Op2.SUB, 1.0, 0x1p-60, RUP, 1.0, NX);
        d(Op2.SUB, 1.0, 0x1p-60, RMM, 1.0, NX);
        // The same in single precision.
        float upS = Math.nextUp(1.0f);
        s(Op2.ADD, 1.0f, 0x1p-30f, RNE, 1.0f, NX);
        s(Op2.ADD, 1.0f, 0x1p-30f, RUP, upS, NX);
        s(Op2.ADD, -1.0f, -0x1p-30f, RDN, -upS, NX);
        s(Op2.SUB, 1.0f, 0x1p-30f, RTZ, Math.nextDown(1.0f), NX);
    }

    @Test
    void tiesGoToEvenOrAwayFromZero() {
        // 1 + 2^-53 is the midpoint of 1 (even) and 1 + 2^-52 (odd).
        double odd = 1 + 0x1p-52;
        d(Op2.ADD, 1.0, 0x1p-53, RNE, 1.0, NX);
        d(Op2.ADD, 1.0, 0x1p-53, RMM, odd, NX);
        d(Op2.ADD, 1.0, 0x1p-53, RTZ, 1.0, NX);
        d(Op2.ADD, 1.0, 0x1p-53, RDN, 1.0, NX);
        d(Op2.ADD, 1.0, 0x1p-53, RUP, odd, NX);
        d(Op2.ADD, -1.0, -0x1p-53, RMM, -odd, NX);
        d(Op2.ADD, -1.0, -0x1p-53, RNE, -1.0, NX);
        // (1 + 2^-52) + 2^-53: the even neighbour is now the upper one.
        d(Op2.ADD, odd, 0x1p-53, RNE, 1 + 0x1p-51, NX);
        d(Op2.ADD, odd, 0x1p-53, RMM, 1 + 0x1p-51, NX);
        // A product tie: (1 + 2^-26)^2 = 1 + 2^-25 + 2^-52 exactly representable; (1+2^-27)(1+2^-26) has a 2^-53 tail.
        d(Op2.MUL, 1 + 0x1p-27, 1 + 0x1p-26, RNE, 1 + 0x1p-26 + 0x1p-27, NX);
        d(Op2.MUL, 1 + 0x1p-27, 1 + 0x1p-26, RMM, 1 + 0x1p-26 + 0x1p-27 + 0x1p-52, NX);
        // Single: 1 + 2^-24 is the midpoint of 1 and 1 + 2^-23.
        s(Op2.ADD, 1.0f, 0x1p-24f, RNE, 1.0f, NX);
        s(Op2.ADD, 1.0f, 0x1p-24f, RMM, 1 + 0x1p-23f, NX);
        s(Op2.ADD, -1.0f, -0x1p-24f, RMM, -(1 + 0x1p-23f), NX);
    }

    @Test
    void overflowGivesInfinityOrTheLargestFiniteValuePerMode() {
        double inf = Double.POSITIVE_INFINITY;
        d(Op2.ADD, MAX, MAX, RNE, inf, OF | NX);
        d(Op2.ADD, MAX, MAX, RMM, inf, OF | NX);
        d(Op2.ADD, MAX, MAX, RTZ, MAX, OF | NX);
        d(Op2.ADD, MAX, MAX, RDN, MAX, OF | NX);
        d(Op2.ADD, MAX, MAX, RUP, inf, OF | NX);
        d(Op2.ADD, -MAX, -MAX, RDN, -inf, OF | NX);
        d(Op2.ADD, -MAX, -MAX, RUP, -MAX, OF | NX);
        d(Op2.MUL, 0x1p600, 0x1p600, RTZ, MAX, OF | NX);
        d(Op2.DIV, MAX, 0.5, RNE, inf, OF | NX);
        d(Op2.DIV, -MAX, 0.5, RTZ, -MAX, OF | NX);
        // MAX + ulp(MAX)/4: below the rounding threshold, so only round-up overflows.
        double quarterUlp = 0x1p969;
        d(Op2.ADD, MAX, quarterUlp, RNE, MAX, NX);
        d(Op2.ADD, MAX, quarterUlp, RMM, MAX, NX);
        d(Op2.ADD, MAX, quarterUlp, RTZ, MAX, NX);
        d(Op2.ADD, MAX, quarterUlp, RUP, inf, OF | NX);
        // MAX + (ulp(MAX) - ulp(MAX)*2^-53): nearest rounds to 2^1024 (overflow), but the value is below 2^1024,
        // so towards zero it is MAX with only inexact: overflow is judged on the rounded value.
        double almostUlp = Double.longBitsToDouble(0x7C9F_FFFF_FFFF_FFFFL);
        d(Op2.ADD, MAX, almostUlp, RNE, inf, OF | NX);
        d(Op2.ADD, MAX, almostUlp, RTZ, MAX, NX);
        d(Op2.ADD, MAX, almostUlp, RDN, MAX, NX);
        d(Op2.ADD, MAX, almostUlp, RUP, inf, OF | NX);
        d(Op2.SUB, -MAX, almostUlp, RUP, -MAX, NX);
        d(Op2.SUB, -MAX, almostUlp, RMM, -inf, OF | NX);
        float maxS = Float.MAX_VALUE;
        s(Op2.ADD, maxS, maxS, RNE, Float.POSITIVE_INFINITY, OF | NX);
        s(Op2.MUL, maxS, 2.0f, RTZ, maxS, OF | NX);
        s(Op2.MUL, -maxS, 2.0f, RUP, -maxS, OF | NX);
        s(Op2.MUL, -maxS, 2.0f, RDN, Float.NEGATIVE_INFINITY, OF | NX);
    }

    @Test
    void exactSubnormalResultsDoNotUnderflow() {
        d(Op2.MUL, MIN_NORMAL, 0.5, RNE, MIN_NORMAL / 2, 0);
        d(Op2.SUB, MIN_NORMAL, MIN_NORMAL / 2 * 3 / 2, RNE, MIN_NORMAL / 4, 0);
        d(Op2.DIV, MIN_SUBNORMAL * 6, 3.0, RNE, MIN_SUBNORMAL * 2, 0);
        s(Op2.MUL, Float.MIN_NORMAL, 0.5f, RNE, Float.MIN_NORMAL / 2, 0);
    }

    @Test
    void inexactTinyResultsUnderflow() {
        // 2^-1075 is the midpoint of 0 and the smallest subnormal.
        d(Op2.MUL, MIN_SUBNORMAL, 0.5, RNE, 0.0, UF | NX);
        d(Op2.MUL, MIN_SUBNORMAL, 0.5, RMM, MIN_SUBNORMAL, UF | NX);
        d(Op2.MUL, MIN_SUBNORMAL, 0.5, RUP, MIN_SUBNORMAL, UF | NX);
        d(Op2.MUL, MIN_SUBNORMAL, 0.5, RTZ, 0.0, UF | NX);
        d(Op2.MUL, -MIN_SUBNORMAL, 0.5, RNE, -0.0, UF | NX);
        d(Op2.MUL, -MIN_SUBNORMAL, 0.5, RDN, -MIN_SUBNORMAL, UF | NX);
        // 2^-1022 / 3 = 1501199875790165.33 * 2^-1074.
        double third = 1501199875790165.0 * MIN_SUBNORMAL;
        d(Op2.DIV, MIN_NORMAL, 3.0, RNE, third, UF | NX);
        d(Op2.DIV, MIN_NORMAL, 3.0, RUP, Math.nextUp(third), UF | NX);
        d(Op2.DIV, MIN_NORMAL, -3.0, RDN, -Math.nextUp(third), UF | NX);
        d(Op2.DIV, MIN_SUBNORMAL, 4.0, RNE, 0.0, UF | NX);
        d(Op2.DIV, MIN_SUBNORMAL, 4.0, RUP, MIN_SUBNORMAL, UF | NX);
        s(Op2.MUL, Float.MIN_VALUE, 0.5f, RNE, 0.0f, UF | NX);
        s(Op2.MUL, Float.MIN_VALUE, 0.25f, RUP, Float.MIN_VALUE, UF | NX);
        // 2^-126 / 3 = 2796202.67 * 2^-149.
        s(Op2.DIV, Float.MIN_NORMAL, 3.0f, RTZ, 2796202 * Float.MIN_VALUE, UF | NX);
        s(Op2.DIV, Float.MIN_NORMAL, 3.0f, RNE, 2796203 * Float.MIN_VALUE, UF | NX);
    }

    @Test
    void tininessIsDetectedAfterRounding() {
        // 2^-1022 * (1 - 2^-53) = 2^-1022 - 2^-1075: with an unbounded exponent it is exact and below
        // 2^-1022 (tiny); on the subnormal grid it is a tie that rounds to 2^-1022. Result normal, yet underflow.
        double belowOne = Math.nextDown(1.0);
        d(Op2.MUL, MIN_NORMAL, belowOne, RNE, MIN_NORMAL, UF | NX);
        // (2^-1022 - 2^-1049) * (1 + 2^-27) = 2^-1022 * (1 - 2^-54): rounding to 53 bits with an unbounded
        // exponent reaches 2^-1022 in nearest and up modes (not tiny: no underflow), not in the others.
        double x = MIN_NORMAL - 0x1p-1049;
        double y = 1 + 0x1p-27;
        double largestSubnormal = Math.nextDown(MIN_NORMAL);
        d(Op2.MUL, x, y, RNE, MIN_NORMAL, NX);
        d(Op2.MUL, x, y, RMM, MIN_NORMAL, NX);
        d(Op2.MUL, x, y, RUP, MIN_NORMAL, NX);
        d(Op2.MUL, x, y, RTZ, largestSubnormal, UF | NX);
        d(Op2.MUL, x, y, RDN, largestSubnormal, UF | NX);
        d(Op2.MUL, -x, y, RDN, -MIN_NORMAL, NX);
        // Just above 2^-1022 is never tiny.
        d(Op2.MUL, MIN_NORMAL * (1 + 0x1p-52), belowOne, RNE, MIN_NORMAL, NX);
        // Single: (2^-126 - 2^-140) * (1 + 2^-14) = 2^-126 * (1 - 2^-28).
        float xs = Float.MIN_NORMAL - 0x1p-140f;
        float ys = 1 + 0x1p-14f;
        s(Op2.MUL, xs, ys, RNE, Float.MIN_NORMAL, NX);
        s(Op2.MUL, xs, ys, RTZ, Math.nextDown(Float.MIN_NORMAL), UF | NX);
        s(Op2.MUL, Float.MIN_NORMAL, Math.nextDown(1.0f), RNE, Float.MIN_NORMAL, UF | NX);
    }

    @Test
    void anExactZeroSumIsNegativeOnlyWhenRoundingDown() {
        for (int rm : new int[] {RNE, RTZ, RUP, RMM}) {
            d(Op2.ADD, 1.0, -1.0, rm, 0.0, 0);
            d(Op2.SUB, 2.5, 2.5, rm, 0.0, 0);
            d(Op2.ADD, 0.0, -0.0, rm, 0.0, 0);
            s(Op2.ADD, 1.0f, -1.0f, rm, 0.0f, 0);
        }
        d(Op2.ADD, 1.0, -1.0, RDN, -0.0, 0);
        d(Op2.SUB, 2.5, 2.5, RDN, -0.0, 0);
        d(Op2.ADD, 0.0, -0.0, RDN, -0.0, 0);
        d(Op2.ADD, 0.0, 0.0, RDN, 0.0, 0);
        s(Op2.ADD, 1.0f, -1.0f, RDN, -0.0f, 0);
        s(Op2.ADD, 0.0f, 0.0f, RDN, 0.0f, 0);
        for (int rm = RNE; rm <= RMM; rm++) {
            d(Op2.ADD, -0.0, -0.0, rm, -0.0, 0);
            d(Op2.SUB, -0.0, 0.0, rm, -0.0, 0);
            d(Op2.MUL, -0.0, 5.0, rm, -0.0, 0);
            d(Op2.DIV, 0.0, -5.0, rm, -0.0, 0);
            s(Op2.ADD, -0.0f, -0.0f, rm, -0.0f, 0);
        }
    }

    @Test
    void invalidOperationsGiveTheCanonicalNan() {
        double inf = Double.POSITIVE_INFINITY;
        d(Op2.ADD, inf, -inf, RNE, Double.longBitsToDouble(CANONICAL_NAN), NV);
        d(Op2.SUB, inf, inf, RNE, Double.longBitsToDouble(CANONICAL_NAN), NV);
        d(Op2.MUL, 0.0, -inf, RNE, Double.longBitsToDouble(CANONICAL_NAN), NV);
        d(Op2.DIV, 0.0, -0.0, RNE, Double.longBitsToDouble(CANONICAL_NAN), NV);
        d(Op2.DIV, -inf, inf, RNE, Double.longBitsToDouble(CANONICAL_NAN), NV);
        float infS = Float.POSITIVE_INFINITY;
        s(Op2.ADD, Float.floatToRawIntBits(infS), Float.floatToRawIntBits(-infS), RNE, CANONICAL_NAN_32, NV);
        s(Op2.MUL, Float.floatToRawIntBits(infS), 0, RNE, CANONICAL_NAN_32, NV);
        s(Op2.DIV, 0, 0, RNE, CANONICAL_NAN_32, NV);
    }

    @Test
    void nanOperandsGiveTheCanonicalNanAndOnlySignallingOnesRaiseInvalid() {
        long quietWithPayload = 0xFFF8_0000_0000_1234L; // negative, with a payload: neither survives
        long one = bits(1.0);
        for (Op2 op : Op2.values()) {
            d(op, quietWithPayload, one, RNE, CANONICAL_NAN, 0);
            d(op, one, quietWithPayload, RNE, CANONICAL_NAN, 0);
            d(op, SIGNALING_NAN, one, RNE, CANONICAL_NAN, NV);
            d(op, one, SIGNALING_NAN | 1L << 63, RNE, CANONICAL_NAN, NV);
            s(op, 0xFFC0_1234, Float.floatToRawIntBits(1.0f), RNE, CANONICAL_NAN_32, 0);
            s(op, SIGNALING_NAN_32, Float.floatToRawIntBits(1.0f), RNE, CANONICAL_NAN_32, NV);
        }
    }

    @Test
    void dividingAFiniteNonZeroValueByZeroRaisesDivideByZero() {
        double inf = Double.POSITIVE_INFINITY;
        d(Op2.DIV, 1.0, 0.0, RNE, inf, DZ);
        d(Op2.DIV, 1.0, -0.0, RTZ, -inf, DZ);
        d(Op2.DIV, -MIN_SUBNORMAL, 0.0, RNE, -inf, DZ);
        d(Op2.DIV, inf, 0.0, RNE, inf, 0); // infinity is exact, not a division by zero
        d(Op2.DIV, inf, 2.0, RNE, inf, 0);
        d(Op2.DIV, 2.0, -inf, RNE, -0.0, 0);
        s(Op2.DIV, 1.0f, -0.0f, RNE, Float.NEGATIVE_INFINITY, DZ);
    }

    @Test
    void divisionRoundsInEveryMode() {
        // 1/3 = 0x3FD5555555555555 and a remainder below half an ulp; the next double up ends in 6.
        double third = Double.longBitsToDouble(0x3FD5_5555_5555_5555L);
        double thirdUp = Double.longBitsToDouble(0x3FD5_5555_5555_5556L);
        d(Op2.DIV, 1.0, 3.0, RNE, third, NX);
        d(Op2.DIV, 1.0, 3.0, RMM, third, NX);
        d(Op2.DIV, 1.0, 3.0, RTZ, third, NX);
        d(Op2.DIV, 1.0, 3.0, RDN, third, NX);
        d(Op2.DIV, 1.0, 3.0, RUP, thirdUp, NX);
        d(Op2.DIV, -1.0, 3.0, RDN, -thirdUp, NX);
        d(Op2.DIV, -1.0, 3.0, RUP, -third, NX);
        // Single: 1/3 = 1.0101...b x 2^-2, the 24th significant bit is followed by 1010...: nearest rounds up.
        s(Op2.DIV, Float.floatToRawIntBits(1.0f), Float.floatToRawIntBits(3.0f), RNE, 0x3EAA_AAAB, NX);
        s(Op2.DIV, Float.floatToRawIntBits(1.0f), Float.floatToRawIntBits(3.0f), RMM, 0x3EAA_AAAB, NX);
        s(Op2.DIV, Float.floatToRawIntBits(1.0f), Float.floatToRawIntBits(3.0f), RTZ, 0x3EAA_AAAA, NX);
        s(Op2.DIV, Float.floatToRawIntBits(1.0f), Float.floatToRawIntBits(3.0f), RDN, 0x3EAA_AAAA, NX);
        s(Op2.DIV, Float.floatToRawIntBits(1.0f), Float.floatToRawIntBits(3.0f), RUP, 0x3EAA_AAAB, NX);
    }

    @Test
    void squareRootRoundsAndHandlesTheSpecialCases() {
        // sqrt(2) = 1.41421356237309504880...; 0x3FF6A09E667F3BCD = 1.4142135623730951454... lies above it.
        double root2 = Double.longBitsToDouble(0x3FF6_A09E_667F_3BCDL);
        sqrtD(2.0, RNE, root2, NX);
        sqrtD(2.0, RMM, root2, NX);
        sqrtD(2.0, RUP, root2, NX);
        sqrtD(2.0, RTZ, Math.nextDown(root2), NX);
        sqrtD(2.0, RDN, Math.nextDown(root2), NX);
        sqrtD(6.25, RNE, 2.5, 0);
        sqrtD(-0.0, RNE, -0.0, 0);
        sqrtD(Double.POSITIVE_INFINITY, RNE, Double.POSITIVE_INFINITY, 0);
        sqrtD(-1.0, RNE, Double.longBitsToDouble(CANONICAL_NAN), NV);
        sqrtD(Double.NEGATIVE_INFINITY, RNE, Double.longBitsToDouble(CANONICAL_NAN), NV);
        sqrtD(MIN_SUBNORMAL, RNE, 0x1p-537, 0); // subnormal operands have normal roots
        sqrtD(MIN_SUBNORMAL * 4, RNE, 0x1p-536, 0);
        // sqrt(2) in single: 0x3FB504F3 = 1.41421353816... lies below it.
        sqrtS(2.0f, RNE, 0x3FB5_04F3, NX);
        sqrtS(2.0f, RUP, 0x3FB5_04F4, NX);
        sqrtS(2.0f, RTZ, 0x3FB5_04F3, NX);
        sqrtS(-2.0f, RNE, CANONICAL_NAN_32, NV);
        sqrtS(0.25f, RNE, Float.floatToRawIntBits(0.5f), 0);
        FloatHarness h = new FloatHarness().f(FA1, SIGNALING_NAN);
        h.step(asm -> asm.fsqrt(true, FA0, FA1, RNE));
        assertEquals(CANONICAL_NAN, h.f(FA0));
        assertEquals(NV, h.flags());
    }

    @Test
    void flagsAccrueAcrossInstructions() {
        FloatHarness h = new FloatHarness().f(FA1, bits(1.0)).f(FA2, bits(0.0));
        h.cpu().machine().memory().write(CpuHarness.BASE, new Asm(CpuHarness.BASE)
                .fdiv(true, FA0, FA1, FA2, RNE)      // DZ
                .fadd(true, FA0, FA1, FA1, RNE)      // exact: raises nothing, clears nothing
                .fdiv(true, FA0, FA1, FA1, RNE)
                .bytes());
        h.hart().fflags.bits = FloatFlags.NX;
        for (int i = 0; i < 3; i++) {
            h.cpu().step(CpuHarness.BASE + 4L * i);
        }
        assertEquals(FloatFlags.NX | FloatFlags.DZ, h.flags());
    }
}
