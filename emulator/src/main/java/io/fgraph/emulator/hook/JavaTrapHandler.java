package io.fgraph.emulator.hook;

import io.fgraph.emulator.cpu.Hart;

/**
 * Handles the reserved trap-to-Java instruction (see {@link JavaTrap}) with the immediate it was
 * registered for. The hart's pc is the address of the trap instruction. Returning {@link HookAction#SKIP}
 * continues after it (4 bytes); {@link HookAction#RESUME} continues at the pc the handler left.
 */
@FunctionalInterface
public interface JavaTrapHandler {
    HookAction onTrap(Hart hart, int id);
}
