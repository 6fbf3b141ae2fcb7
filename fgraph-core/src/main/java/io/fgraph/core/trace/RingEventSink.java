package io.fgraph.core.trace;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.fgraph.core.event.EventSink;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * An {@link EventSink} that encodes each event ({@link EventLayout}) straight into a preallocated
 * slot of a multi-producer Disruptor ring, for one consumer thread to take away. Safe to call from
 * any number of harts at once; nothing is allocated on the publishing path.
 *
 * <p>A full ring either blocks the producer ({@link BackPressure#BLOCK}) or drops the event and
 * bumps the task's drop counter ({@link BackPressure#DROP}); the counter is published as a
 * {@link EventLayout#KIND_LOST lost} record just before the task's next event that fits, with that
 * event's time, and whatever is still pending at the end is handed to {@link #drainPendingDrops}.
 *
 * <p>A consumer that throws trips a kill switch: the failure is kept, producers stop publishing
 * (their events are counted as {@link #rejected() rejected}, never blocked), the consumer
 * skips what is left in the ring, so no producer can hang on a dead consumer, and the
 * {@link #onFailure failure listener} is told once.
 *
 * <p>Every claimed slot is published, in {@code finally}, as the Disruptor's {@code RingBuffer.next()}
 * requires: a slot left unpublished would stall the consumer, and every producer behind it, for
 * good. A slot whose encoding threw is published empty (length 0); the consumer skips it and
 * counts it as {@link #discarded() discarded}, and the exception goes back to the caller.
 *
 * <p>{@link #stop()} stops accepting, waits until the consumer has taken everything already claimed,
 * halts it and joins its thread, so the consumer's {@code onShutdown} has run when it returns.
 */
public final class RingEventSink implements EventSink {

    /** Receives the drop counts still pending at the end of a recording. */
    @FunctionalInterface
    public interface PendingDrops {
        void lost(int task, int cpu, long time, long count);
    }

    private static final int OVERFLOW_TASK = -1;

    private final RingBuffer<RingEvent> ring;
    private final boolean drop;
    private final int taskSlots;
    private final AtomicLongArray pendingDrops;
    private final long[] lastDropTime;
    private final int[] lastDropCpu;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean accepting;
    private volatile Runnable failureListener = () -> {
    };

    private BatchEventProcessor<RingEvent> processor;
    private Thread thread;
    private Handler handler;

    /**
     * @param ringSize  slots, a power of two
     * @param policy    what a producer does when the ring is full
     * @param taskSlots tasks below this get their own drop counter; the others share one (task -1)
     */
    public RingEventSink(int ringSize, BackPressure policy, int taskSlots) {
        this(ringSize, policy, taskSlots, false);
    }

    /** @param singleProducer only one thread ever publishes: claim slots without compare-and-swap */
    public RingEventSink(int ringSize, BackPressure policy, int taskSlots, boolean singleProducer) {
        this.ring = singleProducer
                ? RingBuffer.createSingleProducer(RingEvent::new, ringSize, new SleepingWaitStrategy())
                : RingBuffer.createMultiProducer(RingEvent::new, ringSize, new SleepingWaitStrategy());
        this.drop = policy == BackPressure.DROP;
        this.taskSlots = taskSlots;
        this.pendingDrops = new AtomicLongArray(taskSlots + 1);
        this.lastDropTime = new long[taskSlots + 1];
        this.lastDropCpu = new int[taskSlots + 1];
    }

    /** Starts the consumer thread; producers may publish from now on. */
    public synchronized void start(RecordConsumer consumer, String threadName) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        handler = new Handler(consumer);
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        processor.setExceptionHandler(handler);
        ring.addGatingSequences(processor.getSequence());
        thread = new Thread(processor, threadName);
        thread.setDaemon(true);
        accepting = true;
        thread.start();
    }

    // ---- EventSink: the hot path ----------------------------------------------------------------

    @Override
    public void functionEntry(int task, int cpu, long time, long function, int depth, long[] args, int argCount) {
        long seq = claim(task, cpu, time);
        if (seq >= 0) {
            RingEvent e = ring.get(seq);
            e.length = 0; // a slot whose encoding throws is published empty, and skipped
            try {
                e.length = EventLayout.putEntry(e.buffer, 0, task, cpu, time, function, depth, args, argCount);
            } finally {
                ring.publish(seq);
            }
        }
    }

    @Override
    public void functionReturn(int task, int cpu, long entryTime, long returnTime, long function, int depth,
                               long retval, long overrun, int flags) {
        long seq = claim(task, cpu, returnTime);
        if (seq >= 0) {
            RingEvent e = ring.get(seq);
            e.length = 0; // a slot whose encoding throws is published empty, and skipped
            try {
                e.length = EventLayout.putReturn(e.buffer, 0, task, cpu, entryTime, returnTime, function, depth, retval,
                        overrun, flags);
            } finally {
                ring.publish(seq);
            }
        }
    }

    @Override
    public void lost(int task, int cpu, long time, long count) {
        long seq = claim(task, cpu, time);
        if (seq >= 0) {
            RingEvent e = ring.get(seq);
            e.length = 0; // a slot whose encoding throws is published empty, and skipped
            try {
                e.length = EventLayout.putLost(e.buffer, 0, task, cpu, time, count);
            } finally {
                ring.publish(seq);
            }
        }
    }

    @Override
    public void taskSwitch(int cpu, long time, int previousTask, int nextTask) {
        long seq = claim(previousTask, cpu, time);
        if (seq >= 0) {
            RingEvent e = ring.get(seq);
            e.length = 0; // a slot whose encoding throws is published empty, and skipped
            try {
                e.length = EventLayout.putTaskSwitch(e.buffer, 0, cpu, time, previousTask, nextTask);
            } finally {
                ring.publish(seq);
            }
        }
    }

    @Override
    public void probeHit(int task, int cpu, long time, int probeId, long address, long value) {
        long seq = claim(task, cpu, time);
        if (seq >= 0) {
            RingEvent e = ring.get(seq);
            e.length = 0; // a slot whose encoding throws is published empty, and skipped
            try {
                e.length = EventLayout.putProbe(e.buffer, 0, task, cpu, time, probeId, address, value);
            } finally {
                ring.publish(seq);
            }
        }
    }

    @Override
    public void probeHit(int task, int cpu, long time, int probeId, long address, Object[] fields) {
        long seq = claim(task, cpu, time);
        if (seq >= 0) {
            RingEvent e = ring.get(seq);
            e.length = 0; // a slot whose encoding throws is published empty, and skipped
            try {
                e.length = EventLayout.putProbe(e.buffer, 0, task, cpu, time, probeId, address, fields);
            } finally {
                ring.publish(seq);
            }
        }
    }

    @Override
    public void payload(int task, int cpu, long time, int plugin, byte[] bytes, int offset, int length) {
        long seq = claim(task, cpu, time);
        if (seq >= 0) {
            RingEvent e = ring.get(seq);
            e.length = 0; // a slot whose encoding throws is published empty, and skipped
            try {
                e.length = EventLayout.putPayload(e.buffer, 0, task, cpu, time, plugin, bytes, offset, length);
            } finally {
                ring.publish(seq);
            }
        }
    }

    @Override
    public void callValues(int task, int cpu, long time, long entryTime, byte[] values, int offset, int length) {
        long seq = claim(task, cpu, time);
        if (seq >= 0) {
            RingEvent e = ring.get(seq);
            e.length = 0; // a slot whose encoding throws is published empty, and skipped
            try {
                e.length = EventLayout.putValues(e.buffer, 0, task, cpu, time, entryTime, values, offset, length);
            } finally {
                ring.publish(seq);
            }
        }
    }

    /** A slot for one event, or -1 if the event is dropped or rejected (and counted). */
    private long claim(int task, int cpu, long time) {
        if (!accepting) {
            rejected.increment();
            return -1;
        }
        if (!drop) {
            return ring.next();
        }
        int slot = task >= 0 && task < taskSlots ? task : taskSlots;
        try {
            if (pendingDrops.get(slot) == 0) {
                return ring.tryNext();
            }
            // Lost record first, then the event: both or neither, so the count is never lost.
            long seq = ring.tryNext(2);
            long count = pendingDrops.getAndSet(slot, 0);
            RingEvent e = ring.get(seq - 1);
            e.length = EventLayout.putLost(e.buffer, 0, slot == taskSlots ? OVERFLOW_TASK : task, cpu, time, count);
            ring.publish(seq - 1);
            return seq;
        } catch (InsufficientCapacityException full) {
            lastDropTime[slot] = time;
            lastDropCpu[slot] = cpu;
            pendingDrops.incrementAndGet(slot);
            dropped.increment();
            return -1;
        }
    }

    // ---- lifecycle ------------------------------------------------------------------------------

    /**
     * Stops accepting events, waits until the consumer has taken every event already claimed, halts
     * the consumer and waits for its thread (and its {@code onShutdown}) to finish. Idempotent.
     */
    public synchronized void stop() {
        accepting = false;
        if (thread == null || !thread.isAlive()) {
            return;
        }
        // A producer that saw accepting == true may still be claiming: wait until the cursor is
        // stable and consumed.
        long seen;
        do {
            seen = ring.getCursor();
            while (processor.getSequence().get() < seen && thread.isAlive()) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
        } while (ring.getCursor() != seen && thread.isAlive());
        processor.halt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long stragglers = ring.getCursor() - processor.getSequence().get();
        if (stragglers > 0) {
            rejected.add(stragglers);
        }
    }

    /**
     * Hands every drop count not yet published as a lost record to {@code out} (task -1 for the
     * shared counter), with the time and cpu of the last dropped event, and resets it. Call after
     * {@link #stop()}.
     */
    public void drainPendingDrops(PendingDrops out) {
        for (int slot = 0; slot <= taskSlots; slot++) {
            long count = pendingDrops.getAndSet(slot, 0);
            if (count > 0) {
                out.lost(slot == taskSlots ? OVERFLOW_TASK : slot, lastDropCpu[slot], lastDropTime[slot], count);
            }
        }
    }

    /** Trips the kill switch: producers stop publishing; {@link #failure()} reports {@code cause}. */
    void fail(Throwable cause) {
        boolean first = failure.compareAndSet(null, cause);
        accepting = false;
        if (first) {
            failureListener.run();
        }
    }

    /**
     * Runs {@code listener} once, on the consumer's thread, when the consumer fails (for example to
     * stop the program whose events can no longer be recorded). Must be quick and thread-safe.
     */
    public void onFailure(Runnable listener) {
        failureListener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** Whether producers' events are being accepted. */
    public boolean accepting() {
        return accepting;
    }

    /** The consumer's first failure, or null. */
    public Throwable failure() {
        return failure.get();
    }

    /** Events dropped because the ring was full (DROP policy). */
    public long dropped() {
        return dropped.sum();
    }

    /** Events refused because the sink was stopped or had failed. */
    public long rejected() {
        return rejected.sum();
    }

    /** Events the consumer took successfully (exact after {@link #stop()}). */
    public long consumed() {
        return handler == null ? 0 : handler.consumed;
    }

    /** Events published but skipped by the consumer: after a failure, or empty because their encoding threw (exact after {@link #stop()}). */
    public long discarded() {
        return handler == null ? 0 : handler.discarded;
    }

    /** The ring's size in slots. */
    public int ringSize() {
        return ring.getBufferSize();
    }

    /** Adapts a {@link RecordConsumer} to the Disruptor and catches its failures. */
    private final class Handler implements EventHandler<RingEvent>, ExceptionHandler<RingEvent> {
        private final RecordConsumer consumer;
        long consumed;
        long discarded;

        Handler(RecordConsumer consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onEvent(RingEvent event, long sequence, boolean endOfBatch) throws Exception {
            if (failure.get() != null || event.length == 0) {
                discarded++;
                return;
            }
            consumer.onRecord(event.buffer, event.length, endOfBatch);
            consumed++;
        }

        @Override
        public void onShutdown() {
            if (failure.get() == null) {
                try {
                    consumer.onShutdown();
                } catch (Throwable t) {
                    fail(t);
                }
            }
        }

        @Override
        public void handleEventException(Throwable ex, long sequence, RingEvent event) {
            discarded++;
            fail(ex);
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            fail(ex);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            fail(ex);
        }
    }
}
