package io.fgraph.emulator.cpu;

import java.util.function.Consumer;

import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Executes single F/D instructions on a hart with the FPU on (mstatus.FS = Initial) and faults
 * delivered to {@link #TRAP_VECTOR}: set registers and frm, step one instruction at
 * {@link CpuHarness#BASE}, then read the result and the flags it raised. Values go in and come out
 * as raw bits; {@link #single} and {@link #boxed} build binary32 operands.
 */
final class FloatHarness {
    static final long TRAP_VECTOR = BASE + 0x1000;

    private final CpuHarness cpu = new CpuHarness(CpuHarness.config().withDeliverFaults(true));

    FloatHarness() {
        hart().enableFloatingPoint();
        hart().mtvec = TRAP_VECTOR;
    }

    CpuHarness cpu() {
        return cpu;
    }

    Hart hart() {
        return cpu.hart();
    }

    /** A NaN-boxed binary32 register value. */
    static long boxed(float value) {
        return boxedBits(Float.floatToRawIntBits(value));
    }

    static long boxedBits(int singleBits) {
        return 0xFFFF_FFFF_0000_0000L | (singleBits & 0xFFFF_FFFFL);
    }

    static long bits(double value) {
        return Double.doubleToRawLongBits(value);
    }

    /** The binary32 bits in a register, failing unless it is properly NaN-boxed. */
    static int single(long register) {
        assertEquals(0xFFFF_FFFFL, register >>> 32, () -> String.format("0x%016x is not NaN-boxed", register));
        return (int) register;
    }

    FloatHarness f(int register, long bits) {
        hart().setF(register, bits);
        return this;
    }

    FloatHarness x(int register, long value) {
        hart().setX(register, value);
        return this;
    }

    FloatHarness frm(int mode) {
        hart().frm = mode;
        return this;
    }

    long f(int register) {
        return hart().f(register);
    }

    long x(int register) {
        return hart().x(register);
    }

    /** Executes one instruction (32- or 16-bit), clearing fflags first; fails if it trapped. */
    FloatHarness step(Consumer<Asm> instruction) {
        Asm asm = new Asm(BASE);
        instruction.accept(asm);
        byte[] code = asm.bytes();
        cpu.machine().memory().write(BASE, code);
        hart().fflags.bits = 0;
        hart().mcause = -1;
        cpu.step(BASE);
        assertEquals(-1, hart().mcause(), "the instruction trapped");
        assertEquals(BASE + code.length, hart().pc(), "pc after the instruction");
        return this;
    }

    /** Executes one instruction that must raise illegal-instruction; returns mtval. */
    long stepIllegal(Consumer<Asm> instruction) {
        Asm asm = new Asm(BASE);
        instruction.accept(asm);
        cpu.machine().memory().write(BASE, asm.bytes());
        hart().mcause = -1;
        cpu.step(BASE);
        assertEquals(TrapCause.ILLEGAL_INSTRUCTION, hart().mcause(), "mcause");
        assertEquals(TRAP_VECTOR, hart().pc(), "the trap vector");
        assertEquals(BASE, hart().mepc(), "mepc");
        return hart().mtval();
    }

    /** The exception flags the last instruction raised. */
    int flags() {
        return hart().fflags.bits();
    }
}
