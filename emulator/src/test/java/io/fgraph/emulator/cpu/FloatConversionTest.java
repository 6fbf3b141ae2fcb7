package io.fgraph.emulator.cpu;

import org.junit.jupiter.api.Test;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.FA0;
import static io.fgraph.emulator.cpu.Asm.FA1;
import static io.fgraph.emulator.cpu.Asm.L;
import static io.fgraph.emulator.cpu.Asm.LU;
import static io.fgraph.emulator.cpu.Asm.RDN;
import static io.fgraph.emulator.cpu.Asm.RMM;
import static io.fgraph.emulator.cpu.Asm.RNE;
import static io.fgraph.emulator.cpu.Asm.RTZ;
import static io.fgraph.emulator.cpu.Asm.RUP;
import static io.fgraph.emulator.cpu.Asm.W;
import static io.fgraph.emulator.cpu.Asm.WU;
import static io.fgraph.emulator.cpu.FloatArithmeticTest.CANONICAL_NAN;
import static io.fgraph.emulator.cpu.FloatArithmeticTest.CANONICAL_NAN_32;
import static io.fgraph.emulator.cpu.FloatArithmeticTest.NV;
import static io.fgraph.emulator.cpu.FloatArithmeticTest.NX;
import static io.fgraph.emulator.cpu.FloatArithmeticTest.OF;
import static io.fgraph.emulator.cpu.FloatArithmeticTest.UF;
import static io.fgraph.emulator.cpu.FloatHarness.bits;
import static io.fgraph.emulator.cpu.FloatHarness.boxed;
import static io.fgraph.emulator.cpu.FloatHarness.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fcvt instructions. To integers: rounding in each mode, inexact, and the saturation table of
 * the F chapter ("Domains of float-to-integer conversions"): NaN and values too large give the
 * largest integer, values too small the smallest, each with invalid and without inexact; 32-bit
 * results, unsigned ones included, are sign-extended into rd. From integers: rounding of values
 * wider than the significand. Between precisions: rounding, overflow and underflow to single,
 * exact widening, and the canonical NaN.
 */
class FloatConversionTest {
    static final String[] FORMATS = {"w", "wu", "l", "lu"};

    static long toInt(int format, boolean d, long operand, int rm, int expectedFlags) {
        FloatHarness h = new FloatHarness().f(FA1, operand);
        h.step(asm -> asm.fcvtToInt(format, d, A0, FA1, rm));
        assertEquals(expectedFlags, h.flags(), String.format("flags of fcvt.%s.%s 0x%x rm=%d", FORMATS[format],
                d ? "d" : "s", operand, rm));
        return h.x(A0);
    }

    static void toIntD(int format, double value, int rm, long expected, int expectedFlags) {
        assertEquals(expected, toInt(format, true, bits(value), rm, expectedFlags),
                "fcvt." + FORMATS[format] + ".d " + value + " rm=" + rm);
    }

    static void toIntS(int format, float value, int rm, long expected, int expectedFlags) {
        assertEquals(expected, toInt(format, false, boxed(value), rm, expectedFlags),
                "fcvt." + FORMATS[format] + ".s " + value + " rm=" + rm);
    }

    static long fromInt(int format, boolean d, long value, int rm, int expectedFlags) {
        FloatHarness h = new FloatHarness().x(A1, value);
        h.step(asm -> asm.fcvtFromInt(format, d, FA0, A1, rm));
        assertEquals(expectedFlags, h.flags(), "flags of fcvt from " + FORMATS[format] + " " + value);
        return h.f(FA0);
    }

    @Test
    void toIntegerRoundsInEachMode() {
        toIntD(W, 2.5, RNE, 2, NX);
        toIntD(W, 2.5, RMM, 3, NX);
        toIntD(W, 2.5, RTZ, 2, NX);
        toIntD(W, 2.5, RDN, 2, NX);
        toIntD(W, 2.5, RUP, 3, NX);
        toIntD(W, -2.5, RNE, -2, NX);
        toIntD(W, -2.5, RMM, -3, NX);
        toIntD(W, -2.5, RTZ, -2, NX);
        toIntD(W, -2.5, RDN, -3, NX);
        toIntD(W, -2.5, RUP, -2, NX);
        toIntD(L, 3.5, RNE, 4, NX);
        toIntD(L, -0.25, RMM, 0, NX);
        toIntD(L, 1e15 + 0.75, RNE, 1_000_000_000_000_001L, NX);
        toIntD(L, 0x1p62, RNE, 1L << 62, 0);
        toIntS(W, 1.5f, RNE, 2, NX);
        toIntS(W, -1.5f, RTZ, -1, NX);
        toIntS(L, 0x1p40f, RNE, 1L << 40, 0);
        for (int rm = RNE; rm <= RMM; rm++) {
            toIntD(W, -7.0, rm, -7, 0);
            toIntS(LU, 12.0f, rm, 12, 0);
        }
    }

