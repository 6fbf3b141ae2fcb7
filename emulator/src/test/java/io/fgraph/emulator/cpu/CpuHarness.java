package io.fgraph.emulator.cpu;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.hook.HookAction;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs hand-assembled code on a bare {@link Machine} (no ELF, no semihosting): code goes into RAM at
 * {@link #BASE}, hart 0 starts there, and the program ends with {@link Asm#halt()} (a trap-to-Java
 * instruction that stops the run with exit code 0) or {@link Asm#park()} (parks its hart; with every
 * hart parked the run ends). Single instructions can be stepped with {@link #step}.
 */
public final class CpuHarness {
    public static final long BASE = MachineConfig.DEFAULT_RAM_BASE;
    /** 1 MiB keeps machine construction cheap; tests use [BASE, BASE + RAM_SIZE). */
    public static final int RAM_SIZE = 1 << 20;
    /** A scratch data area well away from the code. */
    public static final long DATA = BASE + 0x8_0000;

    private final Machine machine;

    public CpuHarness() {
        this(config());
    }

    public CpuHarness(MachineConfig config) {
        this.machine = new Machine(config);
        machine.hooks().registerTrap(Asm.HALT_ID, (hart, id) -> {
            machine.requestStop(StopReason.EXIT, 0, hart, "halt");
            return HookAction.SKIP;
        });
        machine.hooks().registerTrap(Asm.PARK_ID, (hart, id) -> {
            hart.setState(HartState.PARKED);
            return HookAction.SKIP;
        });
    }

    /** The default test configuration: one hart, 1 MiB of RAM, faults stop the run. */
    public static MachineConfig config() {
        return MachineConfig.defaults().withRamSize(RAM_SIZE);
    }

    public Machine machine() {
        return machine;
    }

    public Hart hart() {
        return machine.hart(0);
    }

    public Hart hart(int id) {
        return machine.hart(id);
    }

    public long x(int register) {
        return hart().x(register);
    }

    public CpuHarness set(int register, long value) {
        hart().setX(register, value);
        return this;
    }

    public CpuHarness load(Asm asm) {
        machine.memory().write(asm.origin(), asm.bytes());
        return this;
    }

    /** Assembles a program at {@link #BASE} and loads it. */
    public CpuHarness load(Consumer<Asm> program) {
        Asm asm = new Asm(BASE);
        program.accept(asm);
        return load(asm);
    }

    /** Runs hart 0 from {@link #BASE} until the program stops. */
    public RunResult run() {
        hart().setPc(BASE);
        return machine.run();
    }

    /** Runs from {@link #BASE} and fails unless the program reached {@link Asm#halt()}. */
    public RunResult runToHalt() {
        RunResult result = run();
        assertEquals(StopReason.EXIT, result.reason(), result.message());
        return result;
    }

    /** Loads {@code program} at {@link #BASE} and runs it to its halt; returns this for register checks. */
    public static CpuHarness runProgram(Consumer<Asm> program) {
        CpuHarness harness = new CpuHarness();
        harness.load(program).runToHalt();
        return harness;
    }

    /** Executes one instruction of hart 0 at {@code pc}. */
    public void step(long pc) {
        hart().setPc(pc);
        machine.step(hart());
    }

    /**
     * Writes {@code instruction} at {@link #BASE}, sets a1 and a2, executes exactly that instruction
     * and returns a0. The pc must then be past the instruction.
     */
    public long execute(int instruction, long a1, long a2) {
        machine.memory().store32(BASE, instruction);
        set(Asm.A0, 0x5A5A_5A5A_5A5A_5A5AL).set(Asm.A1, a1).set(Asm.A2, a2);
        step(BASE);
        assertEquals(BASE + 4, hart().pc(), "pc after the instruction");
        return x(Asm.A0);
    }

    public long load64(long address) {
        return machine.memory().load64(address);
    }

    public void store64(long address, long value) {
        machine.memory().store64(address, value);
    }
}
