package io.fgraph.emulator.linux;

import io.fgraph.emulator.FaultHandler;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.cpu.TrapCause;
import io.fgraph.emulator.task.Task;

/**
 * An exception a Linux program does not survive: the kernel would send the thread a signal
 * (SIGSEGV for an access fault, SIGILL, SIGBUS for a misaligned atomic, SIGTRAP for an
 * {@code ebreak}) and, as handlers are not run, the process dies of it with exit status 128 +
 * the signal. The report is the emulator's one-line fault description, the thread, and the signal.
 */
final class LinuxFaults implements FaultHandler {
    static final int SIGILL = 4;
    static final int SIGTRAP = 5;
    static final int SIGBUS = 7;
    static final int SIGKILL = 9;
    static final int SIGSEGV = 11;

    private final LinuxProcess process;

    LinuxFaults(LinuxProcess process) {
        this.process = process;
    }

    static int signalOf(int cause) {
        switch (cause) {
            case TrapCause.ILLEGAL_INSTRUCTION:
                return SIGILL;
            case TrapCause.BREAKPOINT:
                return SIGTRAP;
            case TrapCause.LOAD_ACCESS_FAULT:
            case TrapCause.STORE_ACCESS_FAULT:
            case TrapCause.INSTRUCTION_ACCESS_FAULT:
                return SIGSEGV;
            default:
                return SIGBUS;
        }
    }

    @Override
    public void onFault(Hart hart, int cause, long value) {
        String what = process.machine().describeFault(hart, cause, value);
        int signal = signalOf(cause);
        synchronized (process.lock()) {
            Task task = process.scheduler().current(hart);
            String thread = task == null ? "" : " in thread " + task.id();
            if (signal == SIGSEGV && process.memory().exhausted()
                    && process.memory().protection(value) > 0) {
                process.killedBy(hart, SIGKILL, what + thread + " (out of memory, as the kernel's OOM killer would)");
                return;
            }
            long handler = process.signals().handler(signal);
            String note = handler > 1 ? "; its SIGNAL handler at 0x" + Long.toHexString(handler)
                    + " was not run (signal delivery is not supported)" : "";
            process.killedBy(hart, signal, what + thread + note.replace("SIGNAL", FlagNames.signal(signal)));
        }
    }
}
