package io.fgraph.core.trace;

import io.fgraph.core.event.EventSink;

import java.util.function.Consumer;

/** Builds single pages with the real encoder, for tests that write excerpts themselves. */
final class TestPages {
    private TestPages() {
    }

    /** A sealed page (CRC not yet filled in: the writer does that) and what it holds. */
    record Page(byte[] bytes, int length, int records) {
    }

    /** The page that {@code emit} fills on cpu {@code cpu}; it must fit one page of {@code pageBytes}. */
    static Page page(int cpu, int pageBytes, long functionBase, Consumer<EventSink> emit) {
        PageWriter[] writers = new PageWriter[cpu + 1];
        for (int i = 0; i <= cpu; i++) {
            writers[i] = new PageWriter(i, functionBase);
        }
        byte[] page = new byte[pageBytes];
        PageSupply one = new PageSupply() {
            private boolean given;

            @Override
            public boolean accepting() {
                return true;
            }

            @Override
            public byte[] refill(PageWriter w, int task, long time, int length) {
                if (given) {
                    throw new IllegalStateException("the events do not fit one page of " + pageBytes + " bytes");
                }
                given = true;
                w.start(page, task, time);
                return page;
            }

            @Override
            public void refused() {
                throw new IllegalStateException("refused");
            }
        };
        emit.accept(new RecordEncoder(writers, one));
        PageWriter w = writers[cpu];
        w.release(page);
        w.seal(page);
        return new Page(page, w.position, w.count);
    }
}
