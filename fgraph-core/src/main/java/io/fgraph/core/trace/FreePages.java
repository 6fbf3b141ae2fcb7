package io.fgraph.core.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The pages nobody is filling or writing: a bounded queue with one producer (the writer thread
 * gives pages back) and many consumers (harts take pages). The capacity is at least the number of
 * pages in existence, so {@link #offer} always has room.
 * <pre>
 *  slots: [ . . p p p p . . ]     head: next to take (consumers, compare-and-set)
 *               ^head   ^tail     tail: next to fill (the one producer, release)
 * </pre>
 * A consumer reads the slot at {@code head} after seeing {@code tail} past it (acquire), then moves
 * {@code head} by compare-and-set; the slot cannot be refilled before {@code head} has moved past
 * it, because there are never more pages than slots, so a consumer whose compare-and-set succeeds
 * took the page it read.
 */
final class FreePages {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(byte[][].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(FreePages.class, "head", long.class);
            TAIL = lookup.findVarHandle(FreePages.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final byte[][] slots;
    private final int mask;
    @SuppressWarnings("unused") // through HEAD
    private volatile long head;
    @SuppressWarnings("unused") // through TAIL
    private volatile long tail;

    /** @param pages how many pages will ever exist */
    FreePages(int pages) {
        int capacity = Integer.highestOneBit(Math.max(2, pages) * 2 - 1);
        this.slots = new byte[capacity][];
        this.mask = capacity - 1;
    }

    /** Gives a page back. Only one thread at a time calls this (the writer thread). */
    void offer(byte[] page) {
        long t = (long) TAIL.getOpaque(this);
        SLOT.setRelease(slots, (int) (t & mask), page);
        TAIL.setRelease(this, t + 1);
    }

    /** Takes a page, or null if none is free now. Any thread. */
    byte[] poll() {
        while (true) {
            long h = (long) HEAD.getAcquire(this);
            if (h >= (long) TAIL.getAcquire(this)) {
                return null;
            }
            byte[] page = (byte[]) SLOT.getAcquire(slots, (int) (h & mask));
            if (HEAD.compareAndSet(this, h, h + 1)) {
                return page;
            }
        }
    }
}
