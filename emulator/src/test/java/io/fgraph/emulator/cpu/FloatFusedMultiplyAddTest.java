package io.fgraph.emulator.cpu;

import org.junit.jupiter.api.Test;

import static io.fgraph.emulator.cpu.Asm.FA0;
import static io.fgraph.emulator.cpu.Asm.FA1;
import static io.fgraph.emulator.cpu.Asm.FA2;
import static io.fgraph.emulator.cpu.Asm.FA3;
import static io.fgraph.emulator.cpu.Asm.RDN;
import static io.fgraph.emulator.cpu.Asm.RMM;
import static io.fgraph.emulator.cpu.Asm.RNE;
import static io.fgraph.emulator.cpu.Asm.RTZ;
import static io.fgraph.emulator.cpu.Asm.RUP;
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
 * fmadd, fmsub, fnmsub and fnmadd: one rounding of the exact a*b+c (the F chapter's "fused"
 * definition), their signs, the invalid cases (inf*0 even with a quiet-NaN addend), the sign of
 * exact zeros, and the double-rounding trap of computing a single-precision fma in double.
 */
class FloatFusedMultiplyAddTest {
    enum Kind { MADD, MSUB, NMSUB, NMADD }

    static long d(Kind kind, long a, long b, long c, int rm, int expectedFlags) {
        FloatHarness h = new FloatHarness().f(FA1, a).f(FA2, b).f(FA3, c);
        h.step(asm -> {
            switch (kind) {
                case MADD: asm.fmadd(true, FA0, FA1, FA2, FA3, rm); break;
                case MSUB: asm.fmsub(true, FA0, FA1, FA2, FA3, rm); break;
                case NMSUB: asm.fnmsub(true, FA0, FA1, FA2, FA3, rm); break;
                default: asm.fnmadd(true, FA0, FA1, FA2, FA3, rm); break;
            }
        });
        assertEquals(expectedFlags, h.flags(), String.format("flags of %s.d 0x%x 0x%x 0x%x rm=%d", kind, a, b, c, rm));
        return h.f(FA0);
    }

    static void d(Kind kind, double a, double b, double c, int rm, double expected, int expectedFlags) {
        long result = d(kind, bits(a), bits(b), bits(c), rm, expectedFlags);
        assertEquals(bits(expected), result, () -> String.format("%s.d %s %s %s rm=%d: got %s", kind, a, b, c, rm,
                Double.longBitsToDouble(result)));
    }

    static void s(Kind kind, float a, float b, float c, int rm, float expected, int expectedFlags) {
        FloatHarness h = new FloatHarness().f(FA1, boxed(a)).f(FA2, boxed(b)).f(FA3, boxed(c));
        h.step(asm -> {
            switch (kind) {
                case MADD: asm.fmadd(false, FA0, FA1, FA2, FA3, rm); break;
                case MSUB: asm.fmsub(false, FA0, FA1, FA2, FA3, rm); break;
                case NMSUB: asm.fnmsub(false, FA0, FA1, FA2, FA3, rm); break;
                default: asm.fnmadd(false, FA0, FA1, FA2, FA3, rm); break;
            }
        });
        assertEquals(Float.floatToRawIntBits(expected), single(h.f(FA0)),
                () -> kind + ".s " + a + " " + b + " " + c + " rm=" + rm + ": got " + Float.intBitsToFloat((int) h.f(FA0)));
        assertEquals(expectedFlags, h.flags(), "flags of " + kind + ".s");
    }

    @Test
    void theFourFormsNegateTheProductAndOrTheAddend() {
        d(Kind.MADD, 2.0, 3.0, 1.0, RNE, 7.0, 0);
        d(Kind.MSUB, 2.0, 3.0, 1.0, RNE, 5.0, 0);
        d(Kind.NMSUB, 2.0, 3.0, 1.0, RNE, -5.0, 0);
        d(Kind.NMADD, 2.0, 3.0, 1.0, RNE, -7.0, 0);
        s(Kind.MADD, 2.0f, 3.0f, 1.0f, RNE, 7.0f, 0);
        s(Kind.MSUB, 2.0f, 3.0f, 1.0f, RNE, 5.0f, 0);
        s(Kind.NMSUB, 2.0f, 3.0f, 1.0f, RNE, -5.0f, 0);
        s(Kind.NMADD, 2.0f, 3.0f, 1.0f, RNE, -7.0f, 0);
    }

