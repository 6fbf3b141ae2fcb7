package io.fgraph.emulator.linux;

/**
 * What the kernel keeps about one thread besides its registers (those are its
 * {@link io.fgraph.emulator.task.Task}'s): its id, the addresses {@code set_tid_address} and
 * {@code set_robust_list} gave, its signal mask and alternate signal stack, and the system call
 * it is blocked in (for {@code --strace}).
 */
public final class LinuxThread {
    private final int tid;
    long clearChildTid;
    long robustList;
    long robustListLength;
    long signalMask;
    long altStack;
    long altStackSize;
    int altStackFlags = SignalCalls.SS_DISABLE;
    /** The name of the system call it is blocked in, or null. */
    String blockedIn;

    LinuxThread(int tid) {
        this.tid = tid;
    }

    public int tid() {
        return tid;
    }

    @Override
    public String toString() {
        return "thread " + tid;
    }
}
