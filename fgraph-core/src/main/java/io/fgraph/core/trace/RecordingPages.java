package io.fgraph.core.trace;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The pages of a recording: each hart fills its own; a full page goes through the {@link PageRing}
 * to the trace's writer, and the hart takes a free one. When none is free:
 * <ul>
 *   <li>{@link BackPressure#BLOCK}: the hart waits for one (spinning briefly, then yielding, then
 *       parking); each wait is counted and timed per hart ({@link #waits()}, {@link #waitNanos()}).
 *   <li>{@link BackPressure#DROP}: the event is dropped and counted for its task. The counts are
 *       written as lost records at the start of the hart's next page, with the time of the event
 *       that got it; counts still pending at the end, with the time of the last dropped event.
 * </ul>
 * {@link #finish()} stops accepting events and hands every hart's partial page and pending drop
 * counts to the ring. A hart still running at that moment finds its page gone (or the recording no
 * longer accepting) at its next event, which is refused and counted; only an event it was writing
 * at that instant may go unaccounted (at most one per hart thread).
 */
final class RecordingPages implements PageSupply {
    private static final int SPINS = 64;
    private static final int YIELDS = 128;
    private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

    private final PageRing ring;
    private final boolean drop;
    private final int pageBytes;
    private final PageWriter[] writers;
    private volatile boolean accepting = true;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refused = new LongAdder();

    RecordingPages(PageRing ring, BackPressure policy, int pageBytes, int cpus, long functionBase) {
        this.ring = ring;
        this.drop = policy == BackPressure.DROP;
        this.pageBytes = pageBytes;
        this.writers = new PageWriter[cpus];
        for (int cpu = 0; cpu < cpus; cpu++) {
            writers[cpu] = new PageWriter(cpu, functionBase);
        }
    }

    PageWriter[] writers() {
        return writers;
    }

    @Override
    public boolean accepting() {
        return accepting;
    }

    /** Stops accepting events (a writer failure): harts stop writing and waiting. */
    void stopAccepting() {
        accepting = false;
    }

    @Override
    public byte[] refill(PageWriter w, int task, long time, int length) {
        if (!accepting) {
            refused.increment();
            return null;
        }
        byte[] full = w.page;
        if (full != null) {
            if (!w.release(full)) {
                refused.increment(); // a closer took the page: the recording is ending
                return null;
            }
            w.seal(full);
            ring.publish(full, w.position, w.count);
        }
        byte[] fresh = drop ? ring.poll() : waitForPage(w);
        if (fresh == null) {
            if (drop && accepting) {
                w.drops.add(task, time);
                dropped.increment();
            } else {
                refused.increment();
            }
            return null;
        }
        w.start(fresh, task, time);
        if (!w.drops.isEmpty()) {
            writeDrops(w, fresh, time, length);
        }
        return fresh;
    }

    /** A free page, waiting as long as it takes (timed), or null if the recording stops meanwhile. */
    private byte[] waitForPage(PageWriter w) {
        byte[] page = ring.poll();
        if (page != null) {
            return page;
        }
        long start = System.nanoTime();
        for (int round = 0; (page = ring.poll()) == null && accepting; round++) {
            if (round < SPINS) {
                Thread.onSpinWait();
            } else if (round < YIELDS) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(PARK_NANOS);
            }
        }
        w.waits++;
        w.waitNanos += System.nanoTime() - start;
        return accepting ? page : null;
    }

    /** Writes the hart's pending drop counts as lost records at {@code time}, leaving room for {@code length}. */
    private static void writeDrops(PageWriter w, byte[] page, long time, int length) {
        DropCounts drops = w.drops;
        int written = 0;
        while (written < drops.size() && w.room(EventLayout.MAX_LOST_LENGTH + length) != null) {
            w.commit(RecordEncoder.putLost(w, page, drops.task(written), time, drops.count(written)), time);
            written++;
        }
        drops.removeFirst(written);
    }

    @Override
    public void refused() {
        refused.increment();
    }

    /**
     * Hands every hart's partial page to the ring, whoever runs them: for a hart that has stopped,
     * or from the hart's own thread. Pages taken from a running hart are resealed from their records.
     */
    void flush() {
        for (PageWriter w : writers) {
            byte[] page = w.take();
            if (page != null) {
                int end = w.takenEnd();
                ring.publish(page, end, RecordDecoder.reseal(page, end));
            }
        }
    }

    /**
     * Stops accepting events, then hands every hart's partial page to the ring and, unless the writer
     * failed, the pending drop counts as lost records with the time of each task's last dropped
     * event. Call before stopping the ring.
     */
    void finish() {
        accepting = false;
        flush();
        if (ring.failure() != null) {
            return;
        }
        for (PageWriter w : writers) {
            DropCounts drops = w.drops;
            if (drops.isEmpty()) {
                continue;
            }
            // A fresh page, not one from the pool: a hart still running may write into its old one.
            PageWriter last = new PageWriter(w.cpu, w.functionBase);
            byte[] page = new byte[pageBytes];
            last.start(page, drops.task(0), drops.lastTime(0));
            for (int i = 0; i < drops.size(); i++) {
                if (last.room(EventLayout.MAX_LOST_LENGTH) == null) {
                    last.release(page);
                    last.seal(page);
                    ring.publish(page, last.position, last.count);
                    page = new byte[pageBytes];
                    last.start(page, drops.task(i), drops.lastTime(i));
                }
                last.commit(RecordEncoder.putLost(last, page, drops.task(i), drops.lastTime(i), drops.count(i)),
                        drops.lastTime(i));
            }
            last.release(page);
            last.seal(page);
            ring.publish(page, last.position, last.count);
            drops.removeFirst(drops.size());
        }
    }

    /** Events dropped because no page was free (DROP policy). */
    long dropped() {
        return dropped.sum();
    }

    /** Events refused: after a stop or a failure, or with invalid arguments. */
    long refusedCount() {
        return refused.sum();
    }

    /** Times harts waited for a free page (BLOCK policy); exact once they have stopped. */
    long waits() {
        long n = 0;
        for (PageWriter w : writers) {
            n += w.waits;
        }
        return n;
    }

    /** Nanoseconds harts spent waiting for a free page, summed over the harts. */
    long waitNanos() {
        long n = 0;
        for (PageWriter w : writers) {
            n += w.waitNanos;
        }
        return n;
    }
}
