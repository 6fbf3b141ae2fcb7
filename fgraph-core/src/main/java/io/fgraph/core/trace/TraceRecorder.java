package io.fgraph.core.trace;

import io.fgraph.core.event.EventSink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Records a trace into a directory: the header file, then events, a page per hart at a time,
 * through a ring ({@link PageRing}) and one writer thread ({@link ChroniclePageWriter}) into a
 * Chronicle queue. Tracers get the recorder's {@link #sink()}.
 * <pre>
 *  hart threads: sink() encodes into the hart's own page (plain stores, no claim per event)
 *       | a full page, one ring entry                   ^ a free page (FreePages)
 *       v                                               |
 *  [ Disruptor ring of pages ] --one thread--> ChroniclePageWriter: CRC-32C, 1 excerpt per page
 *                                                   v
 *                             DIR/trace.header   DIR/events/*.cq4   DIR/trace.summary
 * </pre>
 * {@link #open} claims the directory atomically ({@link NewTraceDirectory}), reserves the summary's
 * space, opens the queue and writes its identity excerpt, and writes the header last: a directory
 * with a header has events bound to it. If any step fails, what was created is removed again.
 *
 * <p>When no page is free, a hart waits (BLOCK, timed: {@link #waits()}) or drops the event and
 * counts it for its task (DROP: lost records in the trace). {@link #close()} stops accepting
 * events, hands every hart's partial page and pending drop counts to the writer, drains the ring,
 * waits for the writer thread, closes the appender and then the queue, and writes the summary.
 * If the writer failed (a full disk), recording stopped at that moment (harts were never blocked
 * for good, the {@link #onFailure failure listener} was told), and {@code close()} throws a
 * {@link TraceRecordingException} after closing everything; the trace stays readable up to its
 * last complete page and its summary says why it ended.
 */
public final class TraceRecorder implements AutoCloseable {
    private final Path dir;
    private final TraceHeader header;
    private final ChroniclePageWriter writer;
    private final PageRing ring;
    private final RecordingPages pages;
    private final RecordEncoder sink;
    private volatile boolean interrupted;
    private volatile Runnable failureListener = () -> {
    };
    private TraceSummary summary;
    private volatile Supplier<List<TraceSummary.ProbeCount>> probeCounts;
    private TraceRecordingException closeFailure;

    private TraceRecorder(Path dir, TraceHeader header, ChroniclePageWriter writer, RecordingOptions options) {
        this.dir = dir;
        this.header = header;
        this.writer = writer;
        this.ring = new PageRing(options.pagesFor(header.harts()), options.pageBytes());
        this.pages = new RecordingPages(ring, options.backPressure(), options.pageBytes(), header.harts(),
                header.functionBase());
        this.sink = new RecordEncoder(pages.writers(), pages);
        ring.onFailure(() -> {
            pages.stopAccepting();
            failureListener.run();
        });
        // The writer is made here and used by the writer thread: hand it over explicitly.
        writer.handOver();
        ring.start(writer, "fgraph-trace-writer");
    }

    /**
     * Claims the trace directory (it must not exist or be empty), writes the events' identity and
     * the header (with a fresh trace id, unless {@code header} has one) and starts the writer thread.
     *
     * @throws IOException              if the directory cannot be created or written (a full disk);
     *                                  nothing is left behind
     * @throws IllegalArgumentException if {@code dir} is a file or a non-empty directory
     */
    public static TraceRecorder open(Path dir, TraceHeader header, RecordingOptions options) throws IOException {
        return open(dir, header, options, ChroniclePageWriter.FlushHook.NONE, System::currentTimeMillis);
    }

    static TraceRecorder open(Path dir, TraceHeader header, RecordingOptions options,
                              ChroniclePageWriter.FlushHook hook) throws IOException {
        return open(dir, header, options, hook, System::currentTimeMillis);
    }

    static TraceRecorder open(Path dir, TraceHeader header, RecordingOptions options,
                              ChroniclePageWriter.FlushHook hook, LongSupplier wallClock) throws IOException {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(options, "options");
        if (header.formatVersion() != TraceHeader.FORMAT_VERSION) {
            throw new IllegalArgumentException("header formatVersion=" + header.formatVersion()
                    + ": the recorder writes version " + TraceHeader.FORMAT_VERSION);
        }
        TraceHeader stamped = header.traceId().isEmpty() ? header.withTraceId(TraceHeader.newTraceId()) : header;
        NewTraceDirectory claim = NewTraceDirectory.claim(dir);
        ChroniclePageWriter writer = null;
        try {
            TraceSummary.reserve(dir);
            writer = ChroniclePageWriter.open(dir, options.pageBytes(), options.blockSize(), hook, wallClock);
            writer.appendIdentity(stamped.traceIdBytes());
            Path temporary = dir.resolve(TraceFiles.HEADER_FILE + ".tmp");
            Files.write(temporary, stamped.toBytes());
            Files.move(temporary, TraceFiles.header(dir), StandardCopyOption.ATOMIC_MOVE);
            return new TraceRecorder(dir, stamped, writer, options);
        } catch (IOException | RuntimeException | Error e) {
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            claim.abandon();
            throw e;
        }
    }

