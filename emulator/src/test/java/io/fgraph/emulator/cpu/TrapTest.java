package io.fgraph.emulator.cpu;

import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Consumer;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.A2;
import static io.fgraph.emulator.cpu.Asm.S1;
import static io.fgraph.emulator.cpu.Asm.S2;
import static io.fgraph.emulator.cpu.Asm.T0;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static io.fgraph.emulator.cpu.CpuHarness.RAM_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Synchronous exceptions: ecall from M and U, ebreak, illegal instructions, mret and the mstatus
 * stack, access faults outside RAM, and the F/D encodings. Faults are delivered to mtvec when the
 * machine is configured to deliver them, otherwise they stop the run with a report (docs/emulator.md).
 */
class TrapTest {
    private static final long TRAP_VECTOR = BASE + 0x1000;

    /** A handler that records mcause, mtval and mepc in s1, s2, a2 and halts. */
    private static CpuHarness withRecordingHandler(boolean deliverFaults, Consumer<Asm> program) {
        CpuHarness harness = new CpuHarness(CpuHarness.config().withDeliverFaults(deliverFaults));
        Asm handler = new Asm(TRAP_VECTOR);
        handler.csrr(S1, Csr.MCAUSE).csrr(S2, Csr.MTVAL).csrr(A2, Csr.MEPC).halt();
        harness.load(handler);
        harness.load(a -> {
            a.li(T0, TRAP_VECTOR).csrw(Csr.MTVEC, T0);
            program.accept(a);
        });
        return harness;
    }

    @Test
    void ecallFromMachineModeEntersTheTrapVectorAndMretReturns() {
        CpuHarness harness = new CpuHarness();
        Asm handler = new Asm(TRAP_VECTOR);
        handler.csrr(S1, Csr.MCAUSE).csrr(S2, Csr.MTVAL).csrr(T0, Csr.MEPC).addi(T0, T0, 4).csrw(Csr.MEPC, T0)
                .addi(A0, A0, 100).mret();
        harness.load(handler);
        harness.load(a -> a.li(T0, TRAP_VECTOR).csrw(Csr.MTVEC, T0).li(A0, 1).ecall().addi(A0, A0, 10).halt());
        harness.runToHalt();
        assertEquals(TrapCause.ECALL_FROM_M, harness.x(S1));
        assertEquals(0, harness.x(S2), "mtval is 0 for ecall");
        assertEquals(111, harness.x(A0), "handler ran, then execution continued after the ecall");
        assertEquals(Privilege.MACHINE, harness.hart().privilege());
    }

    @Test
    void ecallIsDeliveredEvenWhenFaultsAreNot() {
        CpuHarness harness = withRecordingHandler(false, a -> a.ecall());
        harness.runToHalt();
        assertEquals(TrapCause.ECALL_FROM_M, harness.x(S1));
    }

    @Test
    void ecallWithoutATrapVectorStopsTheRun() {
        CpuHarness harness = new CpuHarness();
        harness.load(a -> a.ecall().halt());
        RunResult result = harness.run();
        assertEquals(StopReason.UNHANDLED_TRAP, result.reason());
        assertEquals(124, result.exitCode());
        assertTrue(result.message().contains("environment call from M-mode"), result.message());
        assertTrue(result.message().contains("no trap vector"), result.message());
        assertEquals(BASE, result.pc());
    }

    @Test
    void ecallFromUserModeHasCauseEightAndRecordsUserAsThePreviousPrivilege() {
        CpuHarness harness = UserMode.load(a -> a.li(A0, 5).ecall().halt());
        harness.runToHalt();
        assertEquals(TrapCause.ECALL_FROM_U, harness.x(S1));
        assertEquals(UserMode.USER_CODE + 4, harness.hart().mepc());
        assertEquals(Privilege.MACHINE, harness.hart().privilege(), "the handler runs in M-mode");
        assertEquals(Privilege.USER, (harness.hart().mstatus() & Csr.MSTATUS_MPP) >>> Csr.MSTATUS_MPP_SHIFT);
    }

