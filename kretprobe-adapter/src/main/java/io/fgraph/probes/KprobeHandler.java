package io.fgraph.probes;

import io.fgraph.emulator.cpu.Hart;

/**
 * What a {@link Kprobe} does when its instruction is reached, as Linux's {@code pre_handler},
 * {@code post_handler} and {@code fault_handler}. The {@link Hart} is the register set
 * ({@code pt_regs}): handlers read and change registers and the pc through it. Handlers run on the
 * hart that hit the probe, one at a time per hart; with {@code --parallel} several harts run them at
 * once, so shared state needs its own synchronisation.
 */
public interface KprobeHandler {
    /**
     * Before the probed instruction runs; the pc is the probe's address.
     *
     * @return true if the handler changed the pc: the probed instruction is not executed and the
     *         post-handlers do not run (Linux's non-zero return). Returning true without changing
     *         the pc runs the instruction as if false had been returned.
     */
    default boolean preHandler(Kprobe probe, Hart regs) {
        return false;
    }

    /** After the probed instruction ran; the pc is where it went (its successor, or a jump's target). */
    default void postHandler(Kprobe probe, Hart regs) {
    }

    /**
     * The probed instruction faulted while it was executed for the probe; the pc is the probe's
     * address and {@code cause} the exception code ({@code mcause}).
     *
     * @return true if the handler dealt with the fault (it set the pc and the registers); false lets
     *         the fault be taken as it would be without the probe
     */
    default boolean faultHandler(Kprobe probe, Hart regs, int cause) {
        return false;
    }
}
