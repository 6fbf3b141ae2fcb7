package io.fgraph.emulator.insn;

/** An instruction that cannot be displaced by a hook (probed or hooked), with the reason. */
public final class RefusedInstructionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Instruction instruction;

    public RefusedInstructionException(Instruction instruction, String reason) {
        super(instruction.hex() + " at 0x" + Long.toHexString(instruction.address()) + " cannot be displaced: " + reason);
        this.instruction = instruction;
    }

    public Instruction instruction() {
        return instruction;
    }
}
