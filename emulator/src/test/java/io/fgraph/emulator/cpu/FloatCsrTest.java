package io.fgraph.emulator.cpu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Consumer;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.A2;
import static io.fgraph.emulator.cpu.Asm.A3;
import static io.fgraph.emulator.cpu.Asm.DYN;
import static io.fgraph.emulator.cpu.Asm.FA0;
import static io.fgraph.emulator.cpu.Asm.FA1;
import static io.fgraph.emulator.cpu.Asm.FA2;
import static io.fgraph.emulator.cpu.Asm.FCSR;
import static io.fgraph.emulator.cpu.Asm.FFLAGS;
import static io.fgraph.emulator.cpu.Asm.FRM;
import static io.fgraph.emulator.cpu.Asm.RDN;
import static io.fgraph.emulator.cpu.Asm.RNE;
import static io.fgraph.emulator.cpu.Asm.RTZ;
import static io.fgraph.emulator.cpu.Asm.RUP;
import static io.fgraph.emulator.cpu.Asm.S1;
import static io.fgraph.emulator.cpu.Asm.S2;
import static io.fgraph.emulator.cpu.Asm.T0;
import static io.fgraph.emulator.cpu.Asm.ZERO;
import static io.fgraph.emulator.cpu.CpuHarness.DATA;
import static io.fgraph.emulator.cpu.FloatHarness.bits;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * fflags, frm and fcsr; static and dynamic rounding modes and the illegal ones; mstatus.FS (Off
 * makes every F/D instruction and the FP CSRs illegal, any FP instruction or fcsr write makes it
 * Dirty, and SD mirrors Dirty); misa's F and D bits; FP use from user mode.
 */
class FloatCsrTest {
    @Test
    void fcsrIsFrmAboveTheFlags() {
        CpuHarness h = new FloatHarness().cpu();
        h.load(a -> a
                .li(A1, 0xFFFF_FFFFL).csrrw(ZERO, FCSR, A1)
                .csrr(A0, FCSR).csrr(A2, FFLAGS).csrr(A3, FRM)
                .csrrwi(T0, FRM, RUP).csrrwi(ZERO, FFLAGS, 0b00101).csrr(S1, FCSR)
                .li(A1, 0xFF).csrrw(S2, FFLAGS, A1)
                .halt());
        h.runToHalt();
        assertEquals(0xFF, h.x(A0), "bits above 7 are read-only zero");
        assertEquals(0x1F, h.x(A2));
        assertEquals(7, h.x(A3));
        assertEquals(7, h.x(T0), "csrrwi returns the old frm");
        assertEquals(RUP << 5 | 0b00101, h.x(S1));
        assertEquals(0b00101, h.x(S2));
        assertEquals(RUP << 5 | 0x1F, h.hart().fcsr());
    }

    @Test
    void dynamicRoundingUsesFrmAndStaticRoundingIgnoresIt() {
        FloatHarness h = new FloatHarness().f(FA1, bits(1.0)).f(FA2, bits(0x1p-60));
        h.frm(RUP).step(a -> a.fadd(true, FA0, FA1, FA2, DYN));
        assertEquals(bits(Math.nextUp(1.0)), h.f(FA0));
        h.frm(RTZ).step(a -> a.fsub(true, FA0, FA1, FA2, DYN));
        assertEquals(bits(Math.nextDown(1.0)), h.f(FA0));
        h.frm(RUP).step(a -> a.fadd(true, FA0, FA1, FA2, RNE));
        assertEquals(bits(1.0), h.f(FA0));
        h.frm(RDN).x(A1, 7).step(a -> a.fcvtToInt(Asm.W, true, A0, FA1, DYN));
        assertEquals(1, h.x(A0));
    }

