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
 * Appends each page ({@link EventLayout}: header, records) as one excerpt of the trace's Chronicle
 * queue, which it owns, after filling in the page's CRC-32C. One excerpt costs ~250 ns in
 * Chronicle; a 64 KiB page holds thousands of events for the same price.
 *
 * <p>Before each excerpt the writer reserves its bytes on disk ({@link QueueSpace}): a full disk
 * is an {@link IOException} from {@link #onPage} with nothing half-written, never a fault in a
 * mapped write. An excerpt whose copy fails is rolled back, so the queue always ends at a complete
 * page. Single-threaded: the ring's consumer thread, or a caller that owns the writer
 * ({@link #handOver()} moves it to another thread).
 */
public final class ChroniclePageWriter implements PageRing.PageConsumer, AutoCloseable {

    /** Called before each page is appended; tests use it to slow the writer down or make it fail. */
    @FunctionalInterface
    interface FlushHook {
        FlushHook NONE = records -> {
        };

        void beforeFlush(int records) throws Exception;
    }

    private final QueueSpace space;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final CRC32C crc = new CRC32C();
    private final FlushHook hook;
    /** Volatile: other threads watch progress; written once per page. */
    private volatile long recordsWritten;
    private long pagesWritten;
    private long bytesWritten;
    private boolean closed;

    private ChroniclePageWriter(QueueSpace space, SingleChronicleQueue queue, FlushHook hook) {
        this.space = space;
        this.queue = queue;
        this.appender = queue.createAppender();
        this.hook = hook;
    }

    /**
     * Opens a new event queue in {@code dir}/events (created if missing, and expected to hold no queue).
     *
     * @param pageBytes the longest page
     * @throws IOException if the queue's files cannot be created (a full disk: nothing is left mapped)
     */
    public static ChroniclePageWriter open(Path dir, int pageBytes, long blockSize) throws IOException {
        return open(dir, pageBytes, blockSize, FlushHook.NONE, System::currentTimeMillis);
    }

    static ChroniclePageWriter open(Path dir, int pageBytes, long blockSize, FlushHook hook, LongSupplier wallClock)
            throws IOException {
        Path events = Files.createDirectories(TraceFiles.events(dir));
        QueueSpace space = new QueueSpace(events, pageBytes, wallClock);
        space.createMetadata();
        SingleChronicleQueue queue = TraceFiles.openForWriting(dir, blockSize, space.clock());
        try {
            return new ChroniclePageWriter(space, queue, hook);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    /** Lets another thread use the writer from now on (Chronicle checks that one thread uses an appender). */
    public void handOver() {
        appender.singleThreadedCheckReset();
    }

    /** Fills in the page's CRC and appends it as one excerpt; empty pages are skipped. */
    @Override
    public void onPage(byte[] page, int length, int records) throws Exception {
        if (records == 0) {
            return;
        }
        hook.beforeFlush(records);
        LittleEndian.i32(page, EventLayout.PAGE_CRC_OFFSET, RecordDecoder.crc(crc, page, length));
        append(page, length);
        recordsWritten += records;
        pagesWritten++;
        bytesWritten += length;
    }

    /**
     * Appends the identity excerpt that binds the events to their header and summary; the first
     * excerpt of a trace ({@link EventLayout#putIdentity}). Not counted as a page.
     */
    public void appendIdentity(byte[] traceId) throws IOException {
        byte[] identity = new byte[EventLayout.IDENTITY_LENGTH];
        append(identity, EventLayout.putIdentity(identity, 0, traceId));
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

    /** Records appended so far. */
    public long recordsWritten() {
        return recordsWritten;
    }

    /** Pages appended so far (the identity excerpt is not one). */
    public long pagesWritten() {
        return pagesWritten;
    }

    /** Page bytes appended so far (page headers and records, without Chronicle's own 4-byte excerpt headers). */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** The appender, for tests that write excerpts of their own. */
    ExcerptAppender appender() {
        return appender;
    }

    /**
     * Closes the appender, then the queue, then cuts the last file back to its data. Idempotent;
     * call on the thread that used the writer last.
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
