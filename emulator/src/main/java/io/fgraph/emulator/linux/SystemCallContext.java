package io.fgraph.emulator.linux;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.task.Task;

/**
 * The calling hart, thread and arguments of the system call being run (one per hart, reused).
 */
final class SystemCallContext {
    Hart hart;
    Task task;
    LinuxThread thread;
    long number;
    final long[] args = new long[6];

    void set(Hart hart, Task task) {
        this.hart = hart;
        this.task = task;
        this.thread = (LinuxThread) task.attachment();
        this.number = hart.x(17);
        for (int i = 0; i < 6; i++) {
            args[i] = hart.argument(i);
        }
    }

    long arg(int i) {
        return args[i];
    }

    /** Argument {@code i} as a C {@code int} (the upper 32 bits are ignored, as the kernel does). */
    int intArg(int i) {
        return (int) args[i];
    }

    /** The virtual time on the calling hart, in nanoseconds. */
    long now() {
        return hart.cycle();
    }

    Hart hart() {
        return hart;
    }

    Task task() {
        return task;
    }

    LinuxThread thread() {
        return thread;
    }
}