    @Test
    void theProductIsNotRoundedBeforeTheAddition() {
        // (1 + 2^-30)(1 - 2^-30) - 1 = -2^-60 exactly; rounding the product first would give 0.
        for (int rm = RNE; rm <= RMM; rm++) {
            d(Kind.MADD, 1 + 0x1p-30, 1 - 0x1p-30, -1.0, rm, -0x1p-60, 0);
            d(Kind.MSUB, 1 + 0x1p-30, 1 - 0x1p-30, 1.0, rm, -0x1p-60, 0);
            s(Kind.MADD, 1 + 0x1p-12f, 1 - 0x1p-12f, -1.0f, rm, -0x1p-24f, 0);
        }
        // (1 + 2^-52)^2 - (1 + 2^-51) = 2^-104: the exact low part of the product.
        d(Kind.MADD, 1 + 0x1p-52, 1 + 0x1p-52, -(1 + 0x1p-51), RNE, 0x1p-104, 0);
        // MAX * 2 - MAX = MAX: the product alone would overflow.
        d(Kind.MADD, Double.MAX_VALUE, 2.0, -Double.MAX_VALUE, RNE, Double.MAX_VALUE, 0);
        s(Kind.MADD, Float.MAX_VALUE, 2.0f, -Float.MAX_VALUE, RNE, Float.MAX_VALUE, 0);
    }

    @Test
    void roundsOnceInEveryMode() {
        // 1 * 1 + 2^-53: a tie between 1 and 1 + 2^-52.
        d(Kind.MADD, 1.0, 1.0, 0x1p-53, RNE, 1.0, NX);
        d(Kind.MADD, 1.0, 1.0, 0x1p-53, RMM, 1 + 0x1p-52, NX);
        d(Kind.MADD, 1.0, 1.0, 0x1p-53, RUP, 1 + 0x1p-52, NX);
        d(Kind.MADD, 1.0, 1.0, 0x1p-53, RTZ, 1.0, NX);
        d(Kind.NMADD, 1.0, 1.0, 0x1p-53, RMM, -(1 + 0x1p-52), NX);
        // 3 * (1/3 rounded to nearest) - 1 = -2^-54 exactly (1/3 rounded is 1/3 - 2^-54/3).
        double third = 1.0 / 3;
        d(Kind.MADD, 3.0, third, -1.0, RNE, -0x1p-54, 0);
        // A product with a far-away addend: 1 + 2^-80 rounds to 1, or up in RUP.
        d(Kind.MADD, 0x1p-40, 0x1p-40, 1.0, RNE, 1.0, NX);
        d(Kind.MADD, 0x1p-40, 0x1p-40, 1.0, RUP, Math.nextUp(1.0), NX);
        d(Kind.MADD, 0x1p-40, -0x1p-40, 1.0, RTZ, Math.nextDown(1.0), NX);
        // An addend far above the product, with the product decided by sticky bits only.
        d(Kind.MADD, 1.5, 0x1p-1000, 0x1p100, RDN, 0x1p100, NX);
        d(Kind.MADD, -1.5, 0x1p-1000, 0x1p100, RDN, Math.nextDown(0x1p100), NX);
    }

    @Test
    void singlePrecisionIsNotRoundedTwice() {
        // a = 4097 * 2^-12, b = 16773121 * 2^-48: a*b = (2^36 + 1) * 2^-60 = 2^-24 + 2^-60 exactly.
        // 1 + 2^-24 + 2^-60 is just above the midpoint of 1 and 1 + 2^-23, so it rounds up; rounding it to double
        // first would land on the midpoint and then on 1 (ties to even).
        float a = 4097 * 0x1p-12f;
        float b = 16773121 * 0x1p-48f;
        s(Kind.MADD, a, b, 1.0f, RNE, 1 + 0x1p-23f, NX);
        s(Kind.MADD, a, b, 1.0f, RTZ, 1.0f, NX);
        s(Kind.NMSUB, a, b, -1.0f, RNE, -(1 + 0x1p-23f), NX);
    }

