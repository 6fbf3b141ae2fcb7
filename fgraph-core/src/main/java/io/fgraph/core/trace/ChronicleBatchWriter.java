package io.fgraph.core.trace;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;

/**
 * Packs records into batches ({@link EventLayout}: count, CRC-32C, records) and appends each batch
 * as one excerpt of the trace's Chronicle queue, which it owns. One excerpt per event costs ~250 ns
 * in Chronicle; a 64 KiB batch holds over a thousand events for the same price. A batch is appended
 * when the next record would not fit, and at the end of every ring batch, so a crash loses at most
 * what the ring still held.
 *
 * <p>Before each excerpt the writer reserves its bytes on disk ({@link QueueSpace}): a full disk
 * is an {@link IOException} from {@link #flush()} with nothing half-written, never a fault in a
 * mapped write. An excerpt whose copy fails is rolled back, so the queue always ends at a complete
 * batch. Single-threaded: the ring's consumer thread, or a caller that owns the writer
 * ({@link #handOver()} moves it to another thread).
 */
public final class ChronicleBatchWriter implements RecordConsumer, AutoCloseable {

    /** Called before each batch is appended; tests use it to slow the writer down or make it fail. */
    @FunctionalInterface
    interface FlushHook {
        FlushHook NONE = records -> {
        };

        void beforeFlush(int records) throws Exception;
    }

    private final QueueSpace space;
    private final SingleChronicleQueue queue;
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
    private boolean closed;

    private ChronicleBatchWriter(QueueSpace space, SingleChronicleQueue queue, int batchBytes, FlushHook hook) {
        this.space = space;
        this.queue = queue;
        this.appender = queue.createAppender();
        this.staging = new byte[batchBytes];
        this.hook = hook;
    }

    /**
     * Opens a new event queue in {@code dir}/events (created if missing, and expected to hold no queue).
     *
     * @param batchBytes the largest batch
     * @throws IOException if the queue's files cannot be created (a full disk: nothing is left mapped)
     */
    public static ChronicleBatchWriter open(Path dir, int batchBytes, long blockSize) throws IOException {
        return open(dir, batchBytes, blockSize, FlushHook.NONE, System::currentTimeMillis);
    }

    static ChronicleBatchWriter open(Path dir, int batchBytes, long blockSize, FlushHook hook, LongSupplier wallClock)
            throws IOException {
        Path events = Files.createDirectories(TraceFiles.events(dir));
        QueueSpace space = new QueueSpace(events, batchBytes, wallClock);
        space.createMetadata();
        SingleChronicleQueue queue = TraceFiles.openForWriting(dir, blockSize, space.clock());
        try {
            return new ChronicleBatchWriter(space, queue, batchBytes, hook);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    /** Lets another thread use the writer from now on (Chronicle checks that one thread uses an appender). */
    public void handOver() {
        appender.singleThreadedCheckReset();
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

    /**
     * Appends the identity excerpt that binds the events to their header and summary; the first
     * excerpt of a trace ({@link EventLayout#putIdentity}). Not counted as a batch.
     */
    public void appendIdentity(byte[] traceId) throws IOException {
        byte[] identity = new byte[EventLayout.IDENTITY_LENGTH];
        append(identity, EventLayout.putIdentity(identity, 0, traceId));
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
        append(staging, position);
        recordsWritten += records;
        batchesWritten++;
        bytesWritten += position;
        position = EventLayout.BATCH_HEADER_LENGTH;
        records = 0;
    }

    /** One excerpt: reserve, copy, commit (or roll back if the copy fails). */
    private void append(byte[] bytes, int length) throws IOException {
        space.beforeAppend(length);
        long end;
        DocumentContext dc = appender.writingDocument();
        try {
            Bytes<?> out = dc.wire().bytes();
            out.write(bytes, 0, length);
            end = out.writePosition();
        } catch (Throwable t) {
            dc.rollbackOnClose();
            throw t;
        } finally {
            dc.close();
        }
        space.afterAppend(appender.currentFile(), end);
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

    /** The appender, for tests that write excerpts of their own. */
    ExcerptAppender appender() {
        return appender;
    }

    /**
     * Closes the appender, then the queue, then cuts the last file back to its data. Staged records
     * not yet flushed are dropped. Idempotent; call on the thread that used the writer last.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            appender.singleThreadedCheckReset();
            appender.close();
        } finally {
            queue.close();
            space.close();
        }
    }
}
