package io.fgraph.emulator.cpu;

import io.fgraph.emulator.hook.HookAction;
import io.fgraph.emulator.memory.Memory;

/**
 * What a {@link TranslatedUnit} reads and reports, one per hart: the hart's registers and memory
 * on the way in; on the way out, how many instructions ran and the fault that stopped it.
 */
final class UnitFrame {
    final Hart hart;
    final long[] x;
    final Memory memory;
    /** Out: instructions the last {@link TranslatedUnit#run} executed. */
    int executed;
    /** Out: the exception the last run stopped at (a {@code MemoryFault} or a {@link GuestTrap}), or null. */
    RuntimeException fault;
    /** Out: the last run ran a Java trap (the interpreter then makes the checks it makes after a hook). */
    boolean trapped;
    /** In: the hart's instret when the run started (the interpreter keeps instret itself while units run). */
    long instretAtRun;
    /** After {@link #javaTrap}: instructions the run has executed, and whether it goes on after the trap. */
    int doneAfterTrap;
    boolean stay;
    /** After {@link #trapAt}: whether a trap ran there. */
    boolean ranTrap;
    private final Environment environment;
    private final CodeSync codeSync;
    private final DecodeCache cache;

    UnitFrame(Hart hart, Environment environment, CodeSync codeSync, DecodeCache cache) {
        this.hart = hart;
        this.x = hart.x;
        this.memory = hart.memory;
        this.environment = environment;
        this.codeSync = codeSync;
        this.cache = cache;
    }

    /**
     * A unit's indirect jump left its page for {@code target}: when the instruction there is a
     * Java trap already decoded (a tracer's return trampoline), it runs here as the interpreter
     * would run it next, as the run's instruction {@code done + 1} (the unit checked it fits in the
     * budget), and {@link #ranTrap} is set; {@link #stay} then says whether the unit may go on at
     * the pc returned (if it is one of its blocks). Otherwise nothing runs and {@code target} is
     * returned: the unit leaves there.
     */
    long trapAt(long target, int done, DecodedPage unitPage) {
        ranTrap = false;
        DecodedPage page = cache.page(target);
        if (page == null || !page.valid || (target & 1) != 0) {
            return target;
        }
        int slot = (int) (target & Memory.PAGE_OFFSET_MASK) >>> 1;
        int word = page.words[slot];
        if (word == 0 || DecodedForm.op(word) != Op.JAVA_TRAP) {
            return target;
        }
        ranTrap = true;
        return runHook(target, DecodedForm.length(word), (int) page.immediates[slot], done + 1, unitPage);
    }

    /**
     * A {@link Op#JAVA_TRAP} at {@code pc} run by a unit that has executed {@code done}
     * instructions, this one included, with its registers stored in {@link #x}: the hook runs as
     * from {@link Interpreter}'s own case (the hart's pc and instret are the trap's; a hook that
     * retired nothing is not counted). Returns the pc to go on at; {@link #stay} says whether the
     * unit may go on there (the hook went on after the trap, wrote no code in this page, none was
     * patched anywhere, and asked the run loop for nothing), else the unit leaves there.
     */
    long javaTrap(long pc, int length, int id, int done, DecodedPage page) {
        long next = runHook(pc, length, id, done, page);
        stay &= next == pc + length;
        return next;
    }

    /**
     * Runs the hook of the trap at {@code pc}, the run's instruction {@code done}; sets
     * {@link #doneAfterTrap}, and {@link #stay} when the unit of {@code page} may go on (no fault, its
     * page not written, no text patched anywhere, nothing asked of the run loop). Returns the pc
     * the hook goes on at.
     */
    private long runHook(long pc, int length, int id, int done, DecodedPage page) {
        // A hook may step the hart (a kprobe handler's single-step): that runs this interpreter and
        // its units again, reusing this frame. What this trap needs after the hook is kept here.
        long atRun = instretAtRun;
        hart.pc = pc;
        hart.instret = atRun + done;
        HookAction action;
        try {
            action = environment.onJavaTrap(hart, id);
        } catch (io.fgraph.emulator.memory.MemoryFault | GuestTrap e) {
            fault = e; // taken by the interpreter at the trap, as its own case's would be
            trapped = true;
            doneAfterTrap = done;
            stay = false;
            return pc;
        }
        instretAtRun = atRun;
        trapped = true;
        int ran = (int) (hart.instret - atRun);
        if (hart.discounted) {
            hart.discounted = false;
            ran--; // the hook retired no instruction
        }
        doneAfterTrap = ran;
        stay = page.valid && !hart.leaveLoop && codeSync.current() == hart.syncedEpoch;
        return action == HookAction.SKIP ? pc + length : hart.pc;
    }
}