    @Test
    void invalidCasesIncludeInfinityTimesZeroWithAQuietNanAddend() {
        double inf = Double.POSITIVE_INFINITY;
        long quietNan = 0x7FF8_0000_0000_0042L;
        assertEquals(CANONICAL_NAN, d(Kind.MADD, bits(inf), bits(0.0), quietNan, RNE, NV));
        assertEquals(CANONICAL_NAN, d(Kind.MADD, bits(0.0), bits(-inf), bits(1.0), RNE, NV));
        assertEquals(CANONICAL_NAN, d(Kind.MADD, bits(inf), bits(1.0), bits(-inf), RNE, NV));
        assertEquals(CANONICAL_NAN, d(Kind.MSUB, bits(inf), bits(1.0), bits(inf), RNE, NV));
        assertEquals(CANONICAL_NAN, d(Kind.MADD, bits(1.0), bits(2.0), quietNan, RNE, 0));
        assertEquals(CANONICAL_NAN, d(Kind.MADD, 0x7FF0_0000_0000_0001L, bits(2.0), bits(1.0), RNE, NV));
        assertEquals(bits(inf), d(Kind.MADD, bits(inf), bits(2.0), bits(inf), RNE, 0));
        assertEquals(bits(-inf), d(Kind.MADD, bits(1.0), bits(2.0), bits(-inf), RNE, 0));
        FloatHarness h = new FloatHarness().f(FA1, boxed(Float.POSITIVE_INFINITY)).f(FA2, boxed(0.0f))
                .f(FA3, FloatHarness.boxedBits(0x7FC0_0001));
        h.step(asm -> asm.fmadd(false, FA0, FA1, FA2, FA3, RNE));
        assertEquals(CANONICAL_NAN_32, single(h.f(FA0)));
        assertEquals(NV, h.flags());
    }

    @Test
    void exactZerosFollowTheSumRules() {
        d(Kind.MADD, 0.0, 5.0, -0.0, RNE, 0.0, 0);
        d(Kind.MADD, 0.0, 5.0, -0.0, RDN, -0.0, 0);
        d(Kind.MADD, -0.0, 5.0, -0.0, RNE, -0.0, 0);
        d(Kind.NMADD, 0.0, 5.0, 0.0, RNE, -0.0, 0); // -(0 * 5) - 0 = -0 + -0
        d(Kind.MADD, 2.0, 3.0, -6.0, RNE, 0.0, 0);
        d(Kind.MADD, 2.0, 3.0, -6.0, RDN, -0.0, 0);
        d(Kind.MADD, 0.0, 5.0, 3.0, RNE, 3.0, 0);
        s(Kind.MADD, 2.0f, 3.0f, -6.0f, RDN, -0.0f, 0);
        s(Kind.MADD, 2.0f, 3.0f, -6.0f, RUP, 0.0f, 0);
        s(Kind.NMSUB, -0.0f, 1.0f, -0.0f, RNE, 0.0f, 0); // -(-0 * 1) + -0 = +0 + -0
    }

    @Test
    void overflowAndUnderflow() {
        d(Kind.MADD, Double.MAX_VALUE, 2.0, 0.0, RNE, Double.POSITIVE_INFINITY, OF | NX);
        d(Kind.MADD, Double.MAX_VALUE, 2.0, -1.0, RTZ, Double.MAX_VALUE, OF | NX);
        d(Kind.MADD, 0x1p-1000, 0x1p-100, 0.0, RNE, 0.0, UF | NX);
        d(Kind.MADD, 0x1p-1000, 0x1p-100, 0.0, RUP, Double.MIN_VALUE, UF | NX);
        d(Kind.MADD, 0x1p-1000, 0x1p-74, 0.0, RNE, Double.MIN_VALUE, 0); // 2^-1074 exactly
        d(Kind.MADD, Double.MIN_NORMAL, 0.75, -0x1p-1024, RNE, 0x1p-1023, 0); // an exact subnormal sum
        s(Kind.MADD, 0x1p-100f, 0x1p-60f, 0.0f, RNE, 0.0f, UF | NX);
        s(Kind.MADD, 0x1p-100f, 0x1p-60f, -0.0f, RDN, 0.0f, UF | NX);
        s(Kind.MADD, -0x1p-100f, 0x1p-60f, 0.0f, RDN, -Float.MIN_VALUE, UF | NX);
    }
}
