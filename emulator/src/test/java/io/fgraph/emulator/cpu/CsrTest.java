package io.fgraph.emulator.cpu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Consumer;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.A2;
import static io.fgraph.emulator.cpu.Asm.A3;
import static io.fgraph.emulator.cpu.Asm.A4;
import static io.fgraph.emulator.cpu.Asm.A5;
import static io.fgraph.emulator.cpu.Asm.S1;
import static io.fgraph.emulator.cpu.Asm.S2;
import static io.fgraph.emulator.cpu.Asm.T0;
import static io.fgraph.emulator.cpu.Asm.ZERO;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Zicsr instructions and the machine-mode CSRs: access rules, WARL fields, identity CSRs, the
 * counters, the trigger CSRs (no triggers: they read zero). The FP CSRs are in {@link FloatCsrTest}.
 */
class CsrTest {
    private static final long TRAP_VECTOR = BASE + 0x1000;

    /** Steps one CSR instruction at BASE with faults delivered to TRAP_VECTOR; returns rd (a0). */
    private static CpuHarness delivering() {
        CpuHarness harness = new CpuHarness(CpuHarness.config().withDeliverFaults(true));
        harness.hart().mtvec = TRAP_VECTOR;
        return harness;
    }

    private static void expectIllegal(CpuHarness harness, Consumer<Asm> instruction) {
        int bits = Asm.encode(instruction);
        harness.hart().mcause = 0;
        harness.machine().memory().store32(BASE, bits);
        harness.step(BASE);
        assertEquals(TrapCause.ILLEGAL_INSTRUCTION, harness.hart().mcause(), () -> String.format("mcause for 0x%08x", bits));
        assertEquals(bits & 0xFFFF_FFFFL, harness.hart().mtval(), "mtval holds the instruction bits");
        assertEquals(TRAP_VECTOR, harness.hart().pc());
    }

    private static long stepCsr(CpuHarness harness, Consumer<Asm> instruction) {
        harness.machine().memory().store32(BASE, Asm.encode(instruction));
        harness.step(BASE);
        assertEquals(BASE + 4, harness.hart().pc(), "no trap");
        return harness.x(A0);
    }

    @Test
    void readWriteSetAndClearInRegisterAndImmediateForms() {
        CpuHarness h = delivering();
        h.hart().mscratch = 0xF0F0;
        h.set(A1, 0x1234_5678_9ABC_DEF0L);
        assertEquals(0xF0F0, stepCsr(h, a -> a.csrrw(A0, Csr.MSCRATCH, A1)), "csrrw returns the old value");
        assertEquals(0x1234_5678_9ABC_DEF0L, h.hart().mscratch);
        h.set(A1, 0x0F);
        assertEquals(0x1234_5678_9ABC_DEF0L, stepCsr(h, a -> a.csrrs(A0, Csr.MSCRATCH, A1)));
        assertEquals(0x1234_5678_9ABC_DEFFL, h.hart().mscratch);
        h.set(A1, 0xFF00);
        assertEquals(0x1234_5678_9ABC_DEFFL, stepCsr(h, a -> a.csrrc(A0, Csr.MSCRATCH, A1)));
        assertEquals(0x1234_5678_9ABC_00FFL, h.hart().mscratch);
        assertEquals(0x1234_5678_9ABC_00FFL, stepCsr(h, a -> a.csrrwi(A0, Csr.MSCRATCH, 31)));
        assertEquals(31, h.hart().mscratch, "csrrwi zero-extends its 5-bit immediate");
        assertEquals(31, stepCsr(h, a -> a.csrrci(A0, Csr.MSCRATCH, 0b10101)));
        assertEquals(0b01010, h.hart().mscratch);
        assertEquals(0b01010, stepCsr(h, a -> a.csrrsi(A0, Csr.MSCRATCH, 0b10001)));
        assertEquals(0b11011, h.hart().mscratch);
    }

    @Test
    void csrrwWithRdX0WritesAndRdEqualsRs1ReadsTheOldValue() {
        CpuHarness h = CpuHarness.runProgram(a -> a
                .li(A1, 77).csrrw(ZERO, Csr.MSCRATCH, A1)
                .li(A2, 5).csrrw(A2, Csr.MSCRATCH, A2)
                .csrr(A3, Csr.MSCRATCH).halt());
        assertEquals(77, h.x(A2));
        assertEquals(5, h.x(A3));
    }

