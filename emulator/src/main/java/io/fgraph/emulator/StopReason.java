package io.fgraph.emulator;

/** Why a run ended, with the process exit status the command line uses for it. */
public enum StopReason {
    /** The guest called semihosting exit; the exit status is the guest's. */
    EXIT(-1),
    /** The guest wrote 1 to {@code tohost} (ISA test passed). */
    TOHOST_PASS(0),
    /** The guest wrote an odd value other than 1 to {@code tohost}: test {@code value >> 1} failed. */
    TOHOST_FAIL(1),
    ILLEGAL_INSTRUCTION(121),
    /** A load, store or fetch outside RAM. */
    ACCESS_FAULT(122),
    INSTRUCTION_LIMIT(123),
    /** Another exception (ecall, ebreak, misaligned) with no guest trap handler to take it. */
    UNHANDLED_TRAP(124),
    /** Every hart is parked: nothing can run any more. */
    ALL_HARTS_PARKED(125),
    /** A Java hook threw; the run was stopped rather than continue in an unknown state. */
    HOOK_FAILURE(126),
    /**
     * The guest read stdin with {@code SYS_READC} again after being told it was at its end: that call
     * cannot report end of file to picolibc, so the guest would loop for ever.
     */
    READ_PAST_END_OF_INPUT(127),
    /**
     * A Linux program was killed by a signal (abort's SIGABRT, a fault's SIGSEGV): the exit status is
     * 128 plus the signal number, as a shell reports it.
     */
    KILLED_BY_SIGNAL(-1),
    /** The host stopped the run from outside the guest: Ctrl-C, or a recording that cannot go on (128 + SIGINT). */
    INTERRUPTED(130);

    private final int exitStatus;

    StopReason(int exitStatus) {
        this.exitStatus = exitStatus;
    }

    /** The exit status for the command line, or -1 when the run's exit code applies (see {@link RunResult#exitStatus()}). */
    public int exitStatus() {
        return exitStatus;
    }
}
