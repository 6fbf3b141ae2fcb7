package io.fgraph.probes.kretprobe;

import io.fgraph.emulator.cpu.Hart;

/**
 * What a {@link Kretprobe} does, as Linux's {@code kretprobe.entry_handler} and {@code handler}
 * (seeds 000 and 003): the entry handler sees the arguments and may save them in the instance's
 * private data; the return handler reads them back with the return value. Both run on the hart of
 * the call; with {@code --parallel}, several harts run them at once (state shared between calls of
 * different tasks needs its own synchronisation; the instance is the call's own).
 */
public interface KretprobeHandler {
    /**
     * At the function's entry, before its first instruction; {@code regs} holds the arguments.
     *
     * @return true to skip this call: no return probe for it, and it is not a miss (Linux's non-zero)
     */
    default boolean entryHandler(KretprobeInstance instance, Hart regs) {
        return false;
    }

    /**
     * At the function's return, the real return address in {@code ra} and the pc: {@code regs}
     * holds the return value (a0, a1) and the caller's stack pointer.
     */
    void handler(KretprobeInstance instance, Hart regs);

    /**
     * The call never returned: a non-local exit (longjmp) skipped it. Its instance is closed here
     * instead of leaking (what Linux's classic kretprobes do); {@code regs} are not the call's.
     */
    default void unwound(KretprobeInstance instance) {
    }
}
