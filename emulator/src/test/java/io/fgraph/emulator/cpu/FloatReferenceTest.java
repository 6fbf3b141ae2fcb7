package io.fgraph.emulator.cpu;

import io.fgraph.emulator.cpu.IeeeReference.Format;
import io.fgraph.emulator.cpu.IeeeReference.Result;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random operands, weighted towards the hard places (subnormals, the edges of the exponent range,
 * few-bit significands that make ties and exact results, cancelling sums, fused sums that cancel the
 * product), through the emulator's FP arithmetic in all five rounding modes, compared bit for bit
 * and flag for flag with {@link IeeeReference}. The reference itself is first checked against Java's
 * hardware arithmetic in round-to-nearest-even. The seed is fixed; {@code -Dfloat.reference.cases=N}
 * and {@code -Dfloat.reference.seed=S} run more or other cases.
 */
class FloatReferenceTest {
    private static final int CASES = Integer.getInteger("float.reference.cases", 2000);
    private final RandomFloats random = new RandomFloats(Long.getLong("float.reference.seed", 0x5EED_F10A7L));

    /** A binary32's bits as the reference takes them: zero-extended. */
    private static long u(int single) {
        return single & 0xFFFF_FFFFL;
    }

    // ---- the reference against Java's round-to-nearest-even ----

    @Test
    void theReferenceAgreesWithJavaInRoundToNearestEven() {
        for (int i = 0; i < CASES; i++) {
            long a = random.double64();
            long b = random.partner64(a);
            long c = random.partner64(a);
            double x = Double.longBitsToDouble(a);
            double y = Double.longBitsToDouble(b);
            double z = Double.longBitsToDouble(c);
            checkJava(x + y, IeeeReference.add(Format.DOUBLE, a, b, IeeeReference.RNE), "add", a, b);
            checkJava(x * y, IeeeReference.mul(Format.DOUBLE, a, b, IeeeReference.RNE), "mul", a, b);
            checkJava(x / y, IeeeReference.div(Format.DOUBLE, a, b, IeeeReference.RNE), "div", a, b);
            checkJava(Math.sqrt(x), IeeeReference.sqrt(Format.DOUBLE, a, IeeeReference.RNE), "sqrt", a, a);
            checkJava(Math.fma(x, y, z), IeeeReference.fma(Format.DOUBLE, a, b, c, IeeeReference.RNE), "fma", a, b);
            int p = random.single32();
            int q = random.partner32(p);
            float u = Float.intBitsToFloat(p);
            float v = Float.intBitsToFloat(q);
            checkJava(u + v, IeeeReference.add(Format.SINGLE, u(p), u(q), IeeeReference.RNE), "add.s", p, q);
            checkJava(u / v, IeeeReference.div(Format.SINGLE, u(p), u(q), IeeeReference.RNE), "div.s", p, q);
            checkJava((float) x, IeeeReference.convert(Format.DOUBLE, Format.SINGLE, a, IeeeReference.RNE), "d->s", a, 0);
        }
    }

    private static void checkJava(double java, Result reference, String what, long a, long b) {
        long expected = Double.isNaN(java) ? 0x7FF8_0000_0000_0000L : Double.doubleToRawLongBits(java);
        if (expected != reference.bits()) {
            fail(String.format("%s 0x%x 0x%x: Java 0x%x, reference %s", what, a, b, expected, reference));
        }
    }

    private static void checkJava(float java, Result reference, String what, long a, long b) {
        long expected = Float.isNaN(java) ? 0x7FC0_0000 : Float.floatToRawIntBits(java) & 0xFFFF_FFFFL;
        if (expected != reference.bits()) {
            fail(String.format("%s 0x%x 0x%x: Java 0x%x, reference %s", what, a, b, expected, reference));
        }
    }

    // ---- the emulator against the reference ----

