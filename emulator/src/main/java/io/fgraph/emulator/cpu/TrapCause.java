package io.fgraph.emulator.cpu;

/** Synchronous exception codes written to {@code mcause} (RISC-V privileged spec, table 3.6). */
public final class TrapCause {
    private TrapCause() {
    }

    public static final int INSTRUCTION_MISALIGNED = 0;
    public static final int INSTRUCTION_ACCESS_FAULT = 1;
    public static final int ILLEGAL_INSTRUCTION = 2;
    public static final int BREAKPOINT = 3;
    public static final int LOAD_MISALIGNED = 4;
    public static final int LOAD_ACCESS_FAULT = 5;
    public static final int STORE_MISALIGNED = 6;
    public static final int STORE_ACCESS_FAULT = 7;
    public static final int ECALL_FROM_U = 8;
    public static final int ECALL_FROM_M = 11;

    /** A short human name for reports, e.g. "illegal instruction". */
    public static String describe(long cause) {
        switch ((int) cause) {
            case INSTRUCTION_MISALIGNED: return "instruction address misaligned";
            case INSTRUCTION_ACCESS_FAULT: return "instruction access fault";
            case ILLEGAL_INSTRUCTION: return "illegal instruction";
            case BREAKPOINT: return "breakpoint";
            case LOAD_MISALIGNED: return "load address misaligned";
            case LOAD_ACCESS_FAULT: return "load access fault";
            case STORE_MISALIGNED: return "store/AMO address misaligned";
            case STORE_ACCESS_FAULT: return "store/AMO access fault";
            case ECALL_FROM_U: return "environment call from U-mode";
            case ECALL_FROM_M: return "environment call from M-mode";
            default: return "exception " + cause;
        }
    }
}