    @Test
    void toIntegerSaturatesAsTheTableSays() {
        double nan = Double.longBitsToDouble(CANONICAL_NAN);
        double inf = Double.POSITIVE_INFINITY;
        // W: [-2^31, 2^31 - 1]
        toIntD(W, 0x1p31, RNE, Integer.MAX_VALUE, NV);
        toIntD(W, 0x1p31 - 0.5, RNE, Integer.MAX_VALUE, NV); // rounds to 2^31: out of range
        toIntD(W, 0x1p31 - 0.5, RTZ, Integer.MAX_VALUE, NX); // rounds to 2^31 - 1: in range
        toIntD(W, -0x1p31, RNE, Integer.MIN_VALUE, 0);
        toIntD(W, -0x1p31 - 1, RNE, Integer.MIN_VALUE, NV);
        toIntD(W, -0x1p31 - 0.5, RUP, Integer.MIN_VALUE, NX);
        toIntD(W, inf, RNE, Integer.MAX_VALUE, NV);
        toIntD(W, -inf, RNE, Integer.MIN_VALUE, NV);
        toIntD(W, nan, RNE, Integer.MAX_VALUE, NV);
        // WU: [0, 2^32 - 1], sign-extended
        toIntD(WU, 0x1p32 - 1, RNE, -1L, 0);
        toIntD(WU, 3e9, RNE, (int) 3_000_000_000L, 0);
        toIntD(WU, 0x1p32, RNE, -1L, NV);
        toIntD(WU, -1.0, RNE, 0, NV);
        toIntD(WU, -0.5, RTZ, 0, NX); // rounds to -0: representable
        toIntD(WU, -0.5, RDN, 0, NV); // rounds to -1
        toIntD(WU, nan, RNE, -1L, NV);
        toIntD(WU, -inf, RNE, 0, NV);
        // L: [-2^63, 2^63 - 1]
        toIntD(L, 0x1p63, RNE, Long.MAX_VALUE, NV);
        toIntD(L, -0x1p63, RNE, Long.MIN_VALUE, 0);
        toIntD(L, -1e19, RNE, Long.MIN_VALUE, NV);
        toIntD(L, nan, RNE, Long.MAX_VALUE, NV);
        toIntD(L, Math.nextDown(0x1p63), RNE, 0x7FFF_FFFF_FFFF_FC00L, 0);
        // LU: [0, 2^64 - 1]
        toIntD(LU, Math.nextDown(0x1p64), RNE, 0xFFFF_FFFF_FFFF_F800L, 0);
        toIntD(LU, 0x1p63, RNE, Long.MIN_VALUE, 0);
        toIntD(LU, 0x1p64, RNE, -1L, NV);
        toIntD(LU, -1.0, RNE, 0, NV);
        toIntD(LU, nan, RNE, -1L, NV);
        toIntD(LU, inf, RNE, -1L, NV);
        // Single sources, including a signalling NaN and an operand that is not NaN-boxed (a canonical NaN).
        toIntS(W, 3e9f, RNE, Integer.MAX_VALUE, NV);
        toIntS(WU, -3.0f, RNE, 0, NV);
        toIntS(L, -0x1p63f, RNE, Long.MIN_VALUE, 0);
        toIntS(LU, Float.POSITIVE_INFINITY, RNE, -1L, NV);
        assertEquals(Integer.MAX_VALUE, toInt(W, false, FloatHarness.boxedBits(0x7F80_0001), RNE, NV));
        assertEquals(Long.MAX_VALUE, toInt(L, false, bits(1.0), RNE, NV), "an unboxed operand is a NaN");
    }

    @Test
    void fromIntegerRoundsValuesWiderThanTheSignificand() {
        // 2^24 + 1 is the midpoint of 2^24 and 2^24 + 2 in single precision.
        assertEquals(Float.floatToRawIntBits(0x1p24f), single(fromInt(W, false, (1 << 24) + 1, RNE, NX)));
        assertEquals(Float.floatToRawIntBits(0x1p24f + 2), single(fromInt(W, false, (1 << 24) + 1, RMM, NX)));
        assertEquals(Float.floatToRawIntBits(0x1p24f + 2), single(fromInt(W, false, (1 << 24) + 1, RUP, NX)));
        assertEquals(Float.floatToRawIntBits(0x1p24f), single(fromInt(W, false, (1 << 24) + 1, RTZ, NX)));
        assertEquals(Float.floatToRawIntBits(-0x1p24f - 2), single(fromInt(W, false, -(1 << 24) - 1, RDN, NX)));
        assertEquals(Float.floatToRawIntBits(-5.0f), single(fromInt(W, false, -5, RNE, 0)));
        // W uses the low 32 bits as a signed value, WU as an unsigned one.
        assertEquals(Float.floatToRawIntBits(-1.0f), single(fromInt(W, false, 0x0000_0001_FFFF_FFFFL, RNE, 0)));
        assertEquals(bits(5.0), fromInt(WU, true, 0xFFFF_FFFF_0000_0005L, RNE, 0));
        assertEquals(bits(4294967295.0), fromInt(WU, true, -1L, RNE, 0));
        assertEquals(bits(-2147483648.0), fromInt(W, true, Integer.MIN_VALUE, RNE, 0));
        // L and LU: 64-bit values round in double too.
        assertEquals(bits(0x1p63), fromInt(L, true, Long.MAX_VALUE, RNE, NX));
        assertEquals(bits(0x1p63 - 1024), fromInt(L, true, Long.MAX_VALUE, RTZ, NX));
        assertEquals(bits(-0x1p63), fromInt(L, true, Long.MIN_VALUE, RNE, 0));
        assertEquals(bits(0x1p64), fromInt(LU, true, -1L, RNE, NX));
        assertEquals(bits(0x1p64 - 2048), fromInt(LU, true, -1L, RDN, NX));
        assertEquals(bits(0x1p63), fromInt(LU, true, Long.MIN_VALUE, RNE, 0));
        assertEquals(Float.floatToRawIntBits(0x1p64f), single(fromInt(LU, false, -1L, RNE, NX)));
        assertEquals(Float.floatToRawIntBits(0x1p63f - 0x1p39f), single(fromInt(L, false, Long.MAX_VALUE, RTZ, NX)));
        assertEquals(0, single(fromInt(L, false, 0, RDN, 0)), "zero converts to +0 in every mode");
        assertEquals(0, fromInt(LU, true, 0, RDN, 0));
    }

