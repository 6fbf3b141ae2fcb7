package io.fgraph.emulator.cpu;

/** CSR addresses implemented by the emulator. */
public final class Csr {
    private Csr() {
    }

    public static final int FFLAGS = 0x001;
    public static final int FRM = 0x002;
    public static final int FCSR = 0x003;
    public static final int MSTATUS = 0x300;
    public static final int MISA = 0x301;
    public static final int MEDELEG = 0x302;
    public static final int MIDELEG = 0x303;
    public static final int MIE = 0x304;
    public static final int MTVEC = 0x305;
    public static final int MCOUNTEREN = 0x306;
    public static final int MCOUNTINHIBIT = 0x320;
    public static final int MSCRATCH = 0x340;
    public static final int MEPC = 0x341;
    public static final int MCAUSE = 0x342;
    public static final int MTVAL = 0x343;
    public static final int MIP = 0x344;
    public static final int PMPCFG0 = 0x3A0;
    public static final int PMPCFG15 = 0x3AF;
    public static final int PMPADDR0 = 0x3B0;
    public static final int PMPADDR63 = 0x3EF;
    /** The debug trigger registers (Sdtrig): no triggers are implemented, so they read zero. */
    public static final int TSELECT = 0x7A0;
    public static final int TDATA3 = 0x7A3;
    public static final int MCYCLE = 0xB00;
    public static final int MINSTRET = 0xB02;
    public static final int MHPMCOUNTER3 = 0xB03;
    public static final int MHPMCOUNTER31 = 0xB1F;
    public static final int MHPMEVENT3 = 0x323;
    public static final int MHPMEVENT31 = 0x33F;
    public static final int CYCLE = 0xC00;
    public static final int TIME = 0xC01;
    public static final int INSTRET = 0xC02;
    public static final int HPMCOUNTER3 = 0xC03;
    public static final int HPMCOUNTER31 = 0xC1F;
    public static final int MVENDORID = 0xF11;
    public static final int MARCHID = 0xF12;
    public static final int MIMPID = 0xF13;
    public static final int MHARTID = 0xF14;
    public static final int MCONFIGPTR = 0xF15;

    /** mstatus fields. */
    public static final long MSTATUS_MIE = 1L << 3;
    public static final long MSTATUS_MPIE = 1L << 7;
    public static final int MSTATUS_MPP_SHIFT = 11;
    public static final long MSTATUS_MPP = 3L << MSTATUS_MPP_SHIFT;
    /** FS: the FPU's state, Off (0, F/D instructions are illegal), Initial (1), Clean (2) or Dirty (3). */
    public static final int MSTATUS_FS_SHIFT = 13;
    public static final long MSTATUS_FS = 3L << MSTATUS_FS_SHIFT;
    public static final long MSTATUS_FS_INITIAL = 1L << MSTATUS_FS_SHIFT;
    /** SD, read-only: set when FS is Dirty. */
    public static final long MSTATUS_SD = 1L << 63;
    /** UXL = 2 (64-bit user mode), read-only. */
    public static final long MSTATUS_UXL_64 = 2L << 32;

    /** misa: MXL=2 (64-bit) and the extensions A, C, D, F, I, M, U. */
    public static final long MISA_VALUE = (2L << 62) | (1L << ('A' - 'A')) | (1L << ('C' - 'A'))
            | (1L << ('D' - 'A')) | (1L << ('F' - 'A'))
            | (1L << ('I' - 'A')) | (1L << ('M' - 'A')) | (1L << ('U' - 'A'));
}
