package io.fgraph.emulator;

import io.fgraph.emulator.cpu.Hart;

/**
 * What a platform does with an exception nothing else takes (see {@link Machine#setFaultHandler}),
 * with the hart's pc at the faulting instruction. It must stop the run ({@link Machine#requestStop})
 * or leave the hart able to go on at its pc.
 */
@FunctionalInterface
public interface FaultHandler {
    void onFault(Hart hart, int cause, long value);
}
