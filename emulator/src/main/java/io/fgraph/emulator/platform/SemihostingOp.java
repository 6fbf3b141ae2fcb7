package io.fgraph.emulator.platform;

/**
 * Semihosting operation numbers (the Arm semihosting specification, which the RISC-V semihosting
 * spec adopts), plus the fgraph vendor extensions in the 0x100-0x1FF range for the hart start
 * convention.
 */
public final class SemihostingOp {
    private SemihostingOp() {
    }

    public static final int SYS_OPEN = 0x01;
    public static final int SYS_CLOSE = 0x02;
    public static final int SYS_WRITEC = 0x03;
    public static final int SYS_WRITE0 = 0x04;
    public static final int SYS_WRITE = 0x05;
    public static final int SYS_READ = 0x06;
    public static final int SYS_READC = 0x07;
    public static final int SYS_ISERROR = 0x08;
    public static final int SYS_ISTTY = 0x09;
    public static final int SYS_SEEK = 0x0A;
    public static final int SYS_FLEN = 0x0C;
    public static final int SYS_TMPNAM = 0x0D;
    public static final int SYS_REMOVE = 0x0E;
    public static final int SYS_RENAME = 0x0F;
    public static final int SYS_CLOCK = 0x10;
    public static final int SYS_TIME = 0x11;
    public static final int SYS_SYSTEM = 0x12;
    public static final int SYS_ERRNO = 0x13;
    public static final int SYS_GET_CMDLINE = 0x15;
    public static final int SYS_HEAPINFO = 0x16;
    public static final int SYS_EXIT = 0x18;
    public static final int SYS_EXIT_EXTENDED = 0x20;
    public static final int SYS_ELAPSED = 0x30;
    public static final int SYS_TICKFREQ = 0x31;

    /** fgraph vendor extension: start a parked hart. Block: {hartid, start_pc, opaque, stack_top}. */
    public static final int FGRAPH_HART_START = 0x100;
    /** fgraph vendor extension: park the calling hart. */
    public static final int FGRAPH_HART_STOP = 0x101;
    /** fgraph vendor extension: block {hartid}; 0 running, 1 parked, -1 invalid. */
    public static final int FGRAPH_HART_STATUS = 0x102;
    /** fgraph vendor extension: number of harts. */
    public static final int FGRAPH_HART_COUNT = 0x103;

    /** ADP_Stopped_ApplicationExit: the reason code for a normal exit. */
    public static final long ADP_STOPPED_APPLICATION_EXIT = 0x20026;

    /** The three-instruction sequence around the ebreak: slli x0,x0,0x1f; ebreak; srai x0,x0,7. */
    public static final int ENTRY_NOP = 0x01f01013;
    public static final int EBREAK = 0x00100073;
    public static final int EXIT_NOP = 0x40705013;
}
