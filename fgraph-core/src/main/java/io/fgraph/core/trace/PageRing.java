package io.fgraph.core.trace;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.BlockingWaitStrategy;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Carries full pages from the harts to one consumer thread through a Disruptor ring, and the
 * consumed pages back through {@link FreePages}: a fixed set of pages circulates, nothing is
 * allocated once recording runs. The ring has twice as many slots as there are pages, so a
 * publish never waits for room (a page can only be published after it was taken from the free list).
 * <pre>
 *  hart --publish(page)--> [ ring of page slots ] --consumer thread--> PageConsumer (Chronicle)
 *    ^                                                                   |
 *    +------------------------- FreePages <------------------------------+ (after each page)
 * </pre>
 * A consumer that throws trips a kill switch: the failure is kept, the {@link #onFailure failure
 * listener} is told once, and the consumer skips every page after it (their records are counted as
 * {@link #discarded() discarded}) but still gives them back, so nobody waits for a page for ever.
 */
final class PageRing {

    /** What the consumer thread does with each page, in ring order. */
    interface PageConsumer {
        /** One page, its bytes [0, length) complete but for the CRC (the consumer's job). */
        void onPage(byte[] page, int length, int records) throws Exception;

        /** The ring has been drained and the consumer thread is about to end. */
        default void onShutdown() throws Exception {
        }
    }

    /** One ring slot: a page in transit. */
    static final class Slot {
        byte[] page;
        int length;
        int records;
    }

    private final RingBuffer<Slot> ring;
    private final FreePages free;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Runnable failureListener = () -> {
    };
    private BatchEventProcessor<Slot> processor;
    private Thread thread;
    private Handler handler;
    private long stragglers;

    /** @param pages how many pages circulate, each {@code pageBytes} long */
    PageRing(int pages, int pageBytes) {
        this.ring = RingBuffer.createMultiProducer(Slot::new, Integer.highestOneBit(pages * 4 - 1),
                new BlockingWaitStrategy());
        this.free = new FreePages(pages);
        for (int i = 0; i < pages; i++) {
            free.offer(new byte[pageBytes]);
        }
    }

    /** Starts the consumer thread. */
    synchronized void start(PageConsumer consumer, String threadName) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        handler = new Handler(consumer);
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        processor.setExceptionHandler(handler);
        ring.addGatingSequences(processor.getSequence());
        thread = new Thread(processor, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** A free page, or null if none is free right now. */
    byte[] poll() {
        return free.poll();
    }

    /** Hands a full page to the consumer; any thread. */
    void publish(byte[] page, int length, int records) {
        long seq = ring.next();
        Slot slot = ring.get(seq);
        slot.page = page;
        slot.length = length;
        slot.records = records;
        ring.publish(seq);
    }

    /**
     * Waits until the consumer has taken every page published so far, halts it and waits for its
     * thread (and its {@code onShutdown}) to finish. Pages published after that (by a hart that
     * was still running) are counted in {@link #stragglers()}. Idempotent.
     */
    synchronized void stop() {
        if (thread == null || !thread.isAlive()) {
            return;
        }
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
        for (long seq = processor.getSequence().get() + 1; seq <= ring.getCursor(); seq++) {
            if (ring.isAvailable(seq)) {
                stragglers += ring.get(seq).records;
            }
        }
    }

    /** Trips the kill switch; the first cause is kept and the listener told once. */
    void fail(Throwable cause) {
        if (failure.compareAndSet(null, cause)) {
            failureListener.run();
        }
    }

    /** Runs {@code listener} once when the consumer fails (on the consumer's thread). */
    void onFailure(Runnable listener) {
        failureListener = Objects.requireNonNull(listener, "listener");
    }

    Throwable failure() {
        return failure.get();
    }

    /** Records in the pages the consumer took successfully (exact after {@link #stop()}). */
    long consumed() {
        return handler == null ? 0 : handler.consumed;
    }

    /** Records in pages published but not consumed: after a failure, or the page that failed. */
    long discarded() {
        return handler == null ? 0 : handler.discarded;
    }

    /** Records in pages published after {@link #stop()} by harts still running. */
    long stragglers() {
        return stragglers;
    }

    /** Adapts a {@link PageConsumer} to the Disruptor, catches its failures, gives pages back. */
    private final class Handler implements EventHandler<Slot>, ExceptionHandler<Slot> {
        private final PageConsumer consumer;
        volatile long consumed;
        volatile long discarded;

        Handler(PageConsumer consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onEvent(Slot slot, long sequence, boolean endOfBatch) throws Exception {
            byte[] page = slot.page;
            slot.page = null;
            try {
                if (failure.get() != null) {
                    discarded += slot.records;
                    return;
                }
                consumer.onPage(page, slot.length, slot.records);
                consumed += slot.records;
            } finally {
                free.offer(page);
            }
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
        public void handleEventException(Throwable ex, long sequence, Slot slot) {
            discarded += slot.records;
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
