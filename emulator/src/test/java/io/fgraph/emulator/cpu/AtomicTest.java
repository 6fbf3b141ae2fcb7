package io.fgraph.emulator.cpu;

import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.memory.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.LongBinaryOperator;
import java.util.stream.Stream;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.A2;
import static io.fgraph.emulator.cpu.Asm.ZERO;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static io.fgraph.emulator.cpu.CpuHarness.DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The A extension on one hart (and two harts stepped from Java for the reservation rules): LR/SC
 * success and every failure path, every AMO in .w and .d with the 32-bit results sign-extended,
 * and misaligned or out-of-RAM atomics.
 */
class AtomicTest {
    private static final long TRAP_VECTOR = BASE + 0x1000;
    private static final long[] VALUES = {0, 1, -1, 5, -5, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000_0000L, 0x7FFF_FFFFL,
        0xFFFF_FFFFL, 0x1_0000_0000L, 0x0123_4567_89AB_CDEFL, 0xFEDC_BA98_7654_3210L};

    static Stream<Arguments> amos() {
        return Stream.of(
            Arguments.of("amoswap", Asm.AMOSWAP, (LongBinaryOperator) (m, v) -> v, (LongBinaryOperator) (m, v) -> v),
            Arguments.of("amoadd", Asm.AMOADD, (LongBinaryOperator) (m, v) -> m + v, (LongBinaryOperator) (m, v) -> m + v),
            Arguments.of("amoxor", Asm.AMOXOR, (LongBinaryOperator) (m, v) -> m ^ v, (LongBinaryOperator) (m, v) -> m ^ v),
            Arguments.of("amoand", Asm.AMOAND, (LongBinaryOperator) (m, v) -> m & v, (LongBinaryOperator) (m, v) -> m & v),
            Arguments.of("amoor", Asm.AMOOR, (LongBinaryOperator) (m, v) -> m | v, (LongBinaryOperator) (m, v) -> m | v),
            Arguments.of("amomin", Asm.AMOMIN, (LongBinaryOperator) Math::min,
                    (LongBinaryOperator) (m, v) -> Math.min((int) m, (int) v)),
            Arguments.of("amomax", Asm.AMOMAX, (LongBinaryOperator) Math::max,
                    (LongBinaryOperator) (m, v) -> Math.max((int) m, (int) v)),
            Arguments.of("amominu", Asm.AMOMINU, (LongBinaryOperator) (m, v) -> Long.compareUnsigned(m, v) < 0 ? m : v,
                    (LongBinaryOperator) (m, v) -> Integer.compareUnsigned((int) m, (int) v) < 0 ? m : v),
            Arguments.of("amomaxu", Asm.AMOMAXU, (LongBinaryOperator) (m, v) -> Long.compareUnsigned(m, v) > 0 ? m : v,
                    (LongBinaryOperator) (m, v) -> Integer.compareUnsigned((int) m, (int) v) > 0 ? m : v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("amos")
    void everyAmoReturnsTheOldValueAndStoresTheCombination(String name, int funct5, LongBinaryOperator doubleword,
                                                            LongBinaryOperator word) {
        CpuHarness harness = new CpuHarness();
        Memory memory = harness.machine().memory();
        int amoD = Asm.encode(a -> a.amo(funct5, true, A0, A2, A1));
        int amoW = Asm.encode(a -> a.amo(funct5, false, A0, A2, A1));
        long guard = 0x5A5A_5A5A_0000_0000L;
        for (long m : VALUES) {
            for (long v : VALUES) {
                String what = name + " mem=0x" + Long.toHexString(m) + " rs2=0x" + Long.toHexString(v);
                memory.store64(DATA, m);
                assertEquals(m, harness.execute(amoD, DATA, v), what + " (.d old value)");
                assertEquals(doubleword.applyAsLong(m, v), memory.load64(DATA), what + " (.d memory)");

                memory.store64(DATA, guard | (m & 0xFFFF_FFFFL));
                assertEquals((long) (int) m, harness.execute(amoW, DATA, v), what + " (.w old value, sign-extended)");
                assertEquals((int) word.applyAsLong(m, v), (int) memory.load32(DATA), what + " (.w memory)");
                assertEquals((int) (guard >>> 32), (int) memory.load32(DATA + 4), what + " (.w leaves the next word)");
            }
        }
    }

    @Test
    void amoWithRdX0StillStores() {
        CpuHarness harness = new CpuHarness();
        harness.store64(DATA, 40);
        harness.execute(Asm.encode(a -> a.amoaddD(ZERO, A2, A1)), DATA, 2);
        assertEquals(42, harness.load64(DATA));
        assertEquals(0, harness.x(ZERO));
    }

    @Test
    void loadReservedThenStoreConditionalSucceeds() {
        CpuHarness harness = CpuHarness.runProgram(a -> a
                .li(A1, DATA).li(A2, 0x1122_3344_5566_7788L).sd(A2, 0, A1)
                .lrD(Asm.T0, A1).addi(Asm.T0, Asm.T0, 1).scD(A0, Asm.T0, A1)
                .lrW(Asm.T1, A1).scW(Asm.T2, ZERO, A1)
                .halt());
        assertEquals(0, harness.x(A0), "sc.d succeeded");
        assertEquals(0, harness.x(Asm.T2), "sc.w succeeded");
        assertEquals(0x5566_7789L, harness.x(Asm.T1));
        assertEquals(0x1122_3344_0000_0000L, harness.load64(DATA), "sc.w stored zero in the low word only");
    }

    @Test
    void loadReservedWordIsSignExtended() {
        CpuHarness harness = new CpuHarness();
        harness.store64(DATA, 0x0000_0001_8000_0000L);
        assertEquals(0xFFFF_FFFF_8000_0000L, harness.execute(Asm.encode(a -> a.lrW(A0, A1)), DATA, 0));
    }

    @Test
    void storeConditionalWithoutReservationFailsAndDoesNotStore() {
        CpuHarness harness = new CpuHarness();
        harness.store64(DATA, 7);
        assertEquals(1, harness.execute(Asm.encode(a -> a.scD(A0, A2, A1)), DATA, 99));
        assertEquals(1, harness.execute(Asm.encode(a -> a.scW(A0, A2, A1)), DATA, 99));
        assertEquals(7, harness.load64(DATA));
    }

    @Test
    void storeConditionalToAnotherAddressFailsAndDropsTheReservation() {
        CpuHarness harness = new CpuHarness();
        harness.store64(DATA, 7);
        harness.store64(DATA + 8, 8);
        harness.execute(Asm.encode(a -> a.lrD(A0, A1)), DATA, 0);
        assertEquals(1, harness.execute(Asm.encode(a -> a.scD(A0, A2, A1)), DATA + 8, 99), "other address");
        assertEquals(8, harness.load64(DATA + 8));
        assertEquals(1, harness.execute(Asm.encode(a -> a.scD(A0, A2, A1)), DATA, 99), "reservation is gone");
        assertEquals(7, harness.load64(DATA));
    }

    @Test
    void aSecondStoreConditionalFails() {
        CpuHarness harness = new CpuHarness();
        harness.execute(Asm.encode(a -> a.lrD(A0, A1)), DATA, 0);
        assertEquals(0, harness.execute(Asm.encode(a -> a.scD(A0, A2, A1)), DATA, 1));
        assertEquals(1, harness.execute(Asm.encode(a -> a.scD(A0, A2, A1)), DATA, 2));
        assertEquals(1, harness.load64(DATA));
    }

    @Test
    void aTrapBetweenLrAndScDropsTheReservation() {
        CpuHarness harness = new CpuHarness();
        Asm handler = new Asm(TRAP_VECTOR);
        handler.csrr(Asm.T0, Csr.MEPC).addi(Asm.T0, Asm.T0, 4).csrw(Csr.MEPC, Asm.T0).mret();
        harness.load(handler);
        harness.load(a -> a
                .li(A1, DATA).li(Asm.T0, TRAP_VECTOR).csrw(Csr.MTVEC, Asm.T0)
                .lrD(A2, A1).ecall().scD(A0, A2, A1).halt());
        harness.runToHalt();
        assertEquals(1, harness.x(A0));
    }

    @Test
    void aStoreByAnotherHartBreaksTheReservation() {
        CpuHarness harness = new CpuHarness(CpuHarness.config().withHarts(2));
        Memory memory = harness.machine().memory();
        Hart hart0 = harness.hart(0);
        Hart hart1 = harness.hart(1);
        long code0 = BASE;
        long code1 = BASE + 0x100;
        memory.write(code0, new Asm(code0).lrD(A0, A1).scD(A0, A2, A1).bytes());
        memory.write(code1, new Asm(code1).sd(A2, 0, A1).bytes());
        memory.store64(DATA, 10);
        hart1.reset(code1);
        hart1.setState(HartState.RUNNING);
        hart1.setX(A1, DATA);
        hart1.setX(A2, 11);
        hart0.setX(A1, DATA);
        hart0.setX(A2, 99);

        hart0.setPc(code0);
        harness.machine().step(hart0); // lr.d
        harness.machine().step(hart1); // sd by hart 1
        harness.machine().step(hart0); // sc.d
        assertEquals(1, hart0.x(A0), "sc.d must fail after another hart's store");
        assertEquals(11, memory.load64(DATA));
    }

    @Test
    void anAmoByAnotherHartBreaksTheReservation() {
        CpuHarness harness = new CpuHarness(CpuHarness.config().withHarts(2));
        Memory memory = harness.machine().memory();
        Hart hart0 = harness.hart(0);
        Hart hart1 = harness.hart(1);
        long code1 = BASE + 0x100;
        memory.write(BASE, new Asm(BASE).lrW(A0, A1).scW(A0, A2, A1).bytes());
        memory.write(code1, new Asm(code1).amoaddW(ZERO, A2, A1).bytes());
        hart1.reset(code1);
        hart1.setState(HartState.RUNNING);
        hart1.setX(A1, DATA);
        hart1.setX(A2, 1);
        hart0.setX(A1, DATA);
        hart0.setX(A2, 99);
        hart0.setPc(BASE);
        harness.machine().step(hart0);
        harness.machine().step(hart1);
        harness.machine().step(hart0);
        assertEquals(1, hart0.x(A0));
        assertEquals(1, memory.load32(DATA));
    }

    private static CpuHarness delivering() {
        CpuHarness harness = new CpuHarness(CpuHarness.config().withDeliverFaults(true));
        harness.hart().mtvec = TRAP_VECTOR;
        return harness;
    }

    private static void expectTrap(CpuHarness harness, int instruction, long address, int cause) {
        harness.machine().memory().store32(BASE, instruction);
        harness.set(A1, address).set(A2, 1);
        harness.step(BASE);
        assertEquals(cause, harness.hart().mcause(), "mcause");
        assertEquals(address, harness.hart().mtval(), "mtval is the address");
        assertEquals(BASE, harness.hart().mepc());
        assertEquals(TRAP_VECTOR, harness.hart().pc());
    }

    @Test
    void misalignedAtomicsRaiseAddressMisalignedExceptions() {
        // The A extension allows this instead of emulating the access; docs/emulator.md says the emulator does it.
        CpuHarness harness = delivering();
        harness.store64(DATA, 5);
        expectTrap(harness, Asm.encode(a -> a.lrW(A0, A1)), DATA + 2, TrapCause.LOAD_MISALIGNED);
        expectTrap(harness, Asm.encode(a -> a.lrD(A0, A1)), DATA + 4, TrapCause.LOAD_MISALIGNED);
        expectTrap(harness, Asm.encode(a -> a.scW(A0, A2, A1)), DATA + 1, TrapCause.STORE_MISALIGNED);
        expectTrap(harness, Asm.encode(a -> a.amoaddD(A0, A2, A1)), DATA + 4, TrapCause.STORE_MISALIGNED);
        expectTrap(harness, Asm.encode(a -> a.amo(Asm.AMOSWAP, false, A0, A2, A1)), DATA + 3, TrapCause.STORE_MISALIGNED);
        assertEquals(5, harness.load64(DATA), "nothing was written");
    }

    @Test
    void atomicsOutsideRamRaiseAccessFaults() {
        CpuHarness harness = delivering();
        expectTrap(harness, Asm.encode(a -> a.lrD(A0, A1)), 0x1000, TrapCause.LOAD_ACCESS_FAULT);
        expectTrap(harness, Asm.encode(a -> a.amoaddW(A0, A2, A1)), 0x1000, TrapCause.STORE_ACCESS_FAULT);
        expectTrap(harness, Asm.encode(a -> a.scD(A0, A2, A1)), BASE + CpuHarness.RAM_SIZE, TrapCause.STORE_ACCESS_FAULT);
    }

    @Test
    void aMisalignedAmoStopsTheRunWhenFaultsAreNotDelivered() {
        CpuHarness harness = new CpuHarness();
        harness.load(a -> a.li(A1, DATA + 2).amoaddW(A0, A2, A1).halt());
        RunResult result = harness.run();
        assertEquals(StopReason.UNHANDLED_TRAP, result.reason());
        assertEquals(StopReason.UNHANDLED_TRAP.exitStatus(), result.exitCode());
        assertTrue(result.message().contains("store/AMO address misaligned"), result.message());
    }
}
