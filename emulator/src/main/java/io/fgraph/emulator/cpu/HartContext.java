package io.fgraph.emulator.cpu;

/**
 * The user-visible architectural state a task owns while it is off a hart: x1..x31, f0..f31,
 * fcsr, the pc, the privilege and mstatus.FS. A platform that runs several threads of control on a
 * hart saves the running one here ({@link Hart#saveContext}) and loads the next
 * ({@link Hart#loadContext}); the hart keeps its own counters, CSRs of its own and decode cache.
 * A reservation (LR) does not survive a switch, as on a real context switch.
 */
public final class HartContext {
    final long[] x = new long[32];
    final long[] f = new long[32];
    int fflags;
    int frm;
    long pc;
    int privilege = Privilege.USER;
    long fs;

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

    public long f(int register) {
        return f[register];
    }

    public long pc() {
        return pc;
    }

    public void setPc(long pc) {
        this.pc = pc & ~1L;
    }

    /** Turns the FPU on for this context (mstatus.FS = Initial), as Linux does for every process. */
    public void enableFloatingPoint() {
        if (fs == 0) {
            fs = Csr.MSTATUS_FS_INITIAL;
        }
    }

    /** A copy of this context (a new thread starts from its creator's registers). */
    public HartContext copy() {
        HartContext copy = new HartContext();
        System.arraycopy(x, 0, copy.x, 0, x.length);
        System.arraycopy(f, 0, copy.f, 0, f.length);
        copy.fflags = fflags;
        copy.frm = frm;
        copy.pc = pc;
        copy.privilege = privilege;
        copy.fs = fs;
        return copy;
    }
}