    static long convert(boolean toDouble, long operand, int rm, int expectedFlags) {
        FloatHarness h = new FloatHarness().f(FA1, operand);
        h.step(asm -> asm.fcvtFloat(toDouble, FA0, FA1, rm));
        assertEquals(expectedFlags, h.flags(), String.format("flags of fcvt %s 0x%x rm=%d", toDouble ? "d.s" : "s.d", operand, rm));
        return h.f(FA0);
    }

    @Test
    void doubleToSingleRoundsOverflowsAndUnderflows() {
        long third = bits(1.0 / 3);
        assertEquals(0x3EAA_AAAB, single(convert(false, third, RNE, NX)));
        assertEquals(0x3EAA_AAAA, single(convert(false, third, RTZ, NX)));
        assertEquals(Float.floatToRawIntBits(0.5f), single(convert(false, bits(0.5), RNE, 0)));
        assertEquals(Float.floatToRawIntBits(Float.POSITIVE_INFINITY), single(convert(false, bits(1e300), RNE, OF | NX)));
        assertEquals(Float.floatToRawIntBits(Float.MAX_VALUE), single(convert(false, bits(1e300), RTZ, OF | NX)));
        assertEquals(Float.floatToRawIntBits(-Float.MAX_VALUE), single(convert(false, bits(-1e300), RUP, OF | NX)));
        assertEquals(0, single(convert(false, bits(1e-50), RNE, UF | NX)));
        assertEquals(Float.floatToRawIntBits(Float.MIN_VALUE), single(convert(false, bits(1e-50), RUP, UF | NX)));
        assertEquals(Float.floatToRawIntBits(Float.MIN_VALUE), single(convert(false, bits(0x1p-149), RNE, 0)));
        // 2^-126 * (1 - 2^-25): to 24 bits with an unbounded exponent it is a tie that rounds up to 2^-126.
        assertEquals(Float.floatToRawIntBits(Float.MIN_NORMAL),
                single(convert(false, bits(0x1p-126 * (1 - 0x1p-25)), RNE, NX)));
        assertEquals(Float.floatToRawIntBits(Math.nextDown(Float.MIN_NORMAL)),
                single(convert(false, bits(0x1p-126 * (1 - 0x1p-25)), RTZ, UF | NX)));
        assertEquals(Float.floatToRawIntBits(Float.NEGATIVE_INFINITY), single(convert(false, bits(Double.NEGATIVE_INFINITY), RNE, 0)));
        assertEquals(CANONICAL_NAN_32, single(convert(false, 0xFFF8_0000_0000_1234L, RNE, 0)));
        assertEquals(CANONICAL_NAN_32, single(convert(false, 0x7FF0_0000_0000_0001L, RNE, NV)));
    }

    @Test
    void singleToDoubleIsExactExceptForNans() {
        assertEquals(0x3FB9_9999_A000_0000L, convert(true, boxed(0.1f), RNE, 0));
        assertEquals(bits(Float.MIN_VALUE), convert(true, boxed(Float.MIN_VALUE), RNE, 0));
        assertEquals(bits(-0.0), convert(true, boxed(-0.0f), RNE, 0));
        assertEquals(CANONICAL_NAN, convert(true, FloatHarness.boxedBits(0xFFC0_0001), RNE, 0));
        assertEquals(CANONICAL_NAN, convert(true, FloatHarness.boxedBits(0x7F80_0001), RNE, NV));
        assertEquals(CANONICAL_NAN, convert(true, bits(1.0), RNE, 0), "an unboxed operand is the canonical NaN");
    }
}
