package io.fgraph.emulator.linux;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.cpu.HartContext;
import io.fgraph.emulator.memory.MemoryFault;
import io.fgraph.emulator.task.Task;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Threads: {@code clone} and {@code clone3} with the flags of glibc's {@code pthread_create}, the
 * thread {@code exit}, and {@code futex}. A process of its own ({@code fork}, {@code vfork},
 * {@code posix_spawn}'s CLONE_VM|CLONE_VFORK) and {@code execve} are not supported: they fail with
 * ENOSYS and a warning.
 */
final class ThreadCalls {
    static final long CLONE_VM = 0x100;
    static final long CLONE_FS = 0x200;
    static final long CLONE_FILES = 0x400;
    static final long CLONE_SIGHAND = 0x800;
    static final long CLONE_VFORK = 0x4000;
    static final long CLONE_THREAD = 0x10000;
    static final long CLONE_SYSVSEM = 0x40000;
    static final long CLONE_SETTLS = 0x80000;
    static final long CLONE_PARENT_SETTID = 0x100000;
    static final long CLONE_CHILD_CLEARTID = 0x200000;
    static final long CLONE_CHILD_SETTID = 0x1000000;
    /** What a thread of this process may be created with. */
    static final long THREAD_FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM
            | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID;
    static final long REQUIRED_FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;
    /** {@code struct clone_args} version 0: eight 64-bit fields. */
    static final int CLONE_ARGS_SIZE_VER0 = 64;

    private final LinuxProcess process;
    private final UserMemory user;

    ThreadCalls(LinuxProcess process, UserMemory user) {
        this.process = process;
        this.user = user;
    }

    void register(SystemCallTable table) {
        table.add(220, "clone x x x x", c -> clone(c, c.arg(0), c.arg(1), c.arg(2), c.arg(3), c.arg(4)));
        table.add(435, "x u", c -> clone3(c, c.arg(0), c.arg(1)));
        table.add(93, "d", c -> {
            process.exitThread(c, c.intArg(0));
            return SystemCall.NO_RETURN;
        });
        table.add(98, "x futex d x x d", this::futex);
        table.add(221, "path x x", c -> unsupported("execve", "execve is not supported (the emulator runs one program): it returns ENOSYS"));
    }

    private long unsupported(String key, String message) {
        process.warnOnce(key, message);
        return -Errno.ENOSYS;
    }

    private long clone3(SystemCallContext call, long args, long size) {
        if (size < CLONE_ARGS_SIZE_VER0 || size > 4096) {
            return -Errno.EINVAL;
        }
        byte[] bytes = user.read(args, CLONE_ARGS_SIZE_VER0);
        if (bytes == null) {
            return -Errno.EFAULT;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long flags = b.getLong();
        b.getLong(); // pidfd
        long childTid = b.getLong();
        long parentTid = b.getLong();
        long exitSignal = b.getLong();
        long stack = b.getLong();
        long stackSize = b.getLong();
        long tls = b.getLong();
        if ((flags & 0xFF) != 0 || exitSignal > 64) {
            return -Errno.EINVAL;
        }
        long sp = stack == 0 ? 0 : stack + stackSize;
        return clone(call, flags | exitSignal, sp, parentTid, tls, childTid);
    }

    private long clone(SystemCallContext call, long flags, long stack, long parentTid, long tls, long childTid) {
        if ((flags & CLONE_VM) == 0 || (flags & CLONE_THREAD) == 0 || (flags & CLONE_VFORK) != 0) {
            return unsupported("fork", "a new process (fork, vfork, posix_spawn: clone without CLONE_VM|CLONE_THREAD) "
                    + "is not supported (the emulator runs one process): it returns ENOSYS");
        }
        if ((flags & REQUIRED_FLAGS) != REQUIRED_FLAGS || (flags & ~THREAD_FLAGS & ~0xFFL) != 0) {
            process.warnOnce("cloneflags", String.format("clone flags %s are not supported (a thread is created with %s "
                    + "and optionally the others of pthread_create): clone returns EINVAL",
                    FlagNames.cloneFlags(flags), FlagNames.cloneFlags(REQUIRED_FLAGS)));
            return -Errno.EINVAL;
        }
        Hart hart = call.hart();
        HartContext child = new HartContext();
        hart.saveContext(child);
        child.setPc(hart.pc() + 4);
        child.setX(Hart.A0, 0);
        if (stack != 0) {
            child.setX(Hart.SP, stack);
        }
        if ((flags & CLONE_SETTLS) != 0) {
            child.setX(Hart.TP, tls);
        }
        long[] failure = {0};
        int tid = process.startThread(child, call.now(), newTid -> {
            if ((flags & CLONE_PARENT_SETTID) != 0 && !user.write32(parentTid, newTid)) {
                failure[0] = Errno.EFAULT;
            }
            if ((flags & CLONE_CHILD_SETTID) != 0 && !user.write32(childTid, newTid)) {
                failure[0] = Errno.EFAULT;
            }
        });
        if (tid < 0) {
            return tid;
        }
        if ((flags & CLONE_CHILD_CLEARTID) != 0) {
            LinuxThread thread = (LinuxThread) process.scheduler().task(tid).attachment();
            thread.clearChildTid = childTid;
        }
        return tid;
    }

    private long futex(SystemCallContext call) {
        long address = call.arg(0);
        int op = call.intArg(1);
        int value = call.intArg(2);
        long timeout = call.arg(3);
        long address2 = call.arg(4);
        int value3 = call.intArg(5);
        int command = op & Futexes.FUTEX_CMD_MASK;
        Futexes futexes = process.futexes();
        long[] errno = {0};
        switch (command) {
            case Futexes.FUTEX_WAIT: {
                long deadline = TimeCalls.relativeDeadline(user, timeout, call.now(), errno);
                return errno[0] != 0 ? -errno[0] : futexes.wait(call, address, value, deadline, Futexes.BITSET_ANY);
            }
            case Futexes.FUTEX_WAIT_BITSET: {
                long deadline = Task.NO_DEADLINE;
                if (timeout != 0) {
                    Long absolute = user.readTimespec(timeout);
                    if (absolute == null) {
                        return -Errno.EFAULT;
                    }
                    if (absolute < 0) {
                        return -Errno.EINVAL;
                    }
                    deadline = (op & Futexes.FUTEX_CLOCK_REALTIME) != 0 ? absolute - process.epochNanos() : absolute;
                }
                return futexes.wait(call, address, value, deadline, value3);
            }
            case Futexes.FUTEX_WAKE:
                return futexes.wake(address, value, Futexes.BITSET_ANY, call.now());
            case Futexes.FUTEX_WAKE_BITSET:
                return value3 == 0 ? -Errno.EINVAL : futexes.wake(address, value, value3, call.now());
            case Futexes.FUTEX_REQUEUE:
                return futexes.requeue(address, value, address2, (int) timeout, call.now());
            case Futexes.FUTEX_CMP_REQUEUE: {
                try {
                    if ((int) process.memory().load32(address) != value3) {
                        return -Errno.EAGAIN;
                    }
                } catch (MemoryFault fault) {
                    return -Errno.EFAULT;
                }
                return futexes.requeue(address, value, address2, (int) timeout, call.now());
            }
            case Futexes.FUTEX_WAKE_OP:
                return wakeOp(call, address, value, (int) timeout, address2, value3);
            default:
                return unsupported("futex" + command, "futex operation " + FlagNames.futexOp(command)
                        + " is not supported: it returns ENOSYS");
        }
    }

    /** FUTEX_WAKE_OP: change the word at {@code address2}, wake on {@code address}, and on {@code address2} if the old value compares. */
    private long wakeOp(SystemCallContext call, long address, int count, int count2, long address2, int encoded) {
        int operation = (encoded >>> 28) & 7;
        boolean shift = ((encoded >>> 28) & 8) != 0;
        int comparison = (encoded >>> 24) & 15;
        int operand = (encoded << 8) >> 20;
        int comparand = (encoded << 20) >> 20;
        if (shift) {
            operand = 1 << (operand & 31);
        }
        if ((address2 & 3) != 0) {
            return -Errno.EINVAL;
        }
        int old;
        try {
            old = (int) process.memory().load32(address2);
            int updated = switch (operation) {
                case 0 -> operand;
                case 1 -> old + operand;
                case 2 -> old | operand;
                case 3 -> old & ~operand;
                case 4 -> old ^ operand;
                default -> old;
            };
            if (operation > 4) {
                return -Errno.ENOSYS;
            }
            process.memory().store32(address2, updated);
        } catch (MemoryFault fault) {
            return -Errno.EFAULT;
        }
        int woken = process.futexes().wake(address, count, Futexes.BITSET_ANY, call.now());
        boolean matches = switch (comparison) {
            case 0 -> old == comparand;
            case 1 -> old != comparand;
            case 2 -> old < comparand;
            case 3 -> old <= comparand;
            case 4 -> old > comparand;
            case 5 -> old >= comparand;
            default -> false;
        };
        if (matches) {
            woken += process.futexes().wake(address2, count2, Futexes.BITSET_ANY, call.now());
        }
        return woken;
    }
}
