package io.fgraph.core.trace;

import io.fgraph.core.event.EventSink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Records a trace into a directory: the header file, then events through a ring
 * ({@link RingEventSink}) and one writer thread ({@link ChronicleBatchWriter}) into a Chronicle
 * queue. The recorder <em>is</em> the {@link EventSink} to hand to tracers.
 * <pre>
 *  hart threads --publish--> [ Disruptor ring, MPSC ] --one thread--> ChronicleBatchWriter
 *                                                                         | 1 excerpt per batch
 *                                                                         v
 *                                              DIR/trace.header   DIR/events/*.cq4   DIR/trace.summary
 * </pre>
 * {@link #open} claims the directory atomically ({@link NewTraceDirectory}), reserves the summary's
 * space, opens the queue and writes its identity excerpt, and writes the header last: a directory
 * with a header has events bound to it. If any step fails, what was created is removed again.
 *
 * <p>{@link #close()} stops accepting events, drains the ring, waits for the writer thread to finish,
 * writes pending drop counts as lost records, closes the appender and then the queue, and writes
 * the summary. If the writer failed (a full disk), recording stopped at that moment (producers were
 * never blocked, the {@link #onFailure failure listener} was told), and {@code close()} throws a
 * {@link TraceRecordingException} after closing everything; the trace stays readable up to its
 * last complete batch and its summary says why it ended.
 */
public final class TraceRecorder implements EventSink, AutoCloseable {
    private final Path dir;
    private final TraceHeader header;
    private final ChronicleBatchWriter writer;
    private final RingEventSink sink;
    private volatile boolean interrupted;
    private TraceSummary summary;
    private volatile java.util.function.Supplier<java.util.List<TraceSummary.ProbeCount>> probeCounts;
    private TraceRecordingException closeFailure;
    /** Events the writer took but never appended (it failed with them staged); set by close. */
    private long unwritten;

    private TraceRecorder(Path dir, TraceHeader header, ChronicleBatchWriter writer, RecordingOptions options) {
        this.dir = dir;
        this.header = header;
        this.writer = writer;
        this.sink = new RingEventSink(options.ringSize(), options.backPressure(), options.taskSlots(),
                options.singleProducer());
        // The writer is made here and used by the writer thread: hand it over explicitly.
        writer.handOver();
        sink.start(writer, "fgraph-trace-writer");
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
        return open(dir, header, options, ChronicleBatchWriter.FlushHook.NONE, System::currentTimeMillis);
    }

    static TraceRecorder open(Path dir, TraceHeader header, RecordingOptions options,
                              ChronicleBatchWriter.FlushHook hook) throws IOException {
        return open(dir, header, options, hook, System::currentTimeMillis);
    }

    static TraceRecorder open(Path dir, TraceHeader header, RecordingOptions options,
                              ChronicleBatchWriter.FlushHook hook, LongSupplier wallClock) throws IOException {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(options, "options");
        if (header.formatVersion() != TraceHeader.FORMAT_VERSION) {
            throw new IllegalArgumentException("header formatVersion=" + header.formatVersion()
                    + ": the recorder writes version " + TraceHeader.FORMAT_VERSION);
        }
        TraceHeader stamped = header.traceId().isEmpty() ? header.withTraceId(TraceHeader.newTraceId()) : header;
        NewTraceDirectory claim = NewTraceDirectory.claim(dir);
        ChronicleBatchWriter writer = null;
        try {
            TraceSummary.reserve(dir);
            writer = ChronicleBatchWriter.open(dir, options.batchBytes(), options.blockSize(), hook, wallClock);
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

    /** Records written so far (exact after {@link #close()}). */
    public long eventsWritten() {
        return summary != null ? summary.eventsWritten() : writer.recordsWritten();
    }

    /**
     * Events not in the trace: dropped, refused after a stop or failure (including calls after
     * close), or discarded by a failed writer. Exact once the producers have stopped and the
     * recorder is closed.
     */
    public long eventsLost() {
        return sink.dropped() + sink.rejected() + sink.discarded() + unwritten;
    }

    /** Events dropped by a full ring (DROP policy); each is counted in a lost record of the trace. */
    public long eventsDropped() {
        return sink.dropped();
    }

    /** Whether events are still being accepted (false after close or a writer failure). */
    public boolean recording() {
        return sink.accepting();
    }

    /**
     * Runs {@code listener} once, on the writer thread, if the writer fails: the recording cannot go
     * on, so the caller may stop the program. Must be quick and thread-safe.
     */
    public void onFailure(Runnable listener) {
        sink.onFailure(listener);
    }

    /** The writer's failure, or null. */
    public Throwable failure() {
        return sink.failure();
    }

    /** Where the summary gets the probes' counters when the recording closes (probe records carry no misses). */
    public void countProbes(java.util.function.Supplier<java.util.List<TraceSummary.ProbeCount>> counts) {
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
     *                                 closed and readable up to the last written batch), or the
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
        sink.stop();
        long fromRing = writer.recordsWritten();
        writer.handOver();
        if (sink.failure() == null) {
            sink.drainPendingDrops((task, cpu, time, count) -> {
                try {
                    writer.appendLost(task, cpu, time, count);
                } catch (Exception e) {
                    sink.fail(e);
                }
            });
        }
        Throwable failure = sink.failure();
        try {
            writer.close();
        } catch (IOException e) {
            // Only the trim of the reserved tail failed: every excerpt is in the file.
        }
        unwritten = Math.max(0, sink.consumed() - fromRing);
        java.util.function.Supplier<java.util.List<TraceSummary.ProbeCount>> counts = probeCounts;
        summary = new TraceSummary(header.traceId(), writer.recordsWritten(), eventsLost(), sink.dropped(),
                writer.batchesWritten(), writer.bytesWritten(), failure == null ? "" : oneLine(failure), interrupted,
                counts == null ? java.util.List.of() : counts.get());
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

    // ---- EventSink: straight to the ring --------------------------------------------------------

    @Override
    public void functionEntry(int task, int cpu, long time, long function, int depth, long[] args, int argCount) {
        sink.functionEntry(task, cpu, time, function, depth, args, argCount);
    }

    @Override
    public void functionReturn(int task, int cpu, long entryTime, long returnTime, long function, int depth,
                               long retval, long overrun, int flags) {
        sink.functionReturn(task, cpu, entryTime, returnTime, function, depth, retval, overrun, flags);
    }

    @Override
    public void lost(int task, int cpu, long time, long count) {
        sink.lost(task, cpu, time, count);
    }

    @Override
    public void taskSwitch(int cpu, long time, int previousTask, int nextTask) {
        sink.taskSwitch(cpu, time, previousTask, nextTask);
    }

    @Override
    public void probeHit(int task, int cpu, long time, int probeId, long address, long value) {
        sink.probeHit(task, cpu, time, probeId, address, value);
    }

    @Override
    public void probeHit(int task, int cpu, long time, int probeId, long address, Object[] fields) {
        sink.probeHit(task, cpu, time, probeId, address, fields);
    }

    @Override
    public void payload(int task, int cpu, long time, int plugin, byte[] bytes, int offset, int length) {
        sink.payload(task, cpu, time, plugin, bytes, offset, length);
    }

    @Override
    public void callValues(int task, int cpu, long time, long entryTime, byte[] values, int offset, int length) {
        sink.callValues(task, cpu, time, entryTime, values, offset, length);
    }
}
