package io.fgraph.core;

/**
 * One hookable function entry and the users that want it. How it is hooked depends on the code
 * found there:
 * <ul>
 *   <li>{@link Kind#NOPS}: the compiler's patchable NOPs (4 bytes) become a trap into Java; after the
 *       hook the hart skips them. Cost: one trap per call.</li>
 *   <li>{@link Kind#TRAP}: the function's first instruction is 4 bytes long: it is replaced by the
 *       same trap, and executed out of line after the hook (a copy followed by a second trap that
 *       jumps back), or emulated in Java when it is PC-relative ({@code auipc}, {@code jal}).
 *       Cost: two traps per call, or one when emulated.</li>
 *   <li>{@link Kind#BREAKPOINT}: the first instruction is compressed (2 bytes), too short for the
 *       trap: a {@code c.ebreak} replaces it, handled like a kprobe (breakpoint handler chain, then
 *       the out-of-line copy). Cost: a breakpoint dispatch and a trap per call.</li>
 * </ul>
 */
final class EntrySite {
    enum Kind { NOPS, TRAP, BREAKPOINT }

    /** How the displaced first instruction runs after the hook. */
    enum Displaced { NONE, OUT_OF_LINE, EMULATE_AUIPC, EMULATE_JAL }

    final TraceableFunction function;
    final Kind kind;
    final byte[] original;
    final Displaced displaced;
    /** Address of the out-of-line copy, when {@link Displaced#OUT_OF_LINE}. */
    volatile long outOfLine;
    /** Users (bits) whose filter accepts this function. */
    volatile int mask;
    volatile boolean patched;
    /** Patched for fgraph itself whatever the users want: a setjmp, whose calls are recorded. */
    volatile boolean watched;
    /** A site only fgraph watches (setjmp): no user filter ever selects it. */
    boolean watchOnly;

    EntrySite(TraceableFunction function, Kind kind, byte[] original, Displaced displaced) {
        this.function = function;
        this.kind = kind;
        this.original = original;
        this.displaced = displaced;
    }

    long entry() {
        return function.entry();
    }

    int originalLength() {
        return original.length;
    }

    /** The first instruction as a little-endian word (16 bits for a compressed one). */
    int originalWord() {
        int word = 0;
        for (int i = original.length - 1; i >= 0; i--) {
            word = (word << 8) | (original[i] & 0xFF);
        }
        return word;
    }
}
