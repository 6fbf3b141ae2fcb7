package io.fgraph.core;

import io.fgraph.emulator.cpu.Hart;

/**
 * A Java hook on a function entry that rides on fgraph's entry patch instead of patching the
 * entry a second time: Linux's {@code KPROBES_ON_FTRACE}. Attach it with
 * {@link Fgraph#attachEntryProbe}. It runs on the hart that made the call, before fgraph's users.
 */
public interface EntryProbe {
    /**
     * At the entry, before the function's first instruction and before fgraph's users see the call.
     *
     * @return true if the probe changed the pc: the function is not entered (its first instruction
     *         does not run, no user sees a call), as a kprobe pre-handler that redirects
     */
    boolean beforeEntry(Hart hart);

    /** After the entry's first instruction (or its patchable NOPs) has run; the pc is past it. */
    default void afterEntry(Hart hart) {
    }
}
