package io.fgraph.emulator.hook;

import io.fgraph.emulator.cpu.Hart;

/** Called after a hart that asked for {@link Hart#requestSingleStep()} has executed exactly one instruction. */
@FunctionalInterface
public interface StepHandler {
    void afterStep(Hart hart, long steppedPc);
}
