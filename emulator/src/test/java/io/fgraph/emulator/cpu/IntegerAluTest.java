package io.fgraph.emulator.cpu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.LongBinaryOperator;
import java.util.stream.Stream;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.A2;
import static io.fgraph.emulator.cpu.Asm.T0;
import static io.fgraph.emulator.cpu.Asm.ZERO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RV64I register-register and register-immediate arithmetic, including the W forms (32-bit
 * operation, result sign-extended to 64 bits) and the shift-amount masking of the spec: the low
 * 6 bits of rs2 for 64-bit shifts, the low 5 bits for W shifts. Expected values are computed from
 * the spec's definitions with Java arithmetic on explicitly widened or truncated values.
 */
class IntegerAluTest {
    static final long[] VALUES = {
        0, 1, 2, -1, -2, 31, 32, 33, 63, 64, 65, 0x7FF, -0x800,
        Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFF_FFFFL, 0x8000_0000L, 0x1_0000_0000L,
        Long.MAX_VALUE, Long.MIN_VALUE, 0x0123_4567_89AB_CDEFL, 0xFEDC_BA98_7654_3210L, 0x0000_0000_8000_0001L,
    };

    static final int[] IMMEDIATES = {0, 1, -1, 2, 0x7FF, -0x800, 0x555, -0x556, 31, 32, 63};

    /** Sign-extends the low 32 bits, as every W instruction does with its result. */
    static long sext32(long value) {
        return (long) (int) value;
    }

    static long low32(long value) {
        return value & 0xFFFF_FFFFL;
    }

    static Stream<Arguments> registerOps() {
        return Stream.of(
            op("add", Asm.encode(a -> a.add(A0, A1, A2)), (x, y) -> x + y),
            op("sub", Asm.encode(a -> a.sub(A0, A1, A2)), (x, y) -> x - y),
            op("sll", Asm.encode(a -> a.sll(A0, A1, A2)), (x, y) -> x << (y & 0x3F)),
            op("slt", Asm.encode(a -> a.slt(A0, A1, A2)), (x, y) -> Long.compare(x, y) < 0 ? 1 : 0),
            op("sltu", Asm.encode(a -> a.sltu(A0, A1, A2)), (x, y) -> Long.compareUnsigned(x, y) < 0 ? 1 : 0),
            op("xor", Asm.encode(a -> a.xor(A0, A1, A2)), (x, y) -> x ^ y),
            op("srl", Asm.encode(a -> a.srl(A0, A1, A2)), (x, y) -> x >>> (y & 0x3F)),
            op("sra", Asm.encode(a -> a.sra(A0, A1, A2)), (x, y) -> x >> (y & 0x3F)),
            op("or", Asm.encode(a -> a.or(A0, A1, A2)), (x, y) -> x | y),
            op("and", Asm.encode(a -> a.and(A0, A1, A2)), (x, y) -> x & y),
            op("addw", Asm.encode(a -> a.addw(A0, A1, A2)), (x, y) -> sext32(low32(x) + low32(y))),
            op("subw", Asm.encode(a -> a.subw(A0, A1, A2)), (x, y) -> sext32(low32(x) - low32(y))),
            op("sllw", Asm.encode(a -> a.sllw(A0, A1, A2)), (x, y) -> sext32(low32(x) << (y & 0x1F))),
            op("srlw", Asm.encode(a -> a.srlw(A0, A1, A2)), (x, y) -> sext32(low32(x) >>> (y & 0x1F))),
            op("sraw", Asm.encode(a -> a.sraw(A0, A1, A2)), (x, y) -> sext32(sext32(x) >> (y & 0x1F))));
    }