    @ParameterizedTest(name = "frm={0}")
    @ValueSource(ints = {5, 6, 7})
    void aReservedFrmIsIllegalOnlyForInstructionsThatUseIt(int frm) {
        FloatHarness h = new FloatHarness().f(FA1, bits(1.0)).f(FA2, bits(2.0)).frm(frm);
        int bits = Asm.encode(a -> a.fadd(true, FA0, FA1, FA2, DYN));
        assertEquals(bits & 0xFFFF_FFFFL, h.stepIllegal(a -> a.word(bits)), "mtval holds the instruction");
        h.step(a -> a.fadd(true, FA0, FA1, FA2, RNE));
        assertEquals(bits(3.0), h.f(FA0));
        h.step(a -> a.fsgnjn(true, FA0, FA1, FA2)); // no rounding mode
        h.step(a -> a.fmin(true, FA0, FA1, FA2));
        assertEquals(bits(1.0), h.f(FA0));
    }

    @ParameterizedTest(name = "rm={0}")
    @ValueSource(ints = {5, 6})
    void reservedStaticRoundingModesAreIllegal(int rm) {
        FloatHarness h = new FloatHarness();
        h.stepIllegal(a -> a.fadd(false, FA0, FA1, FA2, rm));
        h.stepIllegal(a -> a.fmadd(true, FA0, FA1, FA2, FA1, rm));
        h.stepIllegal(a -> a.fcvtToInt(Asm.L, true, A0, FA1, rm));
        h.stepIllegal(a -> a.fcvtFromInt(Asm.W, true, FA0, A1, rm));
        h.stepIllegal(a -> a.fsqrt(true, FA0, FA1, rm));
    }

    @Test
    void otherFormatsAndReservedEncodingsAreIllegal() {
        FloatHarness h = new FloatHarness();
        int addQ = 0b0000011 << 25 | FA2 << 20 | FA1 << 15 | FA0 << 7 | 0b1010011; // fadd.q
        int addH = 0b0000010 << 25 | FA2 << 20 | FA1 << 15 | FA0 << 7 | 0b1010011; // fadd.h
        int flq = 4 << 12 | FA1 << 15 | FA0 << 7 | 0b0000111;                      // flq
        int sqrtRs2 = 0b0101101 << 25 | 1 << 20 | FA1 << 15 | FA0 << 7 | 0b1010011; // fsqrt.d with rs2 != 0
        int sgnj3 = 0b0010001 << 25 | FA2 << 20 | FA1 << 15 | 3 << 12 | FA0 << 7 | 0b1010011;
        int cvtSQ = 0b0100000 << 25 | 3 << 20 | FA1 << 15 | FA0 << 7 | 0b1010011;  // fcvt.s.q
        int cvtWx = 0b1100001 << 25 | 4 << 20 | FA1 << 15 | A0 << 7 | 0b1010011;   // fcvt.?.d with rs2 = 4
        for (int bits : new int[] {addQ, addH, flq, sqrtRs2, sgnj3, cvtSQ, cvtWx}) {
            assertEquals(bits & 0xFFFF_FFFFL, h.stepIllegal(a -> a.word(bits)), String.format("0x%08x", bits));
        }
    }

    @Test
    void withFsOffEveryFpInstructionAndFpCsrIsIllegal() {
        FloatHarness h = new FloatHarness();
        h.hart().mstatus &= ~Csr.MSTATUS_FS;
        h.x(A1, 0x1000); // outside RAM: the illegal instruction wins over the access fault
        Consumer<Asm>[] instructions = list(
                a -> a.fadd(true, FA0, FA1, FA2, RNE), a -> a.fmvFromX(false, FA0, A1), a -> a.fmvToX(true, A0, FA1),
                a -> a.flw(FA0, 0, A1), a -> a.fsd(FA0, 0, A1), a -> a.fmadd(false, FA0, FA1, FA2, FA1, RNE),
                a -> a.csrr(A0, FCSR), a -> a.csrrwi(ZERO, FRM, 1), a -> a.csrr(A0, FFLAGS));
        for (Consumer<Asm> instruction : instructions) {
            assertEquals(Asm.encode(instruction) & 0xFFFF_FFFFL, h.stepIllegal(instruction));
        }
        h.x(A0, DATA);
        long mtval = h.stepIllegal(a -> a.cFld(FA0, 8, A0));
        assertEquals(Asm.encode16(a -> a.cFld(FA0, 8, A0)), mtval, "mtval holds the 16 bits of a compressed instruction");
        assertEquals(0, h.hart().mstatus() & Csr.MSTATUS_FS, "still off");
    }

