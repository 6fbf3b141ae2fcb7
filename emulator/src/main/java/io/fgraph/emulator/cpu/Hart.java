package io.fgraph.emulator.cpu;

import io.fgraph.emulator.memory.Memory;

/**
 * Architectural state of one RISC-V hart: integer and floating-point registers, pc, privilege, the
 * machine-mode CSRs, fcsr and the virtual clock. Java hooks read and change it through the public accessors while the hart
 * is stopped in a hook; the interpreter works on the fields directly.
 */
public final class Hart {
    /** ABI register numbers, for hooks. */
    public static final int RA = 1;
    public static final int SP = 2;
    public static final int GP = 3;
    public static final int TP = 4;
    public static final int FP = 8;
    public static final int A0 = 10;

    private static final String[] ABI_NAMES = {
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    };

    final int id;
    final Memory memory;
    /** x0..x31 plus the write sink at index 32 (see {@link DecodedForm#SINK_REGISTER}). */
    final long[] x = new long[33];
    /** f0..f31 as raw bits; single-precision values are NaN-boxed (see {@link FloatBits}). */
    final long[] f = new long[32];
    /** fcsr: the accrued exception flags and the dynamic rounding mode (any 3-bit value; 5-7 are invalid to use). */
    final FloatFlags fflags = new FloatFlags();
    int frm;
    long pc;
    int privilege = Privilege.MACHINE;

    long mstatus;
    long mtvec;
    long mepc;
    long mcause;
    long mtval;
    long mscratch;
    long mie;
    long mip;
    long medeleg;
    long mideleg;
    long mcounteren;

    /** Instructions retired. */
    long instret;
    /** cycle = instret + cycleOffset (the offset grows when a hart joins later or mcycle is written). */
    long cycleOffset;

    /** LR reservation: address and the value loaded, or {@link #NO_RESERVATION}. */
    long reservationAddress = NO_RESERVATION;
    long reservationValue;
    static final long NO_RESERVATION = -1L;

    volatile HartState state;
    /** Set by slow paths to make the interpreter leave its loop after the current instruction. */
    boolean leaveLoop;
    /** Set by {@link #requestLeave()}: the scheduler ends this hart's time slice (see {@link #takeSliceEnd()}). */
    boolean sliceEndRequested;
    /** Run exactly one instruction, then report to the step handler. */
    boolean singleStepRequested;
    /** Set by a hook whose trap instruction retires nothing (see {@link #discountInstruction()}). */
    boolean discounted;
    /** True while a Java hook runs on this hart (hooks use it as their recursion guard). */
    boolean inHook;
    /** The task this hart runs: its own id on bare metal, a thread id on a platform with threads. */
    int task;

    /**
     * The host thread running this hart's guest code, or null between time slices, while parked and
     * while the hart waits in the host ({@link #releaseForHostWait}). See {@link CodeSync}.
     */
    volatile Thread runner;
    /** The latest code epoch this hart has seen at a safepoint ({@link CodeSync}). */
    volatile long syncedEpoch;

    public Hart(int id, Memory memory) {
        this.id = id;
        this.memory = memory;
        this.state = id == 0 ? HartState.RUNNING : HartState.PARKED;
        this.task = id;
    }

    /**
     * The task this hart runs, for tracers that keep state per task: the hart's id on bare metal;
     * on a platform with threads, the id of the thread the hart runs now.
     */
    public int task() {
        return task;
    }

    /** Says which task runs on this hart (a task scheduler calls it when it loads a task). */
    public void setTask(int task) {
        this.task = task;
    }

    /** Saves the running task's registers, pc, privilege and mstatus.FS into {@code context}. */
    public void saveContext(HartContext context) {
        System.arraycopy(x, 0, context.x, 0, 32);
        context.x[0] = 0;
        System.arraycopy(f, 0, context.f, 0, 32);
        context.fflags = fflags.bits;
        context.frm = frm;
        context.pc = pc;
        context.privilege = privilege;
        context.fs = mstatus & Csr.MSTATUS_FS;
    }

    /** Loads a task's state saved by {@link #saveContext}; the LR reservation is dropped. */
    public void loadContext(HartContext context) {
        System.arraycopy(context.x, 0, x, 0, 32);
        x[0] = 0;
        System.arraycopy(context.f, 0, f, 0, 32);
        fflags.bits = context.fflags;
        frm = context.frm;
        pc = context.pc;
        privilege = context.privilege;
        mstatus = (mstatus & ~Csr.MSTATUS_FS) | context.fs;
        reservationAddress = NO_RESERVATION;
    }

    /** Enters user mode (a platform running user programs starts its harts there). */
    public void enterUserMode() {
        privilege = Privilege.USER;
    }

    /** Lets user mode read the cycle, time and instret counters (mcounteren), as Linux does. */
    public void allowUserCounters() {
        mcounteren |= 7;
    }

    public int id() {
        return id;
    }

    public Memory memory() {
        return memory;
    }

    public long x(int register) {
        return x[register];
    }

    /** Writes an integer register; writes to x0 are ignored. */
    public void setX(int register, long value) {
        if (register < 0 || register > 31) {
            throw new IllegalArgumentException("register=" + register + ": must be 0..31");
        }
        if (register != 0) {
            x[register] = value;
        }
    }

