package io.fgraph.probes;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.hook.HookAction;
import io.fgraph.emulator.insn.Displacement;
import io.fgraph.emulator.insn.Instruction;
import io.fgraph.emulator.insn.XolArea;

/**
 * The default step mode: the probed instruction never leaves the breakpoint's place. Instructions
 * that read the pc are simulated at once (the breakpoint then counts as the instruction); the rest
 * run as a copy in their out-of-line slot, whose resume trap calls {@link #afterStep} (the
 * breakpoint retires nothing then, the copy counts once): a probed program executes exactly the
 * instructions, cycles and schedule of the unprobed one. Owner of every kprobe slot of the machine.
 */
final class OutOfLineSteps implements XolArea.Owner {
    private final ProbeHandlers handlers;
    private final HartStep[] steps;

    OutOfLineSteps(ProbeHandlers handlers, HartStep[] steps) {
        this.handlers = handlers;
        this.steps = steps;
    }

    /** Runs the instruction of {@code point} for a hart stopped on its breakpoint. */
    HookAction step(ProbePoint point, Hart hart, Kprobe[] probes) {
        Displacement displacement = point.displacement;
        if (displacement.simulated()) {
            displacement.simulate(hart);
            if (probes != null) {
                handlers.post(probes, hart);
            }
            return HookAction.RESUME;
        }
        steps[hart.id()].begin(point, probes);
        hart.setPc(point.slot);
        hart.discountInstruction();
        return HookAction.RESUME;
    }

    @Override
    public void afterStep(Hart hart, Instruction original) {
        HartStep step = steps[hart.id()];
        if (!step.isAt(original.address())) {
            return; // the probe left (or was never there for this hart): the copy just ran
        }
        Kprobe[] probes = step.probes;
        step.clear();
        if (probes != null) {
            handlers.post(probes, hart);
        }
    }

    @Override
    public boolean onFault(Hart hart, Instruction original, int cause, long value) {
        HartStep step = steps[hart.id()];
        if (!step.isAt(original.address())) {
            return false;
        }
        Kprobe[] probes = step.probes;
        step.clear();
        return probes != null && handlers.fault(probes, hart, cause);
    }
}
