package io.fgraph.emulator.linux;

import io.fgraph.emulator.memory.MemoryFault;
import io.fgraph.emulator.task.Task;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The futex wait queues of the process, one per address, FIFO (so wake-ups are deterministic).
 * A wait compares the word and queues the thread in one step under the process lock; a waker
 * changes the word first and then wakes under the same lock, so no wake-up is lost. There is one
 * process, so private and shared futexes are the same.
 */
final class Futexes {
    static final int FUTEX_WAIT = 0;
    static final int FUTEX_WAKE = 1;
    static final int FUTEX_REQUEUE = 3;
    static final int FUTEX_CMP_REQUEUE = 4;
    static final int FUTEX_WAKE_OP = 5;
    static final int FUTEX_WAIT_BITSET = 9;
    static final int FUTEX_WAKE_BITSET = 10;
    static final int FUTEX_PRIVATE_FLAG = 128;
    static final int FUTEX_CLOCK_REALTIME = 256;
    static final int FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    static final int BITSET_ANY = -1;

    private record Waiter(Task task, int bitset) {
    }

    private final LinuxProcess process;
    private final Map<Long, ArrayDeque<Waiter>> queues = new HashMap<>();

    Futexes(LinuxProcess process) {
        this.process = process;
    }

    /**
     * Blocks the caller on {@code address} if the word there is {@code expected}, until a wake
     * (a0 = 0) or {@code deadline} (a0 = -ETIMEDOUT). Under the process lock.
     */
    long wait(SystemCallContext call, long address, int expected, long deadline, int bitset) {
        if ((address & 3) != 0) {
            return -Errno.EINVAL;
        }
        if (bitset == 0) {
            return -Errno.EINVAL;
        }
        int value;
        try {
            value = (int) process.memory().load32(address);
        } catch (MemoryFault fault) {
            return -Errno.EFAULT;
        }
        if (value != expected) {
            return -Errno.EAGAIN;
        }
        if (deadline != Task.NO_DEADLINE && deadline <= call.now()) {
            return -Errno.ETIMEDOUT;
        }
        Waiter waiter = new Waiter(call.task(), bitset);
        queues.computeIfAbsent(address, a -> new ArrayDeque<>()).add(waiter);
        process.scheduler().block(call.hart(), String.format("futex 0x%x", address), deadline, task -> {
            remove(address, waiter);
            process.resumed((LinuxThread) task.attachment(), -Errno.ETIMEDOUT);
            return -Errno.ETIMEDOUT;
        });
        return SystemCall.BLOCKED;
    }

    private void remove(long address, Waiter waiter) {
        ArrayDeque<Waiter> queue = queues.get(address);
        if (queue != null) {
            queue.remove(waiter);
            if (queue.isEmpty()) {
                queues.remove(address);
            }
        }
    }

    /** Wakes up to {@code count} waiters on {@code address} whose bitset meets {@code bitset}; returns how many. */
    int wake(long address, int count, int bitset, long now) {
        ArrayDeque<Waiter> queue = queues.get(address);
        if (queue == null || count <= 0) {
            return 0;
        }
        int woken = 0;
        for (Iterator<Waiter> it = queue.iterator(); it.hasNext() && woken < count; ) {
            Waiter waiter = it.next();
            if ((waiter.bitset() & bitset) != 0) {
                it.remove();
                process.wake(waiter.task(), 0, now);
                woken++;
            }
        }
        if (queue.isEmpty()) {
            queues.remove(address);
        }
        return woken;
    }

    /** Wakes {@code wake} waiters of {@code from}, moves up to {@code requeue} more to {@code to}; returns the total. */
    int requeue(long from, int wake, long to, int requeue, long now) {
        int total = wake(from, wake, BITSET_ANY, now);
        ArrayDeque<Waiter> queue = queues.get(from);
        int moved = 0;
        while (queue != null && !queue.isEmpty() && moved < requeue) {
            Waiter waiter = queue.poll();
            queues.computeIfAbsent(to, a -> new ArrayDeque<>()).add(waiter);
            retarget(waiter, to);
            moved++;
        }
        if (queue != null && queue.isEmpty()) {
            queues.remove(from);
        }
        return total + moved;
    }

    /** A requeued waiter's timeout must take it out of its new queue. */
    private void retarget(Waiter waiter, long to) {
        // The timeout action captured the old address: remove() of an absent waiter is harmless,
        // and the new queue is searched too.
        process.scheduler().retarget(waiter.task(), task -> {
            remove(to, waiter);
            process.resumed((LinuxThread) task.attachment(), -Errno.ETIMEDOUT);
            return -Errno.ETIMEDOUT;
        });
    }

    /** The waiter count of {@code address} (tests). */
    int waiters(long address) {
        ArrayDeque<Waiter> queue = queues.get(address);
        return queue == null ? 0 : queue.size();
    }
}