    @Test
    void mretRestoresMieFromMpieAndTheTrapSavesItAgain() {
        CpuHarness harness = UserMode.load(new CpuHarness(CpuHarness.config().withDeliverFaults(true)),
                a -> a.li(A1, Csr.MSTATUS_MPIE).csrrs(Asm.ZERO, Csr.MSTATUS, A1).csrrci(Asm.ZERO, Csr.MSTATUS, 8),
                a -> a.ecall());
        harness.runToHalt();
        long mstatus = harness.hart().mstatus();
        // mret: MIE <- MPIE (1), MPIE <- 1, MPP <- U. The ecall trap: MPIE <- MIE (1), MIE <- 0, MPP <- U.
        assertEquals(0, mstatus & Csr.MSTATUS_MIE, "MIE cleared on trap entry");
        assertEquals(Csr.MSTATUS_MPIE, mstatus & Csr.MSTATUS_MPIE, "MPIE holds the MIE that mret set");
        assertEquals(0, mstatus & Csr.MSTATUS_MPP, "MPP = U");
    }

    @Test
    void mretWithMppMachineStaysInMachineModeAndClearsMppToUser() {
        CpuHarness harness = CpuHarness.runProgram(a -> {
            Asm.Label after = a.label();
            a.li(T0, Csr.MSTATUS_MPP).csrrs(Asm.ZERO, Csr.MSTATUS, T0)
                    .auipc(T0, 0).addi(T0, T0, 16).csrw(Csr.MEPC, T0)
                    .mret()
                    .bind(after).csrr(A0, Csr.MSTATUS).csrr(A1, Csr.MSCRATCH).halt();
        });
        assertEquals(Privilege.MACHINE, harness.hart().privilege());
        assertEquals(0, harness.x(A0) & Csr.MSTATUS_MPP, "mret sets MPP to the least-privileged mode");
    }

    @Test
    void mretFromUserModeIsIllegal() {
        CpuHarness harness = UserMode.load(a -> a.mret());
        harness.runToHalt();
        assertEquals(TrapCause.ILLEGAL_INSTRUCTION, harness.x(S1));
        assertEquals(Asm.encode(Asm::mret) & 0xFFFF_FFFFL, harness.x(S2));
    }

    @Test
    void ebreakIsDeliveredAsABreakpointWhenFaultsAreDelivered() {
        CpuHarness harness = withRecordingHandler(true, a -> a.nop().ebreak());
        harness.runToHalt();
        assertEquals(TrapCause.BREAKPOINT, harness.x(S1));
        assertEquals(harness.x(A2), harness.x(S2), "mtval is the address of the ebreak");
        assertEquals(Asm.encode(Asm::ebreak), (int) harness.machine().memory().load32(harness.x(A2)));
    }

    @Test
    void anUnhandledEbreakStopsTheRunByDefault() {
        CpuHarness harness = withRecordingHandler(false, a -> a.ebreak());
        RunResult result = harness.run();
        assertEquals(StopReason.UNHANDLED_TRAP, result.reason());
        assertTrue(result.message().contains("no handler for this ebreak"), result.message());
    }

    @Test
    void illegalInstructionHasCauseTwoAndTheBitsInMtval() {
        int bits = 0x0000_707B; // custom-3 opcode: not implemented
        CpuHarness harness = withRecordingHandler(true, a -> a.word(bits));
        harness.runToHalt();
        assertEquals(TrapCause.ILLEGAL_INSTRUCTION, harness.x(S1));
        assertEquals(bits, harness.x(S2));

        CpuHarness ones = withRecordingHandler(true, a -> a.word(0xFFFF_FFFF));
        ones.runToHalt();
        assertEquals(0xFFFF_FFFFL, ones.x(S2), "mtval is zero-extended");
    }

    @Test
    void illegalInstructionStopsTheRunWithAReportByDefault() {
        CpuHarness harness = withRecordingHandler(false, a -> a.word(0x0000_707B));
        RunResult result = harness.run();
        assertEquals(StopReason.ILLEGAL_INSTRUCTION, result.reason());
        assertEquals(121, result.exitCode());
        assertTrue(result.message().contains("illegal instruction at pc 0x"), result.message());
        assertTrue(result.message().contains("bits 0x0000707b"), result.message());
    }

