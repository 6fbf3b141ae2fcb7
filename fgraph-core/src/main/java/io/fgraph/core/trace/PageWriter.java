package io.fgraph.core.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import static io.fgraph.core.trace.EventLayout.*;

/**
 * One hart's writing end: the page it fills now ({@link EventLayout}) and the state the next record
 * is encoded against (the page's current task, the previous record's time). Only the hart's own
 * thread writes records; a closer may take the page away ({@link #take()}) while that thread is
 * still running, so the page reference and the position are published with release semantics:
 * whoever takes the page sees complete records up to the position it reads.
 * <pre>
 *  page:  [ header (48) | record | record | ... | record |  free ...                 ]
 *                                                        ^ position                  ^ limit
 * </pre>
 */
final class PageWriter {
    private static final VarHandle PAGE;
    private static final VarHandle POSITION;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PAGE = lookup.findVarHandle(PageWriter.class, "page", byte[].class);
            POSITION = lookup.findVarHandle(PageWriter.class, "position", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int cpu;
    final long functionBase;
    /** The page being filled, or null (none yet, or everything since the last one was dropped). */
    byte[] page;
    /** The next free byte of the page. */
    int position;
    /** The page's length, 0 without a page (so that every claim takes the slow path). */
    int limit;
    /** The page's current task: records of another task say so (TASK). */
    int task;
    long lastTime;
    long minTime;
    long maxTime;
    int count;
    boolean mixed;

    /** Times this hart waited for a free page (lossless back-pressure), and for how long in all. */
    long waits;
    long waitNanos;
    /** Events dropped while no page was free, per task, not yet written as lost records. */
    final DropCounts drops = new DropCounts();

    PageWriter(int cpu, long functionBase) {
        this.cpu = cpu;
        this.functionBase = functionBase;
    }

    /**
     * The page to write a record of {@code length} bytes into, or null if the slow path must run
     * (no page, or it is full). Read the page once per record: a closer may take it meanwhile.
     */
    byte[] room(int length) {
        byte[] b = page;
        return b != null && position + length <= limit ? b : null;
    }

    /**
     * Starts filling {@code fresh}: writes the page header's fixed fields, then publishes the page.
     * The first record is of {@code task} at {@code time}.
     */
    void start(byte[] fresh, int task, long time) {
        LittleEndian.i32(fresh, PAGE_TASK_OFFSET, task);
        LittleEndian.u16(fresh, PAGE_CPU_OFFSET, cpu);
        LittleEndian.i64(fresh, PAGE_BASE_TIME_OFFSET, time);
        LittleEndian.i64(fresh, PAGE_FUNCTION_BASE_OFFSET, functionBase);
        this.task = task;
        this.lastTime = time;
        this.minTime = time;
        this.maxTime = time;
        this.count = 0;
        this.mixed = false;
        this.limit = fresh.length;
        this.position = PAGE_HEADER_LENGTH;
        PAGE.setRelease(this, fresh);
    }

    /**
     * Writes a record's header at {@code at} of page {@code b} and its TASK and TIME extras at
     * {@code end}, where the record's own part ends; returns where the whole record ends.
     */
    int finish(byte[] b, int at, int end, int kind, int flags, int aux, int recordTask, long time) {
        long delta = time - lastTime;
        int small = (int) delta;
        if (recordTask != task) {
            flags |= FLAG_TASK;
            LittleEndian.i32(b, end, recordTask);
            end += TASK_EXTRA_LENGTH;
            mixed = true;
        }
        if (small != delta) {
            flags |= FLAG_TIME;
            LittleEndian.i64(b, end, time);
            end += TIME_EXTRA_LENGTH;
            small = 0;
        }
        // The 8-byte header in one store: kind, flags, aux, delta at their offsets.
        LittleEndian.i64(b, at, (long) kind << (KIND_OFFSET * Byte.SIZE)
                | (long) (flags & 0xff) << (FLAGS_OFFSET * Byte.SIZE)
                | (long) (aux & MAX_AUX) << (AUX_OFFSET * Byte.SIZE)
                | (small & 0xffff_ffffL) << (DELTA_OFFSET * Byte.SIZE));
        return end;
    }

    /** Counts the record that ends at {@code end} and makes it visible to a closer. */
    void commit(int end, long time) {
        count++;
        lastTime = time;
        if (time < minTime) {
            minTime = time;
        }
        if (time > maxTime) {
            maxTime = time;
        }
        POSITION.setRelease(this, end);
    }

    /** A task switch also moves the page's current task. */
    void switchTo(int nextTask) {
        if (nextTask != task) {
            task = nextTask;
            mixed = true;
        }
    }

    /**
     * Writes the header's count and time range into {@code b}, the page just {@link #release released}
     * by the hart's own thread; the page is then complete up to {@link #position}.
     */
    void seal(byte[] b) {
        LittleEndian.i32(b, PAGE_COUNT_OFFSET, count);
        LittleEndian.u16(b, PAGE_FLAGS_OFFSET, mixed ? PAGE_MIXED : 0);
        LittleEndian.i64(b, PAGE_MIN_TIME_OFFSET, minTime);
        LittleEndian.i64(b, PAGE_MAX_TIME_OFFSET, maxTime);
    }

    /** Gives up the current page if it is still {@code expected}: false if someone took it first. */
    boolean release(byte[] expected) {
        if (!PAGE.compareAndSet(this, expected, null)) {
            return false;
        }
        limit = 0;
        return true;
    }

    /**
     * Takes the current page away, whoever runs; null if there is none. Pair with {@link #takenEnd()}.
     * The hart's thread, if it still runs, finds no page at its next record.
     */
    byte[] take() {
        return (byte[]) PAGE.getAndSet(this, (byte[]) null);
    }

    /** The end of the complete records of a page just {@link #take() taken}. */
    int takenEnd() {
        return (int) POSITION.getAcquire(this);
    }
}