    @Test
    void setAndClearWithX0OrZeroImmediateDoNotWriteSoReadOnlyCsrsAllowThem() {
        CpuHarness h = delivering();
        stepCsr(h, a -> a.csrrs(A0, Csr.MHARTID, ZERO));
        stepCsr(h, a -> a.csrrc(A0, Csr.MHARTID, ZERO));
        stepCsr(h, a -> a.csrrsi(A0, Csr.CYCLE, 0));
        stepCsr(h, a -> a.csrrci(A0, Csr.MVENDORID, 0));
    }

    @Test
    void writesToReadOnlyCsrsAreIllegal() {
        CpuHarness h = delivering();
        h.set(A1, 0);
        expectIllegal(h, a -> a.csrrw(ZERO, Csr.MHARTID, A1));
        expectIllegal(h, a -> a.csrrs(A0, Csr.MVENDORID, A1)); // rs1 != x0 writes even when the value is 0
        expectIllegal(h, a -> a.csrrwi(A0, Csr.CYCLE, 0));
        expectIllegal(h, a -> a.csrrsi(A0, Csr.INSTRET, 1));
        expectIllegal(h, a -> a.csrrc(A0, Csr.TIME, A1));
    }

    @ParameterizedTest(name = "csr 0x{0}")
    @ValueSource(ints = {0x100, 0x180, 0x7C0, 0x5C0, 0x004, 0x00F, 0x3FF, 0xFFF})
    void unknownCsrsAreIllegal(int csr) {
        CpuHarness h = delivering();
        expectIllegal(h, a -> a.csrr(A0, csr));
        expectIllegal(h, a -> a.csrrw(A0, csr, A1));
    }

    @Test
    void misaDescribesRv64Imafdcu() {
        long expected = 2L << 62 | 1L << ('A' - 'A') | 1L << ('C' - 'A') | 1L << ('D' - 'A') | 1L << ('F' - 'A')
                | 1L << ('I' - 'A') | 1L << ('M' - 'A') | 1L << ('U' - 'A');
        CpuHarness h = CpuHarness.runProgram(a -> a
                .csrr(A0, Csr.MISA).li(A1, -1).csrw(Csr.MISA, A1).csrr(A2, Csr.MISA).halt());
        assertEquals(expected, h.x(A0));
        assertEquals(expected, h.x(A2), "misa ignores writes");
    }

    @Test
    void triggerCsrsReadZeroAndIgnoreWrites() {
        CpuHarness h = CpuHarness.runProgram(a -> a.li(A1, -1)
                .csrw(Csr.TSELECT, A1).csrr(A0, Csr.TSELECT).csrw(Csr.TSELECT + 1, A1).csrr(A2, Csr.TSELECT + 1)
                .csrr(A3, Csr.TDATA3).halt());
        assertEquals(0, h.x(A0), "tselect: no trigger can be selected");
        assertEquals(0, h.x(A2), "tdata1 type 0: no trigger");
        assertEquals(0, h.x(A3));
    }

    @Test
    void mhartidIsTheHartNumber() {
        CpuHarness h = new CpuHarness(CpuHarness.config().withHarts(3));
        h.machine().memory().store32(BASE, Asm.encode(a -> a.csrr(A0, Csr.MHARTID)));
        for (int i = 0; i < 3; i++) {
            Hart hart = h.hart(i);
            hart.setState(HartState.RUNNING);
            hart.setPc(BASE);
            h.machine().step(hart);
            assertEquals(i, hart.x(A0));
        }
    }

    @Test
    void identityCsrsReadZero() {
        CpuHarness h = CpuHarness.runProgram(a -> a.li(A0, -1).li(A1, -1).li(A2, -1)
                .csrr(A0, Csr.MVENDORID).csrr(A1, Csr.MARCHID).csrr(A2, Csr.MIMPID).halt());
        assertEquals(0, h.x(A0));
        assertEquals(0, h.x(A1));
        assertEquals(0, h.x(A2));
    }

    @Test
    void mtvecKeepsTheModeButExceptionsGoToTheBase() {
        CpuHarness h = CpuHarness.runProgram(a -> a.li(A1, TRAP_VECTOR | 1).csrw(Csr.MTVEC, A1).csrr(A0, Csr.MTVEC).halt());
        assertEquals(TRAP_VECTOR | 1, h.x(A0), "vectored mode reads back");
        h = delivering();
        h.hart().mtvec = TRAP_VECTOR | 1;
        h.machine().memory().store32(BASE, Asm.encode(Asm::ecall));
        h.step(BASE);
        assertEquals(TRAP_VECTOR, h.hart().pc(), "synchronous exceptions use the base in vectored mode");
    }

    @Test
    void mepcClearsBitZero() {
        CpuHarness h = CpuHarness.runProgram(a -> a.li(A1, BASE + 0x123).csrw(Csr.MEPC, A1).csrr(A0, Csr.MEPC).halt());
        assertEquals(BASE + 0x122, h.x(A0));
    }

