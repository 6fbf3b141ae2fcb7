package io.fgraph.emulator.platform;

import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.Hart;

/** The machine services semihosting exposes to the guest: exit, stop, and the hart start convention. */
public interface HartControl {
    /** Ends the whole run with the guest's exit code. */
    void exit(Hart caller, int code);

    /** Ends the whole run for {@code reason}, with a one-line {@code message}. */
    void stop(Hart caller, StopReason reason, String message);

    /** Starts a parked hart (see {@code guest/include/fgraph_hart.h}); returns 0, or -1 if invalid or running. */
    long startHart(Hart caller, long hartId, long startPc, long opaque, long stackTop);

    /** Parks the calling hart. */
    void stopHart(Hart caller);

    /** 0 running, 1 parked, -1 no such hart. */
    long hartStatus(long hartId);

    int hartCount();
}
