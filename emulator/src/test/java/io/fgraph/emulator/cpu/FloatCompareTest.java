package io.fgraph.emulator.cpu;

import org.junit.jupiter.api.Test;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.FA0;
import static io.fgraph.emulator.cpu.Asm.FA1;
import static io.fgraph.emulator.cpu.Asm.FA2;
import static io.fgraph.emulator.cpu.FloatArithmeticTest.CANONICAL_NAN;
import static io.fgraph.emulator.cpu.FloatArithmeticTest.CANONICAL_NAN_32;
import static io.fgraph.emulator.cpu.FloatArithmeticTest.NV;
import static io.fgraph.emulator.cpu.FloatHarness.bits;
import static io.fgraph.emulator.cpu.FloatHarness.boxed;
import static io.fgraph.emulator.cpu.FloatHarness.boxedBits;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * fmin/fmax (minimumNumber/maximumNumber of IEEE 754-2019, as the F chapter requires since version
 * 2.2), feq/flt/fle (quiet and signalling comparisons), fclass, the sign injections and the moves
 * between x and f registers. Sign injection and the moves are not arithmetic: they keep NaN payloads
 * and raise no flags.
 */
class FloatCompareTest {
    static final long QNAN = 0x7FF8_0000_0000_0007L;
    static final long SNAN = 0x7FF0_0000_0000_0007L;
    static final long QNAN_32 = boxedBits(0x7FC0_0007);
    static final long SNAN_32 = boxedBits(0x7F80_0007);

    enum Kind { MIN, MAX, EQ, LT, LE }

    static long run(Kind kind, boolean d, long a, long b, int expectedFlags) {
        FloatHarness h = new FloatHarness().f(FA1, a).f(FA2, b);
        h.step(asm -> {
            switch (kind) {
                case MIN: asm.fmin(d, FA0, FA1, FA2); break;
                case MAX: asm.fmax(d, FA0, FA1, FA2); break;
                case EQ: asm.feq(d, A0, FA1, FA2); break;
                case LT: asm.flt(d, A0, FA1, FA2); break;
                default: asm.fle(d, A0, FA1, FA2); break;
            }
        });
        assertEquals(expectedFlags, h.flags(), String.format("flags of %s 0x%x 0x%x", kind, a, b));
        return kind == Kind.MIN || kind == Kind.MAX ? h.f(FA0) : h.x(A0);
    }

    @Test
    void minAndMaxIgnoreOneNanAndOrderSignedZeros() {
        assertEquals(bits(1.0), run(Kind.MIN, true, bits(1.0), bits(2.0), 0));
        assertEquals(bits(2.0), run(Kind.MAX, true, bits(1.0), bits(2.0), 0));
        assertEquals(bits(-0.0), run(Kind.MIN, true, bits(0.0), bits(-0.0), 0));
        assertEquals(bits(-0.0), run(Kind.MIN, true, bits(-0.0), bits(0.0), 0));
        assertEquals(bits(0.0), run(Kind.MAX, true, bits(-0.0), bits(0.0), 0));
        assertEquals(bits(1.0), run(Kind.MIN, true, QNAN, bits(1.0), 0));
        assertEquals(bits(1.0), run(Kind.MAX, true, bits(1.0), QNAN, 0));
        assertEquals(bits(1.0), run(Kind.MIN, true, SNAN, bits(1.0), NV), "a signalling NaN is ignored but raises invalid");
        assertEquals(bits(Double.NEGATIVE_INFINITY), run(Kind.MAX, true, bits(Double.NEGATIVE_INFINITY), SNAN, NV));
        assertEquals(CANONICAL_NAN, run(Kind.MIN, true, QNAN, QNAN, 0), "two NaNs give the canonical NaN");
        assertEquals(CANONICAL_NAN, run(Kind.MAX, true, SNAN, QNAN, NV));
        assertEquals(boxed(-3.0f), run(Kind.MIN, false, boxed(-3.0f), boxed(2.0f), 0));
        assertEquals(boxed(-0.0f), run(Kind.MIN, false, boxed(0.0f), boxed(-0.0f), 0));
        assertEquals(boxed(0.0f), run(Kind.MAX, false, boxed(0.0f), boxed(-0.0f), 0));
        assertEquals(boxed(5.0f), run(Kind.MAX, false, SNAN_32, boxed(5.0f), NV));
        assertEquals(boxedBits(CANONICAL_NAN_32), run(Kind.MIN, false, QNAN_32, SNAN_32, NV));
        assertEquals(boxed(5.0f), run(Kind.MIN, false, bits(1.0), boxed(5.0f), 0), "an unboxed operand is a quiet NaN");
    }

