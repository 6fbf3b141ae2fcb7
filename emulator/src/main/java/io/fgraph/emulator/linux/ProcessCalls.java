package io.fgraph.emulator.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The process's identity and limits: ids, uname, resource limits, getrandom, CPU affinity,
 * the robust list and rseq, and the process exit.
 */
final class ProcessCalls {
    static final int RLIMIT_STACK = 3;
    static final int RLIMIT_NOFILE = 7;
    static final int RLIM_NLIMITS = 16;
    static final long RLIM_INFINITY = -1L;
    static final int UTSNAME_FIELD = 65;
    static final int GRND_NONBLOCK = 1;
    static final int GRND_RANDOM = 2;
    static final int GRND_INSECURE = 4;
    static final int MAX_RANDOM = 1 << 25;

    private final LinuxProcess process;
    private final UserMemory user;
    private final long[] softLimits = new long[RLIM_NLIMITS];
    private final long[] hardLimits = new long[RLIM_NLIMITS];

    ProcessCalls(LinuxProcess process, UserMemory user) {
        this.process = process;
        this.user = user;
        java.util.Arrays.fill(softLimits, RLIM_INFINITY);
        java.util.Arrays.fill(hardLimits, RLIM_INFINITY);
        softLimits[RLIMIT_STACK] = AddressSpace.STACK_SIZE;
        softLimits[RLIMIT_NOFILE] = io.fgraph.emulator.linux.fs.FileTable.MAX_FILES;
        hardLimits[RLIMIT_NOFILE] = io.fgraph.emulator.linux.fs.FileTable.MAX_FILES;
        softLimits[4] = 0; // RLIMIT_CORE: no core dumps
    }

    void register(SystemCallTable table) {
        table.add(94, "d", c -> exitGroup(c, c.intArg(0)));
        table.add(172, "", c -> LinuxProcess.PID);
        table.add(173, "", c -> 0);
        table.add(178, "", c -> c.thread().tid());
        table.add(174, "", c -> LinuxProcess.UID);
        table.add(175, "", c -> LinuxProcess.UID);
        table.add(176, "", c -> LinuxProcess.GID);
        table.add(177, "", c -> LinuxProcess.GID);
        table.add(148, "x x x", c -> ids(c, LinuxProcess.UID));
        table.add(150, "x x x", c -> ids(c, LinuxProcess.GID));
        table.add(155, "d", c -> c.intArg(0) == 0 || c.intArg(0) == LinuxProcess.PID ? LinuxProcess.PID : -Errno.ESRCH);
        table.add(156, "d", c -> c.intArg(0) == 0 || c.intArg(0) == LinuxProcess.PID ? LinuxProcess.PID : -Errno.ESRCH);
        table.add(160, "x", c -> uname(c.arg(0)));
        table.add(261, "d res x x", c -> prlimit(c.intArg(0), c.intArg(1), c.arg(2), c.arg(3)));
        table.add(163, "res x", c -> prlimit(0, c.intArg(0), 0, c.arg(1)));
        table.add(164, "res x", c -> prlimit(0, c.intArg(0), c.arg(1), 0));
        table.add(278, "x u d", c -> getrandom(c.arg(0), c.arg(1), c.intArg(2)));
        table.add(96, "x", c -> {
            c.thread().clearChildTid = c.arg(0);
            return c.thread().tid();
        });
        table.add(99, "x u", c -> {
            if (c.arg(1) != 24) {
                return -Errno.EINVAL;
            }
            c.thread().robustList = c.arg(0);
            c.thread().robustListLength = c.arg(1);
            return 0;
        });
        table.add(100, "d x x", c -> getRobustList(c));
        table.add(293, "x u d d", c -> -Errno.ENOSYS); // rseq: what qemu-riscv64 answers; glibc goes on without it
        table.add(123, "d u x", c -> getaffinity(c.intArg(0), c.arg(1), c.arg(2)));
        table.add(122, "d u x", c -> 0);
        table.add(124, "", c -> {
            process.scheduler().yield(c.hart());
            return 0;
        });
        table.add(167, "d x x x x", c -> prctl(c));
    }

