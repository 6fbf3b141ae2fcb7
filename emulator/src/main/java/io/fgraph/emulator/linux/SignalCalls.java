package io.fgraph.emulator.linux;

import io.fgraph.emulator.task.Task;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Signals, as far as a program can use them without delivery: dispositions ({@code rt_sigaction})
 * and masks ({@code rt_sigprocmask}) and the alternate stack are recorded and read back; a signal a
 * thread sends to the process ({@code kill}, {@code tgkill}: {@code abort()}, {@code raise()}) is
 * ignored when its disposition or default says so, stays pending when blocked, and otherwise ends
 * the process as its default action would (SIGABRT: exit status 134) and says so. Handlers are never
 * run: a signal caught by one ends the process too, with a note that its handler was not run.
 */
final class SignalCalls {
    static final int SIGABRT = 6;
    static final int SIGKILL = 9;
    static final int SIGPIPE = 13;
    static final int SIGCHLD = 17;
    static final int SIGCONT = 18;
    static final int SIGSTOP = 19;
    static final int SIGTSTP = 20;
    static final int SIGTTIN = 21;
    static final int SIGTTOU = 22;
    static final int SIGURG = 23;
    static final int SIGWINCH = 28;
    static final int NSIG = 64;
    static final long SIG_DFL = 0;
    static final long SIG_IGN = 1;
    static final int SS_ONSTACK = 1;
    static final int SS_DISABLE = 2;
    static final int MINSIGSTKSZ = 2048;
    /** {@code struct sigaction} on riscv64 (no sa_restorer): handler, flags, mask. */
    static final int SIGACTION_SIZE = 24;

    private final LinuxProcess process;
    private final UserMemory user;
    private final long[] handlers = new long[NSIG + 1];
    private final long[] flags = new long[NSIG + 1];
    private final long[] masks = new long[NSIG + 1];

    SignalCalls(LinuxProcess process, UserMemory user) {
        this.process = process;
        this.user = user;
    }

    void register(SystemCallTable table) {
        table.add(134, "sig x x u", c -> sigaction(c.intArg(0), c.arg(1), c.arg(2), c.arg(3)));
        table.add(135, "how x x u", c -> sigprocmask(c, c.intArg(0), c.arg(1), c.arg(2), c.arg(3)));
        table.add(132, "x x", c -> sigaltstack(c, c.arg(0), c.arg(1)));
        table.add(129, "d sig", c -> kill(c, c.intArg(0), c.intArg(1)));
        table.add(130, "d sig", c -> tkill(c, c.intArg(0), c.intArg(1)));
        table.add(131, "d d sig", c -> c.intArg(0) != LinuxProcess.PID ? -Errno.ESRCH : tkill(c, c.intArg(1), c.intArg(2)));
    }

    private static long bit(int signal) {
        return 1L << (signal - 1);
    }

    private long sigaction(int signal, long action, long oldAction, long size) {
        if (signal < 1 || signal > NSIG || size != 8) {
            return -Errno.EINVAL;
        }
        if (action != 0 && (signal == SIGKILL || signal == SIGSTOP)) {
            return -Errno.EINVAL;
        }
        byte[] update = null;
        if (action != 0) {
            update = user.read(action, SIGACTION_SIZE);
            if (update == null) {
                return -Errno.EFAULT;
            }
        }
        if (oldAction != 0) {
            byte[] old = ByteBuffer.allocate(SIGACTION_SIZE).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(handlers[signal]).putLong(flags[signal]).putLong(masks[signal]).array();
            if (!user.write(oldAction, old)) {
                return -Errno.EFAULT;
            }
        }
        if (update != null) {
            ByteBuffer b = ByteBuffer.wrap(update).order(ByteOrder.LITTLE_ENDIAN);
            handlers[signal] = b.getLong();
            flags[signal] = b.getLong();
            masks[signal] = b.getLong();
        }
        return 0;
    }

    private long sigprocmask(SystemCallContext call, int how, long set, long oldSet, long size) {
        if (size != 8) {
            return -Errno.EINVAL;
        }
        LinuxThread thread = call.thread();
        Long update = null;
        if (set != 0) {
            update = user.read64(set);
            if (update == null) {
                return -Errno.EFAULT;
            }
            if (how < 0 || how > 2) {
                return -Errno.EINVAL;
            }
        }
        if (oldSet != 0 && !user.write64(oldSet, thread.signalMask)) {
            return -Errno.EFAULT;
        }
        if (update != null) {
            long mask = switch (how) {
                case 0 -> thread.signalMask | update;
                case 1 -> thread.signalMask & ~update;
                default -> update;
            };
            thread.signalMask = mask & ~(bit(SIGKILL) | bit(SIGSTOP));
        }
        return 0;
    }

