package io.fgraph.core.trace;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.util.zip.CRC32C;

/**
 * Packs records into batches ({@link EventLayout}: count, CRC-32C, records) and appends each batch
 * as one Chronicle excerpt. One excerpt per event costs ~250 ns in Chronicle; a 64 KiB batch holds
 * over a thousand events for the same price. A batch is appended when the next record would not
 * fit, and at the end of every ring batch, so a crash loses at most what the ring still held.
 * Single-threaded: the ring's consumer thread, or a caller that owns the appender.
 */
public final class ChronicleBatchWriter implements RecordConsumer {

    /** Called before each batch is appended; tests use it to slow the writer down or make it fail. */
    @FunctionalInterface
    interface FlushHook {
        FlushHook NONE = records -> {
        };

        void beforeFlush(int records) throws Exception;
    }

    private final ExcerptAppender appender;
    private final byte[] staging;
    private final CRC32C crc = new CRC32C();
    private final FlushHook hook;
    private int position = EventLayout.BATCH_HEADER_LENGTH;
    private int records;
    /** Volatile: other threads watch progress; written once per batch. */
    private volatile long recordsWritten;
    private long batchesWritten;
    private long bytesWritten;
    private long lastTime;

    public ChronicleBatchWriter(ExcerptAppender appender, int batchBytes) {
        this(appender, batchBytes, FlushHook.NONE);
    }

    ChronicleBatchWriter(ExcerptAppender appender, int batchBytes, FlushHook hook) {
        this.appender = appender;
        this.staging = new byte[batchBytes];
        this.hook = hook;
    }

    @Override
    public void onRecord(byte[] buffer, int length, boolean endOfBatch) throws Exception {
        if (position + length > staging.length) {
            flush();
        }
        System.arraycopy(buffer, 0, staging, position, length);
        lastTime = Math.max(lastTime, LittleEndian.i64(buffer, EventLayout.TIME_OFFSET));
        position += length;
        records++;
        if (endOfBatch) {
            flush();
        }
    }

    @Override
    public void onShutdown() throws Exception {
        flush();
    }

    /** Appends a lost record directly (used at close, after the ring has stopped), then flushes. */
    public void appendLost(int task, int cpu, long time, long count) throws Exception {
        if (position + EventLayout.LOST_LENGTH > staging.length) {
            flush();
        }
        position += EventLayout.putLost(staging, position, task, cpu, time, count);
        records++;
        flush();
    }

    /** Appends the staged records as one excerpt, if there are any. */
    public void flush() throws Exception {
        if (records == 0) {
            return;
        }
        hook.beforeFlush(records);
        crc.reset();
        crc.update(staging, EventLayout.BATCH_HEADER_LENGTH, position - EventLayout.BATCH_HEADER_LENGTH);
        LittleEndian.i32(staging, EventLayout.BATCH_COUNT_OFFSET, records);
        LittleEndian.i32(staging, EventLayout.BATCH_CRC_OFFSET, (int) crc.getValue());
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> bytes = dc.wire().bytes();
            bytes.write(staging, 0, position);
        }
        recordsWritten += records;
        batchesWritten++;
        bytesWritten += position;
        position = EventLayout.BATCH_HEADER_LENGTH;
        records = 0;
    }

    /** Records appended so far (not counting staged ones). */
    public long recordsWritten() {
        return recordsWritten;
    }

    /** Excerpts appended so far. */
    public long batchesWritten() {
        return batchesWritten;
    }

    /** Batch bytes appended so far (records plus batch headers, without Chronicle's own 4-byte excerpt headers). */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** The latest event time seen. */
    public long lastTime() {
        return lastTime;
    }
}