    /** The raw bits of floating-point register {@code register} (a single-precision value is NaN-boxed). */
    public long f(int register) {
        return f[register];
    }

    public void setF(int register, long bits) {
        if (register < 0 || register > 31) {
            throw new IllegalArgumentException("register=" + register + ": must be 0..31");
        }
        f[register] = bits;
    }

    /** The fcsr CSR: frm in bits 7..5, the accrued exception flags ({@link FloatFlags}) in bits 4..0. */
    public int fcsr() {
        return frm << 5 | fflags.bits;
    }

    /**
     * Turns the FPU on (mstatus.FS = Initial) if it is off, as an operating system does before it
     * runs a program that uses floating point; on bare metal the program's start-up code does it.
     */
    public void enableFloatingPoint() {
        if ((mstatus & Csr.MSTATUS_FS) == 0) {
            mstatus |= Csr.MSTATUS_FS_INITIAL;
        }
    }

    /** Argument register a{@code n} (n = 0..7). */
    public long argument(int n) {
        return x[A0 + n];
    }

    public long pc() {
        return pc;
    }

    public void setPc(long pc) {
        this.pc = pc & ~1L;
    }

    public int privilege() {
        return privilege;
    }

    public long instret() {
        return instret;
    }

    /** Virtual cycles: one per instruction at {@link io.fgraph.emulator.VirtualClock#FREQUENCY_HZ}. */
    public long cycle() {
        return instret + cycleOffset;
    }

    /** Advances this hart's cycle counter to at least {@code cycle} (used when a parked hart starts). */
    public void advanceCycleTo(long cycle) {
        long now = cycle();
        if (cycle > now) {
            cycleOffset += cycle - now;
        }
    }

    public HartState state() {
        return state;
    }

    public void setState(HartState state) {
        this.state = state;
        if (state != HartState.RUNNING) {
            leaveLoop = true;
        }
    }

    /**
     * Ends this hart's time slice after the current instruction (hooks use this): the interpreter
     * leaves its loop and the scheduler goes on with the next hart, as a trap entry on real hardware
     * lets other CPUs run. In deterministic mode the other harts run their quanta before this one
     * goes on; the instructions this hart executes and their count do not change.
     */
    public void requestLeave() {
        leaveLoop = true;
        sliceEndRequested = true;
    }

    /** True once after {@link #requestLeave()}: the scheduler ends the slice and clears the request. */
    public boolean takeSliceEnd() {
        boolean requested = sliceEndRequested;
        sliceEndRequested = false;
        return requested;
    }

    /** Requests that the next instruction of this hart be single-stepped and reported to the step handler. */
    public void requestSingleStep() {
        singleStepRequested = true;
        leaveLoop = true;
    }

    public void clearSingleStep() {
        singleStepRequested = false;
    }

    public boolean singleStepRequested() {
        return singleStepRequested;
    }

    /**
     * Declares that this hart, stopped in a Java hook, is about to block in the host (for example
     * reading the console): text patching on other threads must not wait for it meanwhile. Pair it
     * with {@link #resumeAfterHostWait()} in a {@code finally} block. Returns what to pass back.
     */
    public Thread releaseForHostWait() {
        Thread previous = runner;
        runner = null;
        return previous;
    }

    /** Ends a {@link #releaseForHostWait()}: the hook returns to guest code at its next safepoint. */
    public void resumeAfterHostWait(Thread previous) {
        runner = previous;
    }

    /**
     * Called by a hook (trap-to-Java or breakpoint handler): the trapping instruction retires
     * nothing, neither in instret and the virtual clock nor in the hart's time slice. A probe's
     * breakpoint and the resume trap after an out-of-line copy use it, so that a probed program
     * executes exactly the instructions, cycles and schedule of the unprobed one.
     */
    public void discountInstruction() {
        discounted = true;
    }

    public boolean inHook() {
        return inHook;
    }

    public void setInHook(boolean inHook) {
        this.inHook = inHook;
    }

    public long mtvec() {
        return mtvec;
    }

    public long mepc() {
        return mepc;
    }

    public long mcause() {
        return mcause;
    }

    public long mtval() {
        return mtval;
    }

    public long mstatus() {
        return mstatus;
    }

    /** The ABI name of register {@code n}, e.g. "a0". */
    public static String abiName(int n) {
        return ABI_NAMES[n];
    }

    /** Resets registers and CSRs to their power-on values and sets the pc. */
    public void reset(long entry) {
        java.util.Arrays.fill(x, 0);
        java.util.Arrays.fill(f, 0);
        fflags.bits = 0;
        frm = 0;
        pc = entry;
        privilege = Privilege.MACHINE;
        mstatus = 0;
        mtvec = 0;
        mepc = 0;
        mcause = 0;
        mtval = 0;
        mscratch = 0;
        mie = 0;
        mip = 0;
        medeleg = 0;
        mideleg = 0;
        mcounteren = 0;
        reservationAddress = NO_RESERVATION;
    }

    @Override
    public String toString() {
        return "hart " + id + " pc=0x" + Long.toHexString(pc);
    }
}