    private long exitGroup(SystemCallContext call, int status) {
        process.exitGroup(call.hart(), status);
        return SystemCall.NO_RETURN;
    }

    private long ids(SystemCallContext call, int id) {
        for (int i = 0; i < 3; i++) {
            if (!user.write32(call.arg(i), id)) {
                return -Errno.EFAULT;
            }
        }
        return 0;
    }

    private long uname(long buffer) {
        ByteBuffer b = ByteBuffer.allocate(6 * UTSNAME_FIELD);
        String[] fields = {"Linux", "fgraph", "6.1.0-fgraph", "#1 SMP PREEMPT_DYNAMIC fgraph", "riscv64", "(none)"};
        for (int i = 0; i < fields.length; i++) {
            byte[] bytes = fields[i].getBytes(StandardCharsets.US_ASCII);
            b.position(i * UTSNAME_FIELD);
            b.put(bytes);
        }
        return user.write(buffer, b.array()) ? 0 : -Errno.EFAULT;
    }

    private long prlimit(int pid, int resource, long newLimit, long oldLimit) {
        if (pid != 0 && pid != LinuxProcess.PID) {
            return -Errno.ESRCH;
        }
        if (resource < 0 || resource >= RLIM_NLIMITS) {
            return -Errno.EINVAL;
        }
        long[] update = null;
        if (newLimit != 0) {
            byte[] bytes = user.read(newLimit, 16);
            if (bytes == null) {
                return -Errno.EFAULT;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            update = new long[] {b.getLong(), b.getLong()};
            if (Long.compareUnsigned(update[0], update[1]) > 0) {
                return -Errno.EINVAL;
            }
            if (Long.compareUnsigned(update[1], hardLimits[resource]) > 0) {
                return -Errno.EPERM;
            }
        }
        if (oldLimit != 0) {
            byte[] old = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(softLimits[resource]).putLong(hardLimits[resource]).array();
            if (!user.write(oldLimit, old)) {
                return -Errno.EFAULT;
            }
        }
        if (update != null) {
            softLimits[resource] = update[0];
            hardLimits[resource] = update[1];
        }
        return 0;
    }

    private long getrandom(long buffer, long count, int flags) {
        if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) != 0) {
            return -Errno.EINVAL;
        }
        int length = (int) Math.min(Math.max(count, 0), MAX_RANDOM);
        if (!user.writable(buffer, length)) {
            return -Errno.EFAULT;
        }
        byte[] bytes = new byte[length];
        process.randomBytes(bytes);
        user.write(buffer, bytes);
        return length;
    }

    private long getRobustList(SystemCallContext call) {
        int tid = call.intArg(0);
        LinuxThread thread = call.thread();
        if (tid != 0 && tid != thread.tid()) {
            io.fgraph.emulator.task.Task task = process.scheduler().task(tid);
            if (task == null) {
                return -Errno.ESRCH;
            }
            thread = (LinuxThread) task.attachment();
        }
        return user.write64(call.arg(1), thread.robustList) && user.write64(call.arg(2), thread.robustListLength)
                ? 0 : -Errno.EFAULT;
    }

    private long getaffinity(int pid, long size, long mask) {
        if (pid != 0 && process.scheduler().task(pid) == null) {
            return -Errno.ESRCH;
        }
        int harts = process.machine().hartCount();
        if (size < 8 || (size & 7) != 0) {
            return -Errno.EINVAL;
        }
        long bits = harts == 64 ? -1L : (1L << harts) - 1;
        return user.write64(mask, bits) ? 8 : -Errno.EFAULT;
    }

    private long prctl(SystemCallContext call) {
        int option = call.intArg(0);
        switch (option) {
            case 15: // PR_SET_NAME
                return 0;
            case 16: { // PR_GET_NAME
                byte[] name = java.util.Arrays.copyOf(("thread-" + call.thread().tid()).getBytes(StandardCharsets.US_ASCII), 16);
                return user.write(call.arg(1), name) ? 0 : -Errno.EFAULT;
            }
            default:
                return -Errno.EINVAL;
        }
    }
}
