package io.fgraph.emulator.cpu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.util.function.LongBinaryOperator;
import java.util.stream.Stream;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.A2;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The M extension. Products are checked against {@link BigInteger} arithmetic; quotients and
 * remainders against the spec's table "Semantics for division by zero and division overflow":
 * x/0 gives all ones (quotient) and x (remainder); MIN/-1 gives MIN and 0. W forms operate on
 * the low 32 bits and sign-extend the 32-bit result, also for divuw/remuw.
 */
class MulDivTest {
    static final long[] VALUES = {
        0, 1, -1, 2, -2, 3, -3, 7, -7, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1,
        Integer.MIN_VALUE, Integer.MAX_VALUE, 0xFFFF_FFFFL, 0x8000_0000L, 0x1_0000_0001L,
        0x0123_4567_89AB_CDEFL, 0xFEDC_BA98_7654_3210L, 0xFFFF_FFFF_0000_0000L,
    };

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private static BigInteger signed(long v) {
        return BigInteger.valueOf(v);
    }

    private static BigInteger unsigned(long v) {
        BigInteger b = BigInteger.valueOf(v);
        return v < 0 ? b.add(TWO_64) : b;
    }

    private static long high(BigInteger product) {
        return product.shiftRight(64).longValue();
    }

    private static long sext32(long v) {
        return (long) (int) v;
    }

    /** Division as the spec defines it, from BigInteger truncating division. */
    private static long divide(BigInteger a, BigInteger b, boolean quotient, long allOnesOrDividend, long dividend) {
        if (b.signum() == 0) {
            return quotient ? -1L : dividend;
        }
        BigInteger[] qr = a.divideAndRemainder(b);
        return (quotient ? qr[0] : qr[1]).longValue(); // longValue wraps MIN/-1 to MIN, as the spec wants
    }

    private static long divw(long x, long y, boolean quotient) {
        BigInteger a = BigInteger.valueOf((int) x);
        BigInteger b = BigInteger.valueOf((int) y);
        return sext32(divide(a, b, quotient, -1, (int) x));
    }

    private static long divuw(long x, long y, boolean quotient) {
        BigInteger a = BigInteger.valueOf(x & 0xFFFF_FFFFL);
        BigInteger b = BigInteger.valueOf(y & 0xFFFF_FFFFL);
        return sext32(divide(a, b, quotient, -1, x));
    }

    static Stream<Arguments> operations() {
        return Stream.of(
            op("mul", Asm.encode(a -> a.mul(A0, A1, A2)), (x, y) -> signed(x).multiply(signed(y)).longValue()),
            op("mulh", Asm.encode(a -> a.mulh(A0, A1, A2)), (x, y) -> high(signed(x).multiply(signed(y)))),
            op("mulhsu", Asm.encode(a -> a.mulhsu(A0, A1, A2)), (x, y) -> high(signed(x).multiply(unsigned(y)))),
            op("mulhu", Asm.encode(a -> a.mulhu(A0, A1, A2)), (x, y) -> high(unsigned(x).multiply(unsigned(y)))),
            op("mulw", Asm.encode(a -> a.mulw(A0, A1, A2)), (x, y) -> sext32(signed(x).multiply(signed(y)).longValue())),
            op("div", Asm.encode(a -> a.div(A0, A1, A2)), (x, y) -> divide(signed(x), signed(y), true, -1, x)),
            op("divu", Asm.encode(a -> a.divu(A0, A1, A2)), (x, y) -> divide(unsigned(x), unsigned(y), true, -1, x)),
            op("rem", Asm.encode(a -> a.rem(A0, A1, A2)), (x, y) -> divide(signed(x), signed(y), false, -1, x)),
            op("remu", Asm.encode(a -> a.remu(A0, A1, A2)), (x, y) -> divide(unsigned(x), unsigned(y), false, -1, x)),
            op("divw", Asm.encode(a -> a.divw(A0, A1, A2)), (x, y) -> divw(x, y, true)),
            op("divuw", Asm.encode(a -> a.divuw(A0, A1, A2)), (x, y) -> divuw(x, y, true)),
            op("remw", Asm.encode(a -> a.remw(A0, A1, A2)), (x, y) -> divw(x, y, false)),
            op("remuw", Asm.encode(a -> a.remuw(A0, A1, A2)), (x, y) -> divuw(x, y, false)));
    }

