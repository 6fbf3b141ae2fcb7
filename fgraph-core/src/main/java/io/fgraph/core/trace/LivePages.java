package io.fgraph.core.trace;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Pages that are read back as soon as each record is written: a live consumer (the ftrace-text
 * printer of {@code fgraph run --trace}) sees every event decoded from the very bytes a recording
 * would store. One small page per hart, reused when full; nothing is kept.
 */
final class LivePages implements PageSupply {
    static final int PAGE_BYTES = 4096;

    private final RecordDecoder[] decoders;
    private final TraceEvent event = new TraceEvent();
    private final Consumer<TraceEvent> listener;
    private long refused;

    LivePages(int cpus, Consumer<TraceEvent> listener) {
        this.decoders = new RecordDecoder[cpus];
        for (int cpu = 0; cpu < cpus; cpu++) {
            decoders[cpu] = new RecordDecoder();
        }
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public boolean accepting() {
        return true;
    }

    @Override
    public byte[] refill(PageWriter w, int task, long time, int length) {
        byte[] page = w.page == null ? new byte[PAGE_BYTES] : w.page;
        w.start(page, task, time);
        decoders[w.cpu].wrap(page, w.position);
        return page;
    }

    @Override
    public boolean immediate() {
        return true;
    }

    /** Decodes the record just written and hands it on (the listener sees one event at a time per hart). */
    @Override
    public void written(PageWriter w) {
        RecordDecoder decoder = decoders[w.cpu];
        decoder.limit(w.position);
        synchronized (event) {
            while (decoder.next(event) > 0) {
                listener.accept(event);
            }
        }
    }

    @Override
    public synchronized void refused() {
        refused++;
    }
}
