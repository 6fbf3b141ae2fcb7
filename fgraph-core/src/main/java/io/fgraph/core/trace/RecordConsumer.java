package io.fgraph.core.trace;

/**
 * What sits at the consuming end of a {@link RingEventSink}: it sees every published record, in
 * ring order, on one thread. The buffer is the ring slot itself; copy what you keep.
 */
public interface RecordConsumer {
    /**
     * One record.
     *
     * @param buffer     the ring slot; the record starts at offset 0
     * @param length     the record length
     * @param endOfBatch no more records are available right now (a good moment to flush)
     */
    void onRecord(byte[] buffer, int length, boolean endOfBatch) throws Exception;

    /** The ring has been drained and the consumer thread is about to end. */
    default void onShutdown() throws Exception {
    }

    /** A consumer that ignores everything (for measuring the ring alone). */
    RecordConsumer NONE = (buffer, length, endOfBatch) -> {
    };
}
