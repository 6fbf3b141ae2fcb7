package io.fgraph.emulator;

/**
 * The outcome of a run.
 *
 * @param reason       why it stopped
 * @param exitCode     the guest's exit code for {@link StopReason#EXIT}, 128 + the signal for
 *                     {@link StopReason#KILLED_BY_SIGNAL}, otherwise the reason's status
 * @param hart         the hart that caused the stop (0 when not hart-specific)
 * @param pc           that hart's pc at the stop
 * @param message      one-line description for reports (empty for a normal exit)
 * @param instructions instructions executed by all harts
 */
public record RunResult(StopReason reason, int exitCode, int hart, long pc, String message, long instructions) {
    /** True for a normal exit or a passing ISA test. */
    public boolean normal() {
        return reason == StopReason.EXIT || reason == StopReason.TOHOST_PASS;
    }

    /** The process exit status the command line ends with: the guest's, or the reason's. */
    public int exitStatus() {
        return reason.exitStatus() < 0 ? exitCode : reason.exitStatus();
    }
}
