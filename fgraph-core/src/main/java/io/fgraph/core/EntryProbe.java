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

    /**
     * The entry's first instruction, run out of line after {@link #beforeEntry}, faulted; the pc is
     * back at the entry. Return true if the probe handled the fault (it set the pc and registers);
     * false lets the fault be taken as if the instruction had faulted in place. Asked in attach
     * order; the first that handles it ends the search.
     */
    default boolean onFault(Hart hart, int cause, long value) {
        return false;
    }
}