    @SafeVarargs
    private static Consumer<Asm>[] list(Consumer<Asm>... instructions) {
        return instructions;
    }

    @Test
    void fpInstructionsAndFcsrWritesMakeFsDirtyAndSdShowsIt() {
        CpuHarness h = new CpuHarness();
        h.load(a -> a
                .csrr(A0, Csr.MSTATUS)
                .li(T0, Csr.MSTATUS_FS_INITIAL).csrrs(ZERO, Csr.MSTATUS, T0).csrr(A1, Csr.MSTATUS)
                .csrr(S1, FCSR).csrr(A2, Csr.MSTATUS)              // a read leaves FS alone
                .csrrwi(ZERO, FFLAGS, 0).csrr(A3, Csr.MSTATUS)     // a write makes it Dirty
                .li(T0, Csr.MSTATUS_FS).csrrc(ZERO, Csr.MSTATUS, T0)
                .li(T0, 2L << Csr.MSTATUS_FS_SHIFT).csrrs(ZERO, Csr.MSTATUS, T0) // Clean
                .fmvFromX(true, FA0, ZERO).csrr(S2, Csr.MSTATUS)   // any FP instruction: Dirty
                .halt());
        h.runToHalt();
        assertEquals(0, h.x(A0) & Csr.MSTATUS_FS, "FS resets to Off");
        assertEquals(Csr.MSTATUS_FS_INITIAL, h.x(A1) & Csr.MSTATUS_FS);
        assertEquals(0, h.x(A1) & Csr.MSTATUS_SD);
        assertEquals(Csr.MSTATUS_FS_INITIAL, h.x(A2) & Csr.MSTATUS_FS);
        assertEquals(Csr.MSTATUS_FS, h.x(A3) & Csr.MSTATUS_FS);
        assertEquals(Csr.MSTATUS_SD, h.x(A3) & Csr.MSTATUS_SD, "SD is set when FS is Dirty");
        assertEquals(Csr.MSTATUS_FS | Csr.MSTATUS_SD, h.x(S2) & (Csr.MSTATUS_FS | Csr.MSTATUS_SD));
    }

    @Test
    void misaReportsFAndD() {
        CpuHarness h = CpuHarness.runProgram(a -> a.csrr(A0, Csr.MISA).halt());
        assertEquals(1, h.x(A0) >>> ('F' - 'A') & 1);
        assertEquals(1, h.x(A0) >>> ('D' - 'A') & 1);
    }

    @Test
    void userModeUsesTheFpuAndFcsrWhenMachineModeEnabledIt() {
        CpuHarness h = UserMode.load(new CpuHarness(CpuHarness.config().withDeliverFaults(true)),
                a -> a.li(T0, Csr.MSTATUS_FS_INITIAL).csrrs(ZERO, Csr.MSTATUS, T0),
                a -> a.li(S1, -1).li(A1, 3).fcvtFromInt(Asm.W, true, FA0, A1, RNE)
                        .fdiv(true, FA1, FA0, FA0, RNE).csrrwi(ZERO, FRM, RUP).csrr(A2, FCSR)
                        .fmvToX(true, A0, FA1).ecall());
        h.runToHalt();
        assertEquals(TrapCause.ECALL_FROM_U, h.x(S1));
        assertEquals(bits(1.0), h.x(A0));
        assertEquals(RUP << 5, h.x(A2));
    }
}
