package io.fgraph.emulator.hook;

import io.fgraph.emulator.cpu.Hart;

/**
 * Maps a return address found on the guest stack to the real one. A return-address hijacking
 * tracer replaces return addresses with its trampoline; it implements this (as Linux's
 * {@code ftrace_graph_ret_addr()} does) so backtraces show the real callers.
 */
@FunctionalInterface
public interface ReturnAddressTranslator {
    ReturnAddressTranslator IDENTITY = (hart, address, frame) -> address;

    /**
     * @param frame index of the frame whose return address this is, counting from the innermost (0)
     */
    long translate(Hart hart, long address, int frame);
}