    @Test
    void feqIsQuietWhileFltAndFleSignalOnAnyNan() {
        assertEquals(1, run(Kind.EQ, true, bits(-0.0), bits(0.0), 0));
        assertEquals(0, run(Kind.EQ, true, QNAN, QNAN, 0));
        assertEquals(0, run(Kind.EQ, true, SNAN, bits(1.0), NV));
        assertEquals(0, run(Kind.LT, true, QNAN, bits(1.0), NV));
        assertEquals(0, run(Kind.LE, true, bits(1.0), QNAN, NV));
        assertEquals(1, run(Kind.LT, true, bits(1.0), bits(2.0), 0));
        assertEquals(0, run(Kind.LT, true, bits(2.0), bits(2.0), 0));
        assertEquals(1, run(Kind.LE, true, bits(2.0), bits(2.0), 0));
        assertEquals(0, run(Kind.LT, true, bits(-0.0), bits(0.0), 0));
        assertEquals(1, run(Kind.LE, true, bits(0.0), bits(-0.0), 0));
        assertEquals(1, run(Kind.LT, true, bits(Double.NEGATIVE_INFINITY), bits(-Double.MAX_VALUE), 0));
        assertEquals(1, run(Kind.EQ, false, boxed(1.5f), boxed(1.5f), 0));
        assertEquals(0, run(Kind.EQ, false, SNAN_32, boxed(1.5f), NV));
        assertEquals(0, run(Kind.EQ, false, bits(1.5f), bits(1.5f), 0), "unboxed operands are NaNs: not equal");
        assertEquals(0, run(Kind.LE, false, QNAN_32, boxed(1.5f), NV));
        assertEquals(1, run(Kind.LT, false, boxed(-1.5f), boxed(1.5f), 0));
    }

    static long classify(boolean d, long operand) {
        FloatHarness h = new FloatHarness().f(FA1, operand);
        h.step(asm -> asm.fclass(d, A0, FA1));
        assertEquals(0, h.flags());
        return h.x(A0);
    }

    @Test
    void fclassSetsExactlyOneOfTenBits() {
        assertEquals(1 << 0, classify(true, bits(Double.NEGATIVE_INFINITY)));
        assertEquals(1 << 1, classify(true, bits(-1.0)));
        assertEquals(1 << 2, classify(true, bits(-Double.MIN_VALUE)));
        assertEquals(1 << 3, classify(true, bits(-0.0)));
        assertEquals(1 << 4, classify(true, bits(0.0)));
        assertEquals(1 << 5, classify(true, bits(Math.nextDown(Double.MIN_NORMAL))));
        assertEquals(1 << 6, classify(true, bits(Double.MIN_NORMAL)));
        assertEquals(1 << 7, classify(true, bits(Double.POSITIVE_INFINITY)));
        assertEquals(1 << 8, classify(true, SNAN | 1L << 63));
        assertEquals(1 << 9, classify(true, QNAN));
        assertEquals(1 << 0, classify(false, boxed(Float.NEGATIVE_INFINITY)));
        assertEquals(1 << 1, classify(false, boxed(-Float.MAX_VALUE)));
        assertEquals(1 << 2, classify(false, boxed(-Float.MIN_VALUE)));
        assertEquals(1 << 3, classify(false, boxed(-0.0f)));
        assertEquals(1 << 4, classify(false, boxed(0.0f)));
        assertEquals(1 << 5, classify(false, boxed(Float.MIN_VALUE)));
        assertEquals(1 << 6, classify(false, boxed(1.0f)));
        assertEquals(1 << 7, classify(false, boxed(Float.POSITIVE_INFINITY)));
        assertEquals(1 << 8, classify(false, SNAN_32));
        assertEquals(1 << 9, classify(false, QNAN_32));
        assertEquals(1 << 9, classify(false, bits(1.0)), "an unboxed operand is the canonical (quiet) NaN");
    }