    private static Arguments op(String name, int encoding, LongBinaryOperator semantics) {
        return Arguments.of(name, encoding, semantics);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registerOps")
    void registerRegisterOperationsFollowTheSpec(String name, int encoding, LongBinaryOperator semantics) {
        CpuHarness harness = new CpuHarness();
        for (long a : VALUES) {
            for (long b : VALUES) {
                long expected = semantics.applyAsLong(a, b);
                assertEquals(expected, harness.execute(encoding, a, b),
                        () -> name + " 0x" + Long.toHexString(a) + ", 0x" + Long.toHexString(b));
            }
        }
    }

    interface ImmediateEncoder {
        int encode(int imm);
    }

    static Stream<Arguments> immediateOps() {
        return Stream.of(
            Arguments.of("addi", (ImmediateEncoder) i -> Asm.encode(a -> a.addi(A0, A1, i)), (LongBinaryOperator) (x, i) -> x + i),
            Arguments.of("slti", (ImmediateEncoder) i -> Asm.encode(a -> a.slti(A0, A1, i)), (LongBinaryOperator) (x, i) -> x < i ? 1 : 0),
            Arguments.of("sltiu", (ImmediateEncoder) i -> Asm.encode(a -> a.sltiu(A0, A1, i)),
                    (LongBinaryOperator) (x, i) -> Long.compareUnsigned(x, i) < 0 ? 1 : 0),
            Arguments.of("xori", (ImmediateEncoder) i -> Asm.encode(a -> a.xori(A0, A1, i)), (LongBinaryOperator) (x, i) -> x ^ i),
            Arguments.of("ori", (ImmediateEncoder) i -> Asm.encode(a -> a.ori(A0, A1, i)), (LongBinaryOperator) (x, i) -> x | i),
            Arguments.of("andi", (ImmediateEncoder) i -> Asm.encode(a -> a.andi(A0, A1, i)), (LongBinaryOperator) (x, i) -> x & i),
            Arguments.of("addiw", (ImmediateEncoder) i -> Asm.encode(a -> a.addiw(A0, A1, i)),
                    (LongBinaryOperator) (x, i) -> sext32(low32(x) + low32(i))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("immediateOps")
    void registerImmediateOperationsSignExtendTheirTwelveBitImmediate(String name, ImmediateEncoder encoder,
                                                                       LongBinaryOperator semantics) {
        CpuHarness harness = new CpuHarness();
        for (long a : VALUES) {
            for (int imm : IMMEDIATES) {
                long expected = semantics.applyAsLong(a, imm);
                assertEquals(expected, harness.execute(encoder.encode(imm), a, 0),
                        () -> name + " 0x" + Long.toHexString(a) + ", " + imm);
            }
        }
    }

    static Stream<Arguments> shiftImmediateOps() {
        return Stream.of(
            Arguments.of("slli", 63, (ImmediateEncoder) s -> Asm.encode(a -> a.slli(A0, A1, s)), (LongBinaryOperator) (x, s) -> x << s),
            Arguments.of("srli", 63, (ImmediateEncoder) s -> Asm.encode(a -> a.srli(A0, A1, s)), (LongBinaryOperator) (x, s) -> x >>> s),
            Arguments.of("srai", 63, (ImmediateEncoder) s -> Asm.encode(a -> a.srai(A0, A1, s)), (LongBinaryOperator) (x, s) -> x >> s),
            Arguments.of("slliw", 31, (ImmediateEncoder) s -> Asm.encode(a -> a.slliw(A0, A1, s)),
                    (LongBinaryOperator) (x, s) -> sext32(low32(x) << s)),
            Arguments.of("srliw", 31, (ImmediateEncoder) s -> Asm.encode(a -> a.srliw(A0, A1, s)),
                    (LongBinaryOperator) (x, s) -> sext32(low32(x) >>> s)),
            Arguments.of("sraiw", 31, (ImmediateEncoder) s -> Asm.encode(a -> a.sraiw(A0, A1, s)),
                    (LongBinaryOperator) (x, s) -> sext32(x) >> s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shiftImmediateOps")
    void shiftsByEveryAmountUpToTheWidth(String name, int maxShift, ImmediateEncoder encoder, LongBinaryOperator semantics) {
        CpuHarness harness = new CpuHarness();
        for (long a : VALUES) {
            for (int shamt = 0; shamt <= maxShift; shamt++) {
                int s = shamt;
                assertEquals(semantics.applyAsLong(a, s), harness.execute(encoder.encode(s), a, 0),
                        () -> name + " 0x" + Long.toHexString(a) + ", " + s);
            }
        }
    }

    /** Hand-checked corner values from the spec text, independent of any Java formula. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'sraiw of 0x80000000 by 31 is all ones',     0x80000000, 31, sraiw, 0xffffffffffffffff",
        "'srliw of 0x80000000 by 31 is 1',            0x80000000, 31, srliw, 0x1",
        "'srliw by 0 sign-extends bit 31',            0xffffffff, 0,  srliw, 0xffffffffffffffff",
        "'slliw of 1 by 31 is negative',              0x1,        31, slliw, 0xffffffff80000000",
        "'slliw ignores the upper word',              0x123456789, 4, slliw, 0x34567890",
        "'srai of MIN by 63 is all ones',             0x8000000000000000, 63, srai, 0xffffffffffffffff",
        "'srli of MIN by 63 is 1',                    0x8000000000000000, 63, srli, 0x1",
        "'slli of 1 by 63 is MIN',                    0x1,        63, slli, 0x8000000000000000",
        "'addiw wraps 0x7fffffff + 1 to MIN_INT',     0x7fffffff, 1,  addiw, 0xffffffff80000000",
        "'addiw 0 sign-extends (sext.w)',             0x00000000ffffffff, 0, addiw, 0xffffffffffffffff",
    })
    void cornerCasesOfShiftsAndWords(String description, String operand, int imm, String op, String expected) {
        long a = Long.parseUnsignedLong(operand.substring(2), 16);
        int encoding = Asm.encode(asm -> {
            switch (op) {
                case "sraiw" -> asm.sraiw(A0, A1, imm);
                case "srliw" -> asm.srliw(A0, A1, imm);
                case "slliw" -> asm.slliw(A0, A1, imm);
                case "srai" -> asm.srai(A0, A1, imm);
                case "srli" -> asm.srli(A0, A1, imm);
                case "slli" -> asm.slli(A0, A1, imm);
                case "addiw" -> asm.addiw(A0, A1, imm);
                default -> throw new IllegalArgumentException(op);
            }
        });
        assertEquals(Long.parseUnsignedLong(expected.substring(2), 16), new CpuHarness().execute(encoding, a, 0), description);
    }

    @ParameterizedTest(name = "shift amount {0}")
    @CsvSource({"64, 0", "65, 1", "127, 63", "-1, 63", "0x7fffffffffffffc1, 1"})
    void registerShiftsUseOnlyTheLowSixBitsOfRs2(String amount, int effective) {
        long b = amount.startsWith("0x") ? Long.parseLong(amount.substring(2), 16) : Long.parseLong(amount);
        long a = 0x8000_0000_0000_0001L;
        CpuHarness harness = new CpuHarness();
        assertEquals(a << effective, harness.execute(Asm.encode(asm -> asm.sll(A0, A1, A2)), a, b));
        assertEquals(a >>> effective, harness.execute(Asm.encode(asm -> asm.srl(A0, A1, A2)), a, b));
        assertEquals(a >> effective, harness.execute(Asm.encode(asm -> asm.sra(A0, A1, A2)), a, b));
    }

    @ParameterizedTest(name = "shift amount {0}")
    @CsvSource({"32, 0", "33, 1", "63, 31", "-1, 31", "0x100000001f, 31"})
    void wordShiftsUseOnlyTheLowFiveBitsOfRs2(String amount, int effective) {
        long b = amount.startsWith("0x") ? Long.parseLong(amount.substring(2), 16) : Long.parseLong(amount);
        long a = 0xFFFF_FFFF_8000_0001L;
        CpuHarness harness = new CpuHarness();
        assertEquals((long) (0x8000_0001 << effective), harness.execute(Asm.encode(asm -> asm.sllw(A0, A1, A2)), a, b));
        assertEquals((long) (0x8000_0001 >>> effective), harness.execute(Asm.encode(asm -> asm.srlw(A0, A1, A2)), a, b));
        assertEquals((long) (0x8000_0001 >> effective), harness.execute(Asm.encode(asm -> asm.sraw(A0, A1, A2)), a, b));
    }

    @Test
    void wordShiftImmediatesWithBitFiveSetAreIllegal() {
        // slliw/srliw/sraiw with shamt[5] = 1 are reserved in RV64 (the spec: "encodings with imm[5] != 0 are reserved").
        int slliw32 = Asm.encode(a -> a.slliw(A0, A1, 0)) | 1 << 25;
        CpuHarness harness = new CpuHarness(CpuHarness.config().withDeliverFaults(true));
        harness.hart().mtvec = CpuHarness.BASE + 0x100;
        harness.machine().memory().store32(CpuHarness.BASE, slliw32);
        harness.step(CpuHarness.BASE);
        assertEquals(TrapCause.ILLEGAL_INSTRUCTION, harness.hart().mcause());
        assertEquals(slliw32 & 0xFFFF_FFFFL, harness.hart().mtval());
        assertEquals(CpuHarness.BASE + 0x100, harness.hart().pc());
    }

    @Test
    void luiLoadsTheSignExtendedUpperImmediate() {
        CpuHarness harness = new CpuHarness();
        assertEquals(0x12345000L, harness.execute(Asm.encode(a -> a.lui(A0, 0x12345)), 0, 0));
        assertEquals(0xFFFF_FFFF_8000_0000L, harness.execute(Asm.encode(a -> a.lui(A0, 0x80000)), 0, 0));
        assertEquals(-4096L, harness.execute(Asm.encode(a -> a.lui(A0, 0xFFFFF)), 0, 0));
        assertEquals(0L, harness.execute(Asm.encode(a -> a.lui(A0, 0)), 0, 0));
    }

    @Test
    void auipcAddsTheSignExtendedUpperImmediateToItsOwnAddress() {
        CpuHarness harness = new CpuHarness();
        long pc = CpuHarness.BASE;
        assertEquals(pc + 0x12345000L, harness.execute(Asm.encode(a -> a.auipc(A0, 0x12345)), 0, 0));
        assertEquals(pc - 0x8000_0000L, harness.execute(Asm.encode(a -> a.auipc(A0, 0x80000)), 0, 0));
        assertEquals(pc, harness.execute(Asm.encode(a -> a.auipc(A0, 0)), 0, 0));
        // auipc at a later address sees that address.
        CpuHarness program = CpuHarness.runProgram(a -> a.nop().nop().auipc(A0, 1).halt());
        assertEquals(pc + 8 + 0x1000, program.x(A0));
    }

    @Test
    void writesToX0AreDiscarded() {
        CpuHarness harness = CpuHarness.runProgram(a -> a
                .addi(ZERO, ZERO, 5)
                .lui(ZERO, 0x12345)
                .auipc(ZERO, 1)
                .li(T0, -1)
                .add(ZERO, T0, T0)
                .sub(ZERO, ZERO, T0)
                .sraw(ZERO, T0, T0)
                .mul(ZERO, T0, T0)
                .jal(ZERO, 4)
                .add(A0, ZERO, ZERO)
                .addi(A1, ZERO, 0)
                .halt());
        assertEquals(0, harness.x(ZERO));
        assertEquals(0, harness.x(A0));
        assertEquals(0, harness.x(A1));
        assertEquals(-1, harness.x(T0));
    }

    @Test
    void liBuildsArbitrarySixtyFourBitConstants() {
        long[] constants = {0, -1, 0x7FF, -0x800, 0x800, 0x7FFF_F800L, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL,
            CpuHarness.BASE + 0x1234, Long.MIN_VALUE, Long.MAX_VALUE, 0x0123_4567_89AB_CDEFL, 0xFEDC_BA98_7654_3210L};
        for (long value : constants) {
            CpuHarness harness = CpuHarness.runProgram(a -> a.li(A0, value).halt());
            assertEquals(value, harness.x(A0), () -> "li 0x" + Long.toHexString(value));
        }
        assertTrue(constants.length > 0);
    }
}
