package io.fgraph.emulator.linux;

import io.fgraph.emulator.task.Task;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The clocks and sleeps, in virtual time: CLOCK_MONOTONIC is the calling hart's clock (1 ns per
 * instruction since the start), CLOCK_REALTIME the epoch of {@code MachineConfig.epochSeconds}
 * plus that; a sleep blocks the thread until the virtual time has passed, leaving its hart to
 * others (and when every thread sleeps, time jumps).
 */
final class TimeCalls {
    static final int CLOCK_REALTIME = 0;
    static final int CLOCK_MONOTONIC = 1;
    static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    static final int CLOCK_THREAD_CPUTIME_ID = 3;
    static final int CLOCK_MONOTONIC_RAW = 4;
    static final int CLOCK_REALTIME_COARSE = 5;
    static final int CLOCK_MONOTONIC_COARSE = 6;
    static final int CLOCK_BOOTTIME = 7;
    static final int CLOCK_TAI = 11;
    static final int TIMER_ABSTIME = 1;

    private final LinuxProcess process;
    private final UserMemory user;

    TimeCalls(LinuxProcess process, UserMemory user) {
        this.process = process;
        this.user = user;
    }

    void register(SystemCallTable table) {
        table.add(113, "clock x", c -> clockGettime(c, c.intArg(0), c.arg(1)));
        table.add(114, "clock x", c -> {
            if (clock(c, c.intArg(0)) == null) {
                return -Errno.EINVAL;
            }
            return c.arg(1) == 0 || user.writeTimespec(c.arg(1), 1) ? 0 : -Errno.EFAULT;
        });
        table.add(169, "x x", c -> gettimeofday(c, c.arg(0)));
        table.add(101, "x x", c -> nanosleep(c, CLOCK_MONOTONIC, 0, c.arg(0)));
        table.add(115, "clock d x x", c -> nanosleep(c, c.intArg(0), c.intArg(1), c.arg(2)));
    }

    /** The time of {@code clock} now, in nanoseconds, or null for a clock that does not exist. */
    private Long clock(SystemCallContext call, int clock) {
        switch (clock) {
            case CLOCK_REALTIME:
            case CLOCK_REALTIME_COARSE:
            case CLOCK_TAI:
                return process.realtime(call.now());
            case CLOCK_MONOTONIC:
            case CLOCK_MONOTONIC_RAW:
            case CLOCK_MONOTONIC_COARSE:
            case CLOCK_BOOTTIME:
                return call.now();
            case CLOCK_PROCESS_CPUTIME_ID:
                return process.machine().instructions();
            case CLOCK_THREAD_CPUTIME_ID:
                return call.task().instructions();
            default:
                return null;
        }
    }

    private long clockGettime(SystemCallContext call, int clock, long buffer) {
        Long now = clock(call, clock);
        if (now == null) {
            return -Errno.EINVAL;
        }
        return user.writeTimespec(buffer, now) ? 0 : -Errno.EFAULT;
    }

    private long gettimeofday(SystemCallContext call, long buffer) {
        if (buffer == 0) {
            return 0;
        }
        long now = process.realtime(call.now());
        byte[] tv = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(Math.floorDiv(now, 1_000_000_000L)).putLong(Math.floorMod(now, 1_000_000_000L) / 1000).array();
        return user.write(buffer, tv) ? 0 : -Errno.EFAULT;
    }

    private long nanosleep(SystemCallContext call, int clock, int flags, long request) {
        if (clock != CLOCK_MONOTONIC && clock != CLOCK_REALTIME && clock != CLOCK_BOOTTIME && clock != CLOCK_TAI) {
            return clock(call, clock) == null ? -Errno.EINVAL : -Errno.EOPNOTSUPP;
        }
        Long duration = user.readTimespec(request);
        if (duration == null) {
            return -Errno.EFAULT;
        }
        if (duration < 0) {
            return -Errno.EINVAL;
        }
        long deadline;
        if ((flags & TIMER_ABSTIME) != 0) {
            deadline = clock == CLOCK_REALTIME || clock == CLOCK_TAI ? duration - process.epochNanos() : duration;
        } else {
            deadline = call.now() + duration;
        }
        if (deadline <= call.now()) {
            return 0;
        }
        process.scheduler().block(call.hart(), "a sleep until " + deadline + " ns", deadline, task -> {
            process.resumed((LinuxThread) task.attachment(), 0);
            return 0;
        });
        return SystemCall.BLOCKED;
    }

    /** A deadline given as a {@code struct timespec} relative to now; NO_DEADLINE for a null pointer. */
    static long relativeDeadline(UserMemory user, long address, long now, long[] errno) {
        if (address == 0) {
            return Task.NO_DEADLINE;
        }
        Long duration = user.readTimespec(address);
        if (duration == null) {
            errno[0] = Errno.EFAULT;
            return 0;
        }
        if (duration < 0) {
            errno[0] = Errno.EINVAL;
            return 0;
        }
        return now + duration;
    }
}
