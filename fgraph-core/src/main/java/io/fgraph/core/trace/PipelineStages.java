package io.fgraph.core.trace;

import io.fgraph.core.event.EventSink;

import java.util.function.Consumer;

/**
 * The recording pipeline's stages on their own, for measuring them ({@code PipelineBenchmark}):
 * the encoder alone, and the encoder with full pages going through the ring to a consumer that
 * does nothing. A recording uses {@link TraceRecorder}.
 */
public final class PipelineStages {
    private PipelineStages() {
    }

    /** The encoder alone: every page is reused as soon as it is full, nothing is kept. */
    public static EventSink encoderOnly(int cpus, int pageBytes) {
        PageWriter[] writers = writers(cpus);
        return new RecordEncoder(writers, new PageSupply() {
            @Override
            public boolean accepting() {
                return true;
            }

            @Override
            public byte[] refill(PageWriter w, int task, long time, int length) {
                byte[] page = w.page == null ? new byte[pageBytes] : w.page;
                w.start(page, task, time);
                return page;
            }

            @Override
            public void refused() {
            }
        });
    }

    /** The encoder and the ring of pages, lossless, with a consumer thread that only gives the pages back. */
    public static RingOnly ringOnly(int cpus, int pages, int pageBytes) {
        return new RingOnly(cpus, pages, pageBytes);
    }

    /** {@link #ringOnly}: its sink, and {@link #close()} to drain and stop it. */
    public static final class RingOnly implements AutoCloseable {
        private final PageRing ring;
        private final RecordingPages pages;
        private final EventSink sink;

        private RingOnly(int cpus, int pageCount, int pageBytes) {
            ring = new PageRing(Math.max(pageCount, 2 * cpus), pageBytes);
            pages = new RecordingPages(ring, BackPressure.BLOCK, pageBytes, cpus, 0);
            sink = new RecordEncoder(pages.writers(), pages);
            ring.start((page, length, records) -> {
            }, "no-op page consumer");
        }

        public EventSink sink() {
            return sink;
        }

        /** Records that went through the ring (exact after {@link #close()}). */
        public long consumed() {
            return ring.consumed();
        }

        /** Times a hart waited for a free page. */
        public long waits() {
            return pages.waits();
        }

        @Override
        public void close() {
            pages.finish();
            ring.stop();
        }
    }

    /** A page of {@code pageBytes} and what {@code fill} reported into it on cpu 0 until it was full. */
    public record Page(byte[] bytes, int length, int records) {
    }

    /**
     * One page filled by {@code fill}, which is called again and again until the page is full (the
     * first event that does not fit is not kept).
     */
    public static Page fullPage(int pageBytes, Consumer<EventSink> fill) {
        PageWriter[] writers = writers(1);
        byte[] page = new byte[pageBytes];
        boolean[] full = new boolean[1];
        RecordEncoder encoder = new RecordEncoder(writers, new PageSupply() {
            @Override
            public boolean accepting() {
                return true;
            }

            @Override
            public byte[] refill(PageWriter w, int task, long time, int length) {
                if (w.page != null) {
                    full[0] = true;
                    return null;
                }
                w.start(page, task, time);
                return page;
            }

            @Override
            public void refused() {
            }
        });
        while (!full[0]) {
            fill.accept(encoder);
        }
        PageWriter w = writers[0];
        w.release(page);
        w.seal(page);
        return new Page(page, w.position, w.count);
    }

    private static PageWriter[] writers(int cpus) {
        PageWriter[] writers = new PageWriter[cpus];
        for (int cpu = 0; cpu < cpus; cpu++) {
            writers[cpu] = new PageWriter(cpu, 0);
        }
        return writers;
    }
}
