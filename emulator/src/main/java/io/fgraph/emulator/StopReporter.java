package io.fgraph.emulator;

import io.fgraph.emulator.cpu.Csr;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.cpu.TrapCause;
import io.fgraph.emulator.memory.MemoryFault;

/**
 * Turns the ways a run can end badly into one-line reports: hart, pc, symbol+offset and the
 * instruction bits, e.g.
 * {@code hart 0: illegal instruction at pc 0x80000232 (main+0x12): bits 0x0000f007}.
 */
final class StopReporter {
    private final Machine machine;

    StopReporter(Machine machine) {
        this.machine = machine;
    }

    private String where(Hart hart) {
        long pc = hart.pc();
        return "hart " + hart.id() + ": at pc 0x" + Long.toHexString(pc) + " (" + machine.symbolizer().apply(pc) + ")";
    }

    void fault(Hart hart, int cause, long value) {
        machine.requestStop(reasonOf(cause), reasonOf(cause).exitStatus(), hart, describe(hart, cause, value));
    }

    static StopReason reasonOf(int cause) {
        switch (cause) {
            case TrapCause.ILLEGAL_INSTRUCTION: return StopReason.ILLEGAL_INSTRUCTION;
            case TrapCause.LOAD_ACCESS_FAULT:
            case TrapCause.STORE_ACCESS_FAULT:
            case TrapCause.INSTRUCTION_ACCESS_FAULT: return StopReason.ACCESS_FAULT;
            default: return StopReason.UNHANDLED_TRAP;
        }
    }

    /** The one-line report of an exception that stops the run. */
    String describe(Hart hart, int cause, long value) {
        long pc = hart.pc();
        String head = "hart " + hart.id() + ": " + TrapCause.describe(cause) + " at pc 0x" + Long.toHexString(pc)
                + " (" + machine.symbolizer().apply(pc) + ")";
        String detail;
        switch (cause) {
            case TrapCause.ILLEGAL_INSTRUCTION:
                detail = ": " + InstructionText.describeIllegal(value, (hart.mstatus() & Csr.MSTATUS_FS) == 0);
                break;
            case TrapCause.LOAD_ACCESS_FAULT:
            case TrapCause.STORE_ACCESS_FAULT:
            case TrapCause.INSTRUCTION_ACCESS_FAULT:
                detail = ": " + machine.memory().describeFault(faultKind(cause), value) + bits(pc);
                break;
            case TrapCause.BREAKPOINT:
                detail = ": no handler for this ebreak" + bits(pc);
                break;
            default:
                detail = ": mtval=0x" + Long.toHexString(value) + (hart.mtvec() == 0 ? ", no trap vector (mtvec=0)" : "")
                        + bits(pc);
                break;
        }
        String whose = machine.reservedRegion(pc).map(r -> "; " + r.explanation()).orElse("");
        return head + detail + whose;
    }

    private static MemoryFault.Kind faultKind(int cause) {
        switch (cause) {
            case TrapCause.LOAD_ACCESS_FAULT: return MemoryFault.Kind.LOAD;
            case TrapCause.STORE_ACCESS_FAULT: return MemoryFault.Kind.STORE;
            default: return MemoryFault.Kind.FETCH;
        }
    }

    private String bits(long pc) {
        String text = InstructionText.bitsAt(machine.memory(), pc);
        return text.isEmpty() ? "" : ", " + text;
    }

    void instructionLimit(Hart hart, long limit) {
        machine.requestStop(StopReason.INSTRUCTION_LIMIT, StopReason.INSTRUCTION_LIMIT.exitStatus(), hart,
                where(hart) + ": instruction limit of " + limit + " reached" + bits(hart.pc()));
    }

    void allParked() {
        Hart hart = machine.hart(0);
        machine.requestStop(StopReason.ALL_HARTS_PARKED, StopReason.ALL_HARTS_PARKED.exitStatus(), hart,
                "all " + machine.hartCount() + " harts are parked: nothing left to run (" + where(hart) + ")");
    }

    void toHost(Hart hart, long value) {
        if (value == 1) {
            machine.requestStop(StopReason.TOHOST_PASS, 0, hart, "");
        } else if ((value & 1) == 1) {
            machine.requestStop(StopReason.TOHOST_FAIL, StopReason.TOHOST_FAIL.exitStatus(), hart,
                    "tohost: test " + (value >>> 1) + " failed (tohost=0x" + Long.toHexString(value) + ")");
        } else {
            machine.requestStop(StopReason.TOHOST_FAIL, StopReason.TOHOST_FAIL.exitStatus(), hart,
                    "tohost: unexpected even value 0x" + Long.toHexString(value) + " (only the ISA-test exit protocol is supported)");
        }
    }

    void unknownTrap(Hart hart, int id) {
        machine.requestStop(StopReason.ILLEGAL_INSTRUCTION, StopReason.ILLEGAL_INSTRUCTION.exitStatus(), hart,
                "hart " + hart.id() + ": trap-to-Java instruction with id " + id + " at pc 0x" + Long.toHexString(hart.pc())
                        + " (" + machine.symbolizer().apply(hart.pc()) + ") has no registered handler");
    }
}