    private static void check(Result expected, long actualBits, FloatFlags flags, String what) {
        if (expected.bits() != actualBits || expected.flags() != flags.bits()) {
            fail(String.format("%s: expected %s, got 0x%x flags=%s", what, expected, actualBits,
                    IeeeReference.flagText(flags.bits())));
        }
    }

    @Test
    void binary64ArithmeticMatchesTheReferenceInEveryMode() {
        for (int i = 0; i < CASES; i++) {
            long a = random.double64();
            long b = random.partner64(a);
            long c = random.oneIn(3) ? random.fmaCanceller(a, b) : random.partner64(a);
            for (int rm = 0; rm <= 4; rm++) {
                String operands = String.format("0x%016x 0x%016x rm=%d", a, b, rm);
                FloatFlags flags = new FloatFlags();
                check(IeeeReference.add(Format.DOUBLE, a, b, rm), Binary64Arithmetic.add(a, b, rm, flags), flags, "fadd.d " + operands);
                flags = new FloatFlags();
                check(IeeeReference.sub(Format.DOUBLE, a, b, rm), Binary64Arithmetic.sub(a, b, rm, flags), flags, "fsub.d " + operands);
                flags = new FloatFlags();
                check(IeeeReference.mul(Format.DOUBLE, a, b, rm), Binary64Arithmetic.mul(a, b, rm, flags), flags, "fmul.d " + operands);
                flags = new FloatFlags();
                check(IeeeReference.div(Format.DOUBLE, a, b, rm), Binary64Arithmetic.div(a, b, rm, flags), flags, "fdiv.d " + operands);
                flags = new FloatFlags();
                check(IeeeReference.sqrt(Format.DOUBLE, a, rm), Binary64Arithmetic.sqrt(a, rm, flags), flags, "fsqrt.d " + operands);
                flags = new FloatFlags();
                check(IeeeReference.fma(Format.DOUBLE, a, b, c, rm), Binary64Arithmetic.fma(a, b, c, rm, flags), flags,
                        String.format("fmadd.d %s c=0x%016x", operands, c));
            }
        }
    }

