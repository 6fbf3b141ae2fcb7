package io.fgraph.emulator.cpu;

import java.util.function.Consumer;

import static io.fgraph.emulator.cpu.Asm.S1;
import static io.fgraph.emulator.cpu.Asm.S2;
import static io.fgraph.emulator.cpu.Asm.T0;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;

/**
 * Programs that drop to user mode: a machine-mode prologue at {@link CpuHarness#BASE} points mtvec at
 * a handler that saves mcause in s1 and mtval in s2 and halts, then {@code mret}s with MPP=U to the
 * user code at {@link #USER_CODE}.
 */
final class UserMode {
    static final long TRAP_VECTOR = BASE + 0x1000;
    static final long USER_CODE = BASE + 0x2000;

    private UserMode() {
    }

    /** Loads the prologue, the handler and {@code userCode} into a harness that delivers faults. */
    static CpuHarness load(Consumer<Asm> userCode) {
        return load(new CpuHarness(CpuHarness.config().withDeliverFaults(true)), a -> { }, userCode);
    }

    static CpuHarness load(CpuHarness harness, Consumer<Asm> machineSetup, Consumer<Asm> userCode) {
        harness.load(a -> {
            a.li(T0, TRAP_VECTOR).csrw(Csr.MTVEC, T0)
                    .li(T0, USER_CODE).csrw(Csr.MEPC, T0)
                    .li(T0, Csr.MSTATUS_MPP).csrrc(Asm.ZERO, Csr.MSTATUS, T0);
            machineSetup.accept(a);
            a.mret();
        });
        Asm handler = new Asm(TRAP_VECTOR);
        handler.csrr(S1, Csr.MCAUSE).csrr(S2, Csr.MTVAL).halt();
        harness.load(handler);
        Asm user = new Asm(USER_CODE);
        userCode.accept(user);
        harness.load(user);
        return harness;
    }
}
