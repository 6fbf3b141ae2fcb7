package io.fgraph.core;

import io.fgraph.emulator.insn.Displacement;

/**
 * One hookable function entry and the users that want it. How it is hooked depends on the code
 * found there ({@link EntryPatcher}):
 * <ul>
 *   <li>{@link Kind#NOPS}: the compiler's patchable NOPs (4 bytes) become a trap into Java; after the
 *       hook the hart skips them. Cost: one trap per call.</li>
 *   <li>{@link Kind#TRAP}: the function's first instruction is 4 bytes long: it is replaced by the
 *       same trap and, after the hook, simulated ({@code auipc}, {@code jal}, branches) or run out
 *       of line ({@link io.fgraph.emulator.insn.XolArea}).</li>
 *   <li>{@link Kind#BREAKPOINT}: the first instruction is compressed (2 bytes), too short for the
 *       trap: a {@code c.ebreak} replaces it, handled like a kprobe (breakpoint handler chain), then
 *       simulated ({@code c.beqz}, {@code c.j}, ...) or run out of line.</li>
 * </ul>
 */
final class EntrySite {
    enum Kind { NOPS, TRAP, BREAKPOINT }

    final TraceableFunction function;
    final Kind kind;
    final byte[] original;
    /** How the displaced first instruction runs; null for {@link Kind#NOPS}. */
    final Displacement displaced;
    /** Address of the out-of-line copy, once allocated. */
    volatile long outOfLine;
    /** Users (bits) whose filter accepts this function. */
    volatile int mask;
    volatile boolean patched;
    /** Patched for fgraph itself whatever the users want: a setjmp, whose calls are recorded. */
    volatile boolean watched;
    /** The entry of a setjmp-family function (watched while fgraph runs). */
    boolean setjmp;
    /** Probes riding on this entry ({@link Fgraph#attachEntryProbe}); replaced, never changed in place. */
    volatile EntryProbe[] probes = NO_PROBES;

    static final EntryProbe[] NO_PROBES = new EntryProbe[0];

    /** True while anything needs the entry patched. */
    boolean wanted() {
        return mask != 0 || watched || probes.length > 0;
    }

    EntrySite(TraceableFunction function, Kind kind, byte[] original, Displacement displaced) {
        this.function = function;
        this.kind = kind;
        this.original = original;
        this.displaced = displaced;
    }

    long entry() {
        return function.entry();
    }
}