    @Test
    void binary32ArithmeticMatchesTheReferenceInEveryMode() {
        for (int i = 0; i < CASES; i++) {
            int a = random.single32();
            int b = random.partner32(a);
            int c = random.oneIn(3) ? random.fmaCanceller32(a, b) : random.partner32(a);
            for (int rm = 0; rm <= 4; rm++) {
                String operands = String.format("0x%08x 0x%08x rm=%d", a, b, rm);
                FloatFlags flags = new FloatFlags();
                check(IeeeReference.add(Format.SINGLE, u(a), u(b), rm), Binary32Arithmetic.add(a, b, rm, flags) & 0xFFFF_FFFFL, flags, "fadd.s " + operands);
                flags = new FloatFlags();
                check(IeeeReference.sub(Format.SINGLE, u(a), u(b), rm), Binary32Arithmetic.sub(a, b, rm, flags) & 0xFFFF_FFFFL, flags, "fsub.s " + operands);
                flags = new FloatFlags();
                check(IeeeReference.mul(Format.SINGLE, u(a), u(b), rm), Binary32Arithmetic.mul(a, b, rm, flags) & 0xFFFF_FFFFL, flags, "fmul.s " + operands);
                flags = new FloatFlags();
                check(IeeeReference.div(Format.SINGLE, u(a), u(b), rm), Binary32Arithmetic.div(a, b, rm, flags) & 0xFFFF_FFFFL, flags, "fdiv.s " + operands);
                flags = new FloatFlags();
                check(IeeeReference.sqrt(Format.SINGLE, u(a), rm), Binary32Arithmetic.sqrt(a, rm, flags) & 0xFFFF_FFFFL, flags, "fsqrt.s " + operands);
                flags = new FloatFlags();
                check(IeeeReference.fma(Format.SINGLE, u(a), u(b), u(c), rm), Binary32Arithmetic.fma(a, b, c, rm, flags) & 0xFFFF_FFFFL, flags,
                        String.format("fmadd.s %s c=0x%08x", operands, c));
            }
        }
    }

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    @Test
    void conversionsMatchTheReferenceInEveryMode() {
        BigInteger[][] ranges = {
            {BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)},
            {BigInteger.ZERO, BigInteger.valueOf(0xFFFF_FFFFL)},
            {BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)},
            {BigInteger.ZERO, TWO_64.subtract(BigInteger.ONE)},
        };
        for (int i = 0; i < CASES; i++) {
            long d = random.oneIn(4) ? Double.doubleToRawLongBits(random.nextInt(-40, 41) * 0.25
                    + Math.scalb(1.0, random.nextInt(0, 66)) * (random.nextBoolean() ? 1 : -1)) : random.double64();
            int s = random.oneIn(4) ? Float.floatToRawIntBits((float) Double.longBitsToDouble(d)) : random.single32();
            long integer = random.nextBoolean() ? random.nextLong() : random.nextLong() >> random.nextInt(64);
            for (int rm = 0; rm <= 4; rm++) {
                String what = String.format("0x%016x / 0x%08x / %d rm=%d", d, s, integer, rm);
                FloatFlags flags = new FloatFlags();
                check(IeeeReference.convert(Format.DOUBLE, Format.SINGLE, d, rm),
                        FloatConversions.doubleToSingle(d, rm, flags) & 0xFFFF_FFFFL, flags, "fcvt.s.d " + what);
                flags = new FloatFlags();
                check(IeeeReference.convert(Format.SINGLE, Format.DOUBLE, u(s), rm),
                        FloatConversions.singleToDouble(s, flags), flags, "fcvt.d.s " + what);
                for (int format = 0; format < 4; format++) {
                    boolean unsigned = (format & 1) != 0;
                    boolean word = format < 2;
                    BigInteger[] range = ranges[format];
                    flags = new FloatFlags();
                    checkInteger(IeeeReference.toInteger(Format.DOUBLE, d, range[0], range[1], rm),
                            FloatConversions.toInteger(Double.longBitsToDouble(d), FloatBits.isNaN(d), unsigned, word, rm, flags),
                            word, flags, "fcvt." + format + ".d " + what);
                    flags = new FloatFlags();
                    checkInteger(IeeeReference.toInteger(Format.SINGLE, u(s), range[0], range[1], rm),
                            FloatConversions.toInteger(FloatBits.isNaN(s) ? 0 : Float.intBitsToFloat(s), FloatBits.isNaN(s),
                                    unsigned, word, rm, flags), word, flags, "fcvt." + format + ".s " + what);
                    long operand = word ? (unsigned ? integer & 0xFFFF_FFFFL : (int) integer) : integer;
                    BigInteger exact = unsigned && !word && operand < 0 ? BigInteger.valueOf(operand).add(TWO_64)
                            : BigInteger.valueOf(operand);
                    flags = new FloatFlags();
                    check(IeeeReference.fromInteger(Format.DOUBLE, exact, rm),
                            FloatConversions.integerToDouble(operand, unsigned && !word, rm, flags), flags,
                            "fcvt.d." + format + " " + what);
                    flags = new FloatFlags();
                    check(IeeeReference.fromInteger(Format.SINGLE, exact, rm),
                            FloatConversions.integerToSingle(operand, unsigned && !word, rm, flags) & 0xFFFF_FFFFL, flags,
                            "fcvt.s." + format + " " + what);
                }
            }
        }
    }

    private static void checkInteger(BigInteger[] expected, long actual, boolean word, FloatFlags flags, String what) {
        long bits = expected[0].longValue(); // two's complement of the value, low 64 bits
        long expectedBits = word ? (int) bits : bits;
        assertEquals(expectedBits, actual, what);
        assertEquals(expected[1].intValue(), flags.bits(), what + " flags");
    }
}
