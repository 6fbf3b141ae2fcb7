package io.fgraph.emulator.hook;

import io.fgraph.emulator.cpu.Hart;

/**
 * Maps a return address found on the guest stack to the real one. A return-address hijacking
 * tracer replaces return addresses with its trampoline; it implements this (as Linux's
 * {@code ftrace_graph_ret_addr()} does) so backtraces show the real callers.
 */
@FunctionalInterface
public interface ReturnAddressTranslator {
    ReturnAddressTranslator IDENTITY = (hart, address, stackPointer) -> address;

    /**
     * @param address      a return address as found in {@code ra} or saved on the guest stack
     * @param stackPointer the stack pointer at the entry of the function that will return to
     *                     {@code address} (its frame pointer once past the prologue): it tells a
     *                     hijacking tracer which of its records this is, as {@code retp} does in Linux
     */
    long translate(Hart hart, long address, long stackPointer);
}