    static long signInject(int funct3, boolean d, long a, long b) {
        FloatHarness h = new FloatHarness().f(FA1, a).f(FA2, b);
        h.step(asm -> {
            if (funct3 == 0) {
                asm.fsgnj(d, FA0, FA1, FA2);
            } else if (funct3 == 1) {
                asm.fsgnjn(d, FA0, FA1, FA2);
            } else {
                asm.fsgnjx(d, FA0, FA1, FA2);
            }
        });
        assertEquals(0, h.flags(), "sign injection raises nothing, even for a signalling NaN");
        return h.f(FA0);
    }

    @Test
    void signInjectionTakesTheSignFromRs2AndKeepsEverythingElse() {
        assertEquals(bits(-1.0), signInject(0, true, bits(1.0), bits(-2.0)));
        assertEquals(bits(1.0), signInject(1, true, bits(1.0), bits(-2.0)));
        assertEquals(bits(1.0), signInject(2, true, bits(-1.0), bits(-2.0)));
        assertEquals(bits(-1.0), signInject(2, true, bits(-1.0), bits(2.0)));
        assertEquals(SNAN | 1L << 63, signInject(0, true, SNAN, bits(-1.0)), "payload and signalling bit stay");
        assertEquals(boxed(-3.0f), signInject(0, false, boxed(3.0f), boxed(-0.0f)));
        assertEquals(boxed(3.0f), signInject(1, false, boxed(3.0f), boxed(-0.0f)));
        assertEquals(boxed(-3.0f), signInject(2, false, boxed(-3.0f), boxed(0.0f)));
        assertEquals(boxedBits(0x7F80_0007 | 1 << 31), signInject(0, false, SNAN_32, boxed(-1.0f)));
        // An unboxed rs1 reads as the canonical NaN, whose sign is then injected.
        assertEquals(boxedBits(0xFFC0_0000), signInject(0, false, bits(1.0), boxed(-1.0f)));
    }

    @Test
    void movesCopyRawBits() {
        FloatHarness h = new FloatHarness().f(FA1, boxedBits(0x8000_0000));
        h.step(asm -> asm.fmvToX(false, A0, FA1));
        assertEquals(0xFFFF_FFFF_8000_0000L, h.x(A0), "fmv.x.w sign-extends the low 32 bits");
        h.f(FA1, 0x1234_5678_1ABC_DEF0L).step(asm -> asm.fmvToX(false, A0, FA1));
        assertEquals(0x1ABC_DEF0L, h.x(A0), "fmv.x.w does not check the NaN-boxing");
        h.x(A1, 0x1234_5678_0000_0001L).step(asm -> asm.fmvFromX(false, FA0, A1));
        assertEquals(0xFFFF_FFFF_0000_0001L, h.f(FA0), "fmv.w.x NaN-boxes the low 32 bits");
        h.f(FA1, SNAN).step(asm -> asm.fmvToX(true, A0, FA1));
        assertEquals(SNAN, h.x(A0));
        h.x(A1, SNAN).step(asm -> asm.fmvFromX(true, FA0, A1));
        assertEquals(SNAN, h.f(FA0));
        assertEquals(0, h.flags());
        h.f(FA1, boxed(1.0f)).step(asm -> asm.fmvToX(true, Asm.ZERO, FA1));
        assertEquals(0, h.x(Asm.ZERO), "x0 stays zero");
    }
}
