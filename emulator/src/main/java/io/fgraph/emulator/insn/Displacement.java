package io.fgraph.emulator.insn;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.cpu.Op;
import io.fgraph.emulator.hook.JavaTrap;
import io.fgraph.emulator.memory.Memory;

import java.util.function.LongPredicate;

/**
 * How an instruction that a hook has replaced (a probe's breakpoint, an entry hook's trap) still
 * runs: simulated in Java, or copied out of line into a slot of the {@link XolArea}. Linux's riscv
 * {@code decode-insn.c}/{@code simulate-insn.c} are the model: instructions that read the pc
 * ({@code auipc}, {@code jal}, {@code jalr}, every branch, and their compressed forms) are
 * simulated, with the link register holding the original address + length, never the slot's;
 * everything else runs out of line; instructions that must stay where they are, or that trap, are
 * refused with the reason.
 */
public final class Displacement {
    /** How the displaced instruction runs. */
    public enum Mode { SIMULATED, OUT_OF_LINE }

    private final Instruction instruction;
    private final Mode mode;

    private Displacement(Instruction instruction, Mode mode) {
        this.instruction = instruction;
        this.mode = mode;
    }

    /**
     * Classifies the instruction at {@code address}.
     *
     * @param reserved true for addresses of the tools' own text (trampolines, out-of-line slots),
     *                 which is never probed
     * @throws RefusedInstructionException with the reason when it cannot be displaced
     */
    public static Displacement at(Memory memory, long address, LongPredicate reserved) throws RefusedInstructionException {
        Instruction insn = Instruction.at(memory, address);
        if (reserved.test(address)) {
            throw new RefusedInstructionException(insn, "the address is in the tracers' own reserved text");
        }
        String semihosting = semihostingPart(memory, insn);
        if (semihosting != null) {
            throw new RefusedInstructionException(insn, semihosting
                    + " of a semihosting call (slli x0,x0,0x1f; ebreak; srai x0,x0,7), which must stay in place");
        }
        switch (insn.op()) {
            case Op.AUIPC:
            case Op.JAL:
            case Op.JALR:
            case Op.BEQ:
            case Op.BNE:
            case Op.BLT:
            case Op.BGE:
            case Op.BLTU:
            case Op.BGEU:
                return new Displacement(insn, Mode.SIMULATED);
            case Op.ECALL:
                throw new RefusedInstructionException(insn, "ecall is a system call: it traps");
            case Op.EBREAK:
                throw new RefusedInstructionException(insn, (insn.length() == 2 ? "c.ebreak" : "ebreak")
                        + " is a breakpoint already");
            case Op.MRET:
                throw new RefusedInstructionException(insn, "mret returns from a trap: it cannot run out of line");
            case Op.WFI:
                throw new RefusedInstructionException(insn, "wfi waits for an interrupt");
            case Op.CSRRW:
            case Op.CSRRS:
            case Op.CSRRC:
            case Op.CSRRWI:
            case Op.CSRRSI:
            case Op.CSRRCI:
                throw new RefusedInstructionException(insn, "a CSR instruction (system instructions are not probed)");
            case Op.JAVA_TRAP:
                throw new RefusedInstructionException(insn, "it is a trap-to-Java instruction (id "
                        + JavaTrap.idOf(insn.bits()) + "): another hook owns this address");
            case Op.ILLEGAL:
                throw new RefusedInstructionException(insn, "it is not a valid instruction");
            default:
                return new Displacement(insn, Mode.OUT_OF_LINE);
        }
    }

    /** Which part of a semihosting sequence {@code insn} is, or null. */
    private static String semihostingPart(Memory memory, Instruction insn) {
        long at = insn.address();
        if (insn.length() != 4) {
            return null;
        }
        if (insn.bits() == SEMIHOSTING_ENTRY && word(memory, at + 4) == SEMIHOSTING_EBREAK && word(memory, at + 8) == SEMIHOSTING_EXIT) {
            return "the first instruction";
        }
        if (insn.bits() == SEMIHOSTING_EBREAK && word(memory, at - 4) == SEMIHOSTING_ENTRY && word(memory, at + 4) == SEMIHOSTING_EXIT) {
            return "the ebreak";
        }
        if (insn.bits() == SEMIHOSTING_EXIT && word(memory, at - 8) == SEMIHOSTING_ENTRY && word(memory, at - 4) == SEMIHOSTING_EBREAK) {
            return "the last instruction";
        }
        return null;
    }

    /** {@code slli x0, x0, 0x1f}, {@code ebreak}, {@code srai x0, x0, 7}: the RISC-V semihosting sequence. */
    private static final int SEMIHOSTING_ENTRY = 0x01f01013;
    private static final int SEMIHOSTING_EBREAK = 0x00100073;
    private static final int SEMIHOSTING_EXIT = 0x40705013;

    private static int word(Memory memory, long address) {
        return memory.contains(address, 4) ? (int) memory.load32(address) : 0;
    }

    public Instruction instruction() {
        return instruction;
    }

    public Mode mode() {
        return mode;
    }

    public boolean simulated() {
        return mode == Mode.SIMULATED;
    }

    /**
     * Does what the instruction does at its original address: sets the pc (and the destination
     * register). Only for {@link Mode#SIMULATED} instructions.
     */
    public void simulate(Hart hart) {
        Instruction insn = instruction;
        long at = insn.address();
        long imm = insn.immediate();
        switch (insn.op()) {
            case Op.AUIPC:
                hart.setX(insn.rd(), at + imm);
                hart.setPc(insn.next());
                return;
            case Op.JAL:
                hart.setX(insn.rd(), insn.next());
                hart.setPc(at + imm);
                return;
            case Op.JALR: {
                long target = (hart.x(insn.rs1()) + imm) & ~1L; // before rd is written: rd may be rs1
                hart.setX(insn.rd(), insn.next());
                hart.setPc(target);
                return;
            }
            case Op.BEQ:
                branch(hart, hart.x(insn.rs1()) == hart.x(insn.rs2()));
                return;
            case Op.BNE:
                branch(hart, hart.x(insn.rs1()) != hart.x(insn.rs2()));
                return;
            case Op.BLT:
                branch(hart, hart.x(insn.rs1()) < hart.x(insn.rs2()));
                return;
            case Op.BGE:
                branch(hart, hart.x(insn.rs1()) >= hart.x(insn.rs2()));
                return;
            case Op.BLTU:
                branch(hart, Long.compareUnsigned(hart.x(insn.rs1()), hart.x(insn.rs2())) < 0);
                return;
            case Op.BGEU:
                branch(hart, Long.compareUnsigned(hart.x(insn.rs1()), hart.x(insn.rs2())) >= 0);
                return;
            default:
                throw new IllegalStateException(insn + " is not simulated");
        }
    }

    private void branch(Hart hart, boolean taken) {
        hart.setPc(taken ? instruction.address() + instruction.immediate() : instruction.next());
    }

    @Override
    public String toString() {
        return instruction + " " + mode;
    }
}