    @Test
    void mstatusFieldsAreWarl() {
        CpuHarness h = CpuHarness.runProgram(a -> a
                .csrr(A0, Csr.MSTATUS)
                .li(A1, Csr.MSTATUS_MPP | Csr.MSTATUS_MIE | Csr.MSTATUS_MPIE).csrw(Csr.MSTATUS, A1).csrr(A2, Csr.MSTATUS)
                .li(A1, 1L << Csr.MSTATUS_MPP_SHIFT).csrw(Csr.MSTATUS, A1).csrr(A3, Csr.MSTATUS)
                .halt());
        assertEquals(2L, h.x(A0) >>> 32 & 3, "UXL = 2: user mode is 64-bit");
        assertEquals(Csr.MSTATUS_MPP | Csr.MSTATUS_MIE | Csr.MSTATUS_MPIE, h.x(A2) & 0xFFFF_FFFFL);
        long mpp = h.x(A3) >>> Csr.MSTATUS_MPP_SHIFT & 3;
        assertEquals(true, mpp == Privilege.USER || mpp == Privilege.MACHINE, "MPP=S is not legal without S-mode: " + mpp);
    }

    @Test
    void countersReadTheValueBeforeTheReadingInstruction() {
        // Zicsr: "if a CSR access instruction reads a CSR, it reads the value prior to the execution of the instruction".
        CpuHarness h = CpuHarness.runProgram(a -> a
                .csrr(A0, Csr.INSTRET)          // instruction 0
                .csrr(A1, Csr.INSTRET)          // instruction 1
                .nop().nop()
                .csrr(A2, Csr.CYCLE)            // instruction 4
                .csrr(A3, Csr.TIME)             // instruction 5
                .csrr(A4, Csr.MINSTRET)         // instruction 6
                .csrr(A5, Csr.MCYCLE)           // instruction 7
                .halt());
        assertEquals(0, h.x(A0));
        assertEquals(1, h.x(A1));
        assertEquals(4, h.x(A2), "one cycle per instruction");
        assertEquals(5, h.x(A3), "time ticks with cycle (1 GHz)");
        assertEquals(6, h.x(A4));
        assertEquals(7, h.x(A5));
    }

    @Test
    void aValueWrittenToMinstretIsReadByTheNextInstruction() {
        CpuHarness h = CpuHarness.runProgram(a -> a
                .nop().nop().nop()
                .li(A1, 1000).csrw(Csr.MINSTRET, A1)
                .csrr(A0, Csr.MINSTRET)
                .csrr(A2, Csr.CYCLE)
                .li(A1, 5000).csrw(Csr.MCYCLE, A1)
                .csrr(A3, Csr.MCYCLE)
                .csrr(A4, Csr.INSTRET)
                .halt());
        assertEquals(1000, h.x(A0), "the write is done instead of the increment");
        assertEquals(6, h.x(A2), "writing minstret does not move cycle");
        assertEquals(5000, h.x(A3));
        assertEquals(1006, h.x(A4), "writing mcycle does not move instret (li 5000 is two instructions)");
    }

    @Test
    void userModeCannotAccessMachineCsrs() {
        int bits = Asm.encode(a -> a.csrr(A0, Csr.MSCRATCH));
        CpuHarness h = UserMode.load(a -> a.word(bits).halt());
        h.runToHalt();
        assertEquals(TrapCause.ILLEGAL_INSTRUCTION, h.x(S1));
        assertEquals(bits & 0xFFFF_FFFFL, h.x(S2));
        assertEquals(UserMode.USER_CODE, h.hart().mepc());
    }

    @Test
    void userModeReadsCountersOnlyWhenMcounterenAllows() {
        CpuHarness denied = UserMode.load(a -> a.csrr(A0, Csr.CYCLE).halt());
        denied.runToHalt();
        assertEquals(TrapCause.ILLEGAL_INSTRUCTION, denied.x(S1), "mcounteren.CY = 0");

        CpuHarness allowed = UserMode.load(new CpuHarness(CpuHarness.config().withDeliverFaults(true)),
                a -> a.li(A1, 0b111).csrw(Csr.MCOUNTEREN, A1),
                a -> a.li(S1, -1).csrr(A0, Csr.CYCLE).csrr(A1, Csr.TIME).csrr(A2, Csr.INSTRET).ecall());
        allowed.runToHalt();
        assertEquals(TrapCause.ECALL_FROM_U, allowed.x(S1));
        assertEquals(allowed.x(A0) + 1, allowed.x(A1));
    }
}