    @ParameterizedTest(name = "address 0x{0}")
    @ValueSource(longs = {0x1000L, 0x7FFF_FFF8L, BASE + RAM_SIZE, BASE + RAM_SIZE - 4, -8L})
    void loadsAndStoresOutsideRamRaiseAccessFaults(long address) {
        CpuHarness load = withRecordingHandler(true, a -> a.li(A1, address).ld(A0, 0, A1));
        load.runToHalt();
        assertEquals(TrapCause.LOAD_ACCESS_FAULT, load.x(S1));
        assertEquals(address, load.x(S2));

        CpuHarness store = withRecordingHandler(true, a -> a.li(A1, address).sd(A0, 0, A1));
        store.runToHalt();
        assertEquals(TrapCause.STORE_ACCESS_FAULT, store.x(S1));
        assertEquals(address, store.x(S2));
    }

    @Test
    void fetchOutsideRamRaisesAnInstructionAccessFault() {
        CpuHarness harness = withRecordingHandler(true, a -> a.li(A1, 0x1000).jalr(Asm.RA, A1, 0));
        harness.runToHalt();
        assertEquals(TrapCause.INSTRUCTION_ACCESS_FAULT, harness.x(S1));
        assertEquals(0x1000, harness.x(S2));
        assertEquals(0x1000, harness.x(A2), "mepc is the unreachable pc");
    }

    @Test
    void accessFaultsStopTheRunWithExitStatus122ByDefault() {
        for (Consumer<Asm> access : java.util.List.<Consumer<Asm>>of(
                a -> a.ld(A0, 0, A1), a -> a.sw(A0, 0, A1), a -> a.jalr(Asm.RA, A1, 0))) {
            CpuHarness harness = new CpuHarness();
            harness.load(a -> {
                a.li(A1, 0x4000);
                access.accept(a);
                a.halt();
            });
            RunResult result = harness.run();
            assertEquals(StopReason.ACCESS_FAULT, result.reason());
            assertEquals(122, result.exitCode());
            assertTrue(result.message().contains("address 0x4000 is outside RAM"), result.message());
        }
    }

    @ParameterizedTest(name = "bits 0x{0}")
    @ValueSource(strings = {"00052507", "00a52027", "02b57553", "22b50553", "c:2000", "c:a006", "c:2502"})
    void floatingPointInstructionsWithTheFpuOffAreIllegalWithAClearMessage(String spec) {
        // flw, fsw, fadd.d, fmv/fsgnj, then c.fld, c.fsdsp, c.fldsp (the 16-bit ones are given as "c:bits"),
        // with mstatus.FS Off as it is out of reset.
        String[] parts = spec.split(":");
        CpuHarness harness = new CpuHarness();
        long expectedBits;
        if (parts.length == 1) {
            int bits = (int) Long.parseLong(parts[0], 16);
            harness.load(a -> a.word(bits).halt());
            expectedBits = bits & 0xFFFF_FFFFL;
        } else {
            int half = Integer.parseInt(parts[1], 16);
            harness.load(a -> a.half(half).half(0).halt());
            expectedBits = half;
        }
        RunResult result = harness.run();
        assertEquals(StopReason.ILLEGAL_INSTRUCTION, result.reason(), result.message());
        assertTrue(result.message().contains("floating-point instruction while the FPU is off: mstatus.FS is 0"),
                result.message());

        CpuHarness delivered = withRecordingHandler(true, parts.length == 1
                ? a -> a.word((int) expectedBits) : a -> a.half((int) expectedBits));
        delivered.runToHalt();
        assertEquals(TrapCause.ILLEGAL_INSTRUCTION, delivered.x(S1));
        assertEquals(expectedBits, delivered.x(S2));
    }

    @Test
    void aReservedFloatingPointEncodingWithTheFpuOnHasItsOwnMessage() {
        CpuHarness harness = new CpuHarness();
        harness.hart().enableFloatingPoint();
        int faddQ = 0x06C5_8553; // fadd.q fa0, fa1, fa2: the Q extension is not implemented
        harness.load(a -> a.word(faddQ).halt());
        RunResult result = harness.run();
        assertEquals(StopReason.ILLEGAL_INSTRUCTION, result.reason(), result.message());
        assertTrue(result.message().contains("bits 0x06c58553 (floating-point instruction: a reserved encoding"),
                result.message());
    }

    @Test
    void wfiIsAHintThatContinues() {
        CpuHarness harness = CpuHarness.runProgram(a -> a.li(A0, 1).wfi().addi(A0, A0, 1).halt());
        assertEquals(2, harness.x(A0));
    }
}
