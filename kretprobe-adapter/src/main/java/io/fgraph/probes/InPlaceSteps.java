package io.fgraph.probes;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.hook.ExceptionInterceptor;
import io.fgraph.emulator.hook.HookAction;
import io.fgraph.emulator.hook.StepHandler;

/**
 * The in-place step mode (seed 001's "single stepping in-line"): the original instruction is
 * written back over the breakpoint, the hart single-steps it where it is, and the breakpoint goes
 * back. Restoring and stepping are two trap entries, so the hart's time slice ends in between
 * ({@link Hart#requestLeave()}) and the other harts run: those that reach the instruction then run
 * it without a hit. The breakpoint retires nothing; the stepped original counts once.
 *
 * <p>Several harts may step one point at once (with {@code --parallel}, a hart that trapped just
 * before the restore): the breakpoint goes back when the last of them has stepped, and never after
 * the point was unregistered.
 */
final class InPlaceSteps implements StepHandler, ExceptionInterceptor {
    private final Machine machine;
    private final ProbeHandlers handlers;
    private final HartStep[] steps;
    private final StepHandler previous;

    InPlaceSteps(Machine machine, ProbeHandlers handlers, HartStep[] steps) {
        this.machine = machine;
        this.handlers = handlers;
        this.steps = steps;
        this.previous = machine.hooks().stepHandler();
        machine.hooks().setStepHandler(this);
        machine.hooks().addExceptionInterceptor(this);
    }

    HookAction step(ProbePoint point, Hart hart, Kprobe[] probes) {
        synchronized (point) {
            if (point.armed) {
                machine.restorePatch(point.address);
                point.armed = false;
            }
            point.steppers++;
        }
        steps[hart.id()].begin(point, probes);
        hart.discountInstruction();
        hart.requestSingleStep();
        hart.requestLeave(); // the first trap entry ends here: other harts run before the step
        return HookAction.RESUME;
    }

    @Override
    public void afterStep(Hart hart, long steppedPc) {
        HartStep step = steps[hart.id()];
        if (!step.isAt(steppedPc)) {
            if (previous != null) {
                previous.afterStep(hart, steppedPc);
            }
            return;
        }
        ProbePoint point = step.point;
        Kprobe[] probes = step.probes;
        boolean faulted = step.faulted;
        step.clear();
        synchronized (point) {
            if (--point.steppers == 0 && !point.removed) {
                machine.writePatch(point.address, point.breakpoint);
                point.armed = true;
            }
        }
        if (probes != null && !faulted) {
            handlers.post(probes, hart);
        }
    }

    @Override
    public boolean onException(Hart hart, int cause, long value) {
        HartStep step = steps[hart.id()];
        if (!step.isAt(hart.pc()) || step.faulted) {
            return false;
        }
        step.faulted = true;
        return step.probes != null && handlers.fault(step.probes, hart, cause);
    }
}