    /** The trace directory. */
    public Path dir() {
        return dir;
    }

    /** The header as written, with its trace id. */
    public TraceHeader header() {
        return header;
    }

    /**
     * Where tracers send events: encodes each into its hart's page. The events of one cpu must come
     * from one thread at a time (see {@link RecordEncoder}).
     */
    public EventSink sink() {
        return sink;
    }

    /**
     * Hands every hart's partial page to the writer now, instead of when it is full. Call it from
     * the thread that runs the harts, or while none runs (a hart still running may lose the event
     * it was writing at that instant).
     */
    public void flush() {
        pages.flush();
    }

    /** Records written so far, a page at a time (exact after {@link #close()}). */
    public long eventsWritten() {
        return summary != null ? summary.eventsWritten() : writer.recordsWritten();
    }

    /**
     * Events not in the trace: dropped, refused after a stop or failure (including calls after
     * close) or with invalid arguments, or in pages a failed writer discarded. Exact once the
     * harts have stopped and the recorder is closed.
     */
    public long eventsLost() {
        return pages.dropped() + pages.refusedCount() + ring.discarded() + ring.stragglers();
    }

    /** Events dropped because no page was free (DROP policy); each is counted in a lost record of the trace. */
    public long eventsDropped() {
        return pages.dropped();
    }

    /** Times a hart waited for a free page (BLOCK policy); exact once the harts have stopped. */
    public long waits() {
        return pages.waits();
    }

    /** Wall-clock nanoseconds harts spent waiting for a free page, summed over the harts. */
    public long waitNanos() {
        return pages.waitNanos();
    }

    /** Whether events are still being accepted (false after close or a writer failure). */
    public boolean recording() {
        return pages.accepting();
    }

    /**
     * Runs {@code listener} once, on the writer thread, if the writer fails: the recording cannot go
     * on, so the caller may stop the program. Must be quick and thread-safe.
     */
    public void onFailure(Runnable listener) {
        failureListener = Objects.requireNonNull(listener, "listener");
    }

    /** The writer's failure, or null. */
    public Throwable failure() {
        return ring.failure();
    }

    /** Where the summary gets the probes' counters when the recording closes (probe records carry no misses). */
    public void countProbes(Supplier<List<TraceSummary.ProbeCount>> counts) {
        this.probeCounts = counts;
    }

    /** Marks the recording as stopped before the program ended (Ctrl-C); the summary says so. */
    public void markInterrupted() {
        interrupted = true;
    }

    /** The summary written by {@link #close()}, or null before it. */
    public TraceSummary summary() {
        return summary;
    }

    /**
     * Drains and closes the trace. Idempotent.
     *
     * @throws TraceRecordingException if the writer failed during the recording (the trace is
     *                                 closed and readable up to the last written page), or the
     *                                 summary cannot be written
     */
    @Override
    public synchronized void close() {
        if (summary != null) {
            if (closeFailure != null) {
                throw closeFailure;
            }
            return;
        }
        pages.finish();
        ring.stop();
        writer.handOver();
        Throwable failure = ring.failure();
        try {
            writer.close();
        } catch (IOException e) {
            // Only the trim of the reserved tail failed: every excerpt is in the file.
        }
        Supplier<List<TraceSummary.ProbeCount>> counts = probeCounts;
        summary = new TraceSummary(header.traceId(), writer.recordsWritten(), eventsLost(), pages.dropped(),
                writer.pagesWritten(), writer.bytesWritten(), failure == null ? "" : oneLine(failure), interrupted,
                pages.waits(), pages.waitNanos(), counts == null ? List.of() : counts.get());
        String message = failure == null ? null : failureMessage(summary.failure());
        try {
            summary.write(dir);
        } catch (IOException e) {
            String cannot = "cannot write " + TraceFiles.summary(dir) + ": " + QueueExcerpts.reason(e);
            closeFailure = new TraceRecordingException(message == null ? cannot : message + "; " + cannot,
                    failure == null ? e : failure);
            throw closeFailure;
        }
        if (failure != null) {
            closeFailure = new TraceRecordingException(message, failure);
            throw closeFailure;
        }
    }

    private String failureMessage(String failure) {
        return "recording stopped after " + summary.eventsWritten() + " events: writer failed: " + failure;
    }

    static String oneLine(Throwable t) {
        String message = t.getMessage();
        String line = t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return line.replace('\n', ' ').replace('\r', ' ');
    }
}
