package io.fgraph.core.trace;

import io.fgraph.core.event.EventSink;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.stream.Stream;

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
 * {@link #close()} stops accepting events, drains the ring, waits for the writer thread to finish,
 * writes pending drop counts as lost records, closes the appender and then the queue, and writes
 * the summary. If the writer failed, recording stopped at that moment (producers were never
 * blocked) and {@code close()} throws a {@link TraceRecordingException} after closing everything.
 */
public final class TraceRecorder implements EventSink, AutoCloseable {
    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final ChronicleBatchWriter writer;
    private final RingEventSink sink;
    private TraceSummary summary;
    /** Events the writer took but never appended (it failed with them staged); set by close. */
    private long unwritten;

    private TraceRecorder(Path dir, RecordingOptions options, ChronicleBatchWriter.FlushHook hook) {
        this.dir = dir;
        this.queue = TraceFiles.openForWriting(dir, options.blockSize());
        this.appender = queue.createAppender();
        this.writer = new ChronicleBatchWriter(appender, options.batchBytes(), hook);
        this.sink = new RingEventSink(options.ringSize(), options.backPressure(), options.taskSlots(),
                options.singleProducer());
        // The appender is made here and used by the writer thread: hand it over explicitly.
        appender.singleThreadedCheckReset();
        sink.start(writer, "fgraph-trace-writer");
    }

    /**
     * Creates the trace directory (it must not exist or be empty), writes the header and starts
     * the writer thread.
     *
     * @throws IOException              if the directory cannot be created or written
     * @throws IllegalArgumentException if {@code dir} is a file or a non-empty directory
     */
    public static TraceRecorder open(Path dir, TraceHeader header, RecordingOptions options) throws IOException {
        return open(dir, header, options, ChronicleBatchWriter.FlushHook.NONE);
    }

    static TraceRecorder open(Path dir, TraceHeader header, RecordingOptions options,
                              ChronicleBatchWriter.FlushHook hook) throws IOException {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(options, "options");
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("dir=" + dir + ": is a file, not a directory");
            }
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("dir=" + dir + ": not empty; a trace needs a new directory");
                }
            }
        }
        Files.createDirectories(dir);
        Path temporary = dir.resolve(TraceFiles.HEADER_FILE + ".tmp");
        Files.write(temporary, header.toBytes());
        Files.move(temporary, TraceFiles.header(dir), StandardCopyOption.ATOMIC_MOVE);
        return new TraceRecorder(dir, options, hook);
    }

    /** The trace directory. */
    public Path dir() {
        return dir;
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

    /** The summary written by {@link #close()}, or null before it. */
    public TraceSummary summary() {
        return summary;
    }

    /**
     * Drains and closes the trace. Idempotent.
     *
     * @throws TraceRecordingException if the writer failed during the recording (the trace is
     *                                 closed and readable up to the last written batch)
     * @throws UncheckedIOException    if the summary cannot be written
     */
    @Override
    public synchronized void close() {
        if (summary != null) {
            if (summary.failed()) {
                throw new TraceRecordingException(failureMessage(summary.failure()), sink.failure());
            }
            return;
        }
        sink.stop();
        long fromRing = writer.recordsWritten();
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
        appender.singleThreadedCheckReset();
        appender.close();
        queue.close();
        unwritten = Math.max(0, sink.consumed() - fromRing);
        summary = new TraceSummary(writer.recordsWritten(), eventsLost(), sink.dropped(),
                writer.batchesWritten(), writer.bytesWritten(), failure == null ? "" : oneLine(failure));
        try {
            summary.write(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + TraceFiles.summary(dir) + ": " + e.getMessage(), e);
        }
        if (failure != null) {
            throw new TraceRecordingException(failureMessage(summary.failure()), failure);
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
    public void payload(int task, int cpu, long time, int plugin, byte[] bytes, int offset, int length) {
        sink.payload(task, cpu, time, plugin, bytes, offset, length);
    }
}