    private long sigaltstack(SystemCallContext call, long stack, long oldStack) {
        LinuxThread thread = call.thread();
        byte[] update = null;
        if (stack != 0) {
            update = user.read(stack, 24);
            if (update == null) {
                return -Errno.EFAULT;
            }
        }
        if (oldStack != 0) {
            byte[] old = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(thread.altStack).putInt(thread.altStackFlags).putInt(0).putLong(thread.altStackSize).array();
            if (!user.write(oldStack, old)) {
                return -Errno.EFAULT;
            }
        }
        if (update != null) {
            ByteBuffer b = ByteBuffer.wrap(update).order(ByteOrder.LITTLE_ENDIAN);
            long sp = b.getLong();
            int ssFlags = b.getInt();
            b.getInt();
            long size = b.getLong();
            if ((ssFlags & ~SS_DISABLE) != 0) {
                return -Errno.EINVAL;
            }
            if ((ssFlags & SS_DISABLE) == 0 && size < MINSIGSTKSZ) {
                return -Errno.ENOMEM;
            }
            thread.altStack = (ssFlags & SS_DISABLE) != 0 ? 0 : sp;
            thread.altStackSize = (ssFlags & SS_DISABLE) != 0 ? 0 : size;
            thread.altStackFlags = ssFlags;
        }
        return 0;
    }

    private long kill(SystemCallContext call, int pid, int signal) {
        if (pid != LinuxProcess.PID && pid != 0 && pid != -1) {
            return -Errno.ESRCH;
        }
        return send(call, call.thread(), signal, FlagNames.signal(signal) + " sent to the process by thread " + call.thread().tid());
    }

    private long tkill(SystemCallContext call, int tid, int signal) {
        Task target = process.scheduler().task(tid);
        if (target == null) {
            return -Errno.ESRCH;
        }
        String why = tid == call.thread().tid()
                ? FlagNames.signal(signal) + " raised by thread " + tid + (signal == SIGABRT ? " (abort)" : "")
                : FlagNames.signal(signal) + " sent to thread " + tid + " by thread " + call.thread().tid();
        return send(call, (LinuxThread) target.attachment(), signal, why);
    }

    private long send(SystemCallContext call, LinuxThread target, int signal, String why) {
        if (signal < 0 || signal > NSIG) {
            return -Errno.EINVAL;
        }
        if (signal == 0) {
            return 0;
        }
        if (signal != SIGKILL && signal != SIGSTOP && (target.signalMask & bit(signal)) != 0) {
            process.warnOnce("pending" + signal, FlagNames.signal(signal) + " is blocked: it stays pending (signals are not delivered)");
            return 0;
        }
        return raise(call, signal, why) ? SystemCall.NO_RETURN : 0;
    }

    /**
     * {@code signal} reaches the process: returns true if it ended it (default action terminate,
     * or a handler that cannot be run), false if it is ignored.
     */
    boolean raise(SystemCallContext call, int signal, String why) {
        long handler = handlers[signal];
        if (signal != SIGKILL && signal != SIGSTOP) {
            if (handler == SIG_IGN) {
                return false;
            }
            if (handler == SIG_DFL && ignoredByDefault(signal)) {
                return false;
            }
        }
        String note = handler != SIG_DFL && handler != SIG_IGN && signal != SIGKILL
                ? why + "; its handler at 0x" + Long.toHexString(handler) + " was not run (signal delivery is not supported)"
                : why;
        process.killedBy(call.hart(), signal, note);
        return true;
    }

    /** The default action of {@code signal} is to ignore it (or to stop, which here is ignoring too). */
    private static boolean ignoredByDefault(int signal) {
        return signal == SIGCHLD || signal == SIGCONT || signal == SIGURG || signal == SIGWINCH
                || signal == SIGTSTP || signal == SIGTTIN || signal == SIGTTOU;
    }

    /** The handler registered for {@code signal} (SIG_DFL 0, SIG_IGN 1, or an address). */
    long handler(int signal) {
        return handlers[signal];
    }
}