    private static Arguments op(String name, int encoding, LongBinaryOperator semantics) {
        return Arguments.of(name, encoding, semantics);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void everyPairOfEdgeValues(String name, int encoding, LongBinaryOperator semantics) {
        CpuHarness harness = new CpuHarness();
        for (long a : VALUES) {
            for (long b : VALUES) {
                assertEquals(semantics.applyAsLong(a, b), harness.execute(encoding, a, b),
                        () -> name + " 0x" + Long.toHexString(a) + ", 0x" + Long.toHexString(b));
            }
        }
    }

    /** The spec's table, written out literally. */
    @Test
    void divisionByZeroAndOverflowTable() {
        CpuHarness h = new CpuHarness();
        long x = 0x1234_5678_9ABC_DEF0L;
        assertEquals(-1L, h.execute(Asm.encode(a -> a.div(A0, A1, A2)), x, 0), "div x/0");
        assertEquals(-1L, h.execute(Asm.encode(a -> a.divu(A0, A1, A2)), x, 0), "divu x/0 = 2^64-1");
        assertEquals(x, h.execute(Asm.encode(a -> a.rem(A0, A1, A2)), x, 0), "rem x/0");
        assertEquals(x, h.execute(Asm.encode(a -> a.remu(A0, A1, A2)), x, 0), "remu x/0");
        assertEquals(Long.MIN_VALUE, h.execute(Asm.encode(a -> a.div(A0, A1, A2)), Long.MIN_VALUE, -1), "div MIN/-1");
        assertEquals(0L, h.execute(Asm.encode(a -> a.rem(A0, A1, A2)), Long.MIN_VALUE, -1), "rem MIN/-1");

        // W forms: only the low 32 bits count, both for the zero test and for the dividend.
        long upperJunk = 0xABCD_0000_0000_0000L;
        assertEquals(-1L, h.execute(Asm.encode(a -> a.divw(A0, A1, A2)), x, upperJunk), "divw x/0");
        assertEquals(-1L, h.execute(Asm.encode(a -> a.divuw(A0, A1, A2)), x, upperJunk), "divuw x/0 sign-extends 2^32-1");
        assertEquals(0xFFFF_FFFF_9ABC_DEF0L, h.execute(Asm.encode(a -> a.remw(A0, A1, A2)), x, upperJunk), "remw x/0 = sext(x[31:0])");
        assertEquals(0xFFFF_FFFF_9ABC_DEF0L, h.execute(Asm.encode(a -> a.remuw(A0, A1, A2)), x, upperJunk), "remuw x/0 = sext(x[31:0])");
        assertEquals(0xFFFF_FFFF_8000_0000L, h.execute(Asm.encode(a -> a.divw(A0, A1, A2)), 0x8000_0000L, -1), "divw MIN/-1");
        assertEquals(0L, h.execute(Asm.encode(a -> a.remw(A0, A1, A2)), 0x8000_0000L, -1), "remw MIN/-1");
    }

    @Test
    void wordResultsAreSignExtendedFromBit31() {
        CpuHarness h = new CpuHarness();
        assertEquals(0xFFFF_FFFF_8000_0000L, h.execute(Asm.encode(a -> a.mulw(A0, A1, A2)), 0x4000_0000L, 2), "mulw overflow");
        assertEquals(0xFFFF_FFFF_FFFF_FFFFL, h.execute(Asm.encode(a -> a.divuw(A0, A1, A2)), 0xFFFF_FFFFL, 1), "divuw 0xffffffff/1");
        assertEquals(0x7FFF_FFFFL, h.execute(Asm.encode(a -> a.divuw(A0, A1, A2)), 0xFFFF_FFFEL, 2));
        assertEquals(0xFFFF_FFFF_8000_0000L, h.execute(Asm.encode(a -> a.remuw(A0, A1, A2)), 0x8000_0000L, 0x8000_0001L));
        assertEquals(-3L, h.execute(Asm.encode(a -> a.divw(A0, A1, A2)), 0x1_0000_0007L, -2), "7 / -2 truncates toward zero");
        assertEquals(1L, h.execute(Asm.encode(a -> a.remw(A0, A1, A2)), 7, -2), "remainder has the dividend's sign");
        assertEquals(-1L, h.execute(Asm.encode(a -> a.remw(A0, A1, A2)), -7, 2));
    }
}
