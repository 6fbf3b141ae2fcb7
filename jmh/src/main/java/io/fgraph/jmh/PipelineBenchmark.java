package io.fgraph.jmh;

import io.fgraph.core.event.EventSink;
import io.fgraph.core.trace.BackPressure;
import io.fgraph.core.trace.ChronicleBatchWriter;
import io.fgraph.core.trace.EventLayout;
import io.fgraph.core.trace.RecordConsumer;
import io.fgraph.core.trace.RecordingOptions;
import io.fgraph.core.trace.RingEventSink;
import io.fgraph.core.trace.TraceFiles;
import io.fgraph.core.trace.TraceHeader;
import io.fgraph.core.trace.TraceRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The trace event pipeline, one stage at a time. One operation is one event; the workload is a
 * call: an entry without arguments (28 bytes) then its return (52 bytes), 40 bytes per event on
 * average, with times that advance like a real trace's.
 * <ul>
 *   <li>{@link #ringAlone}: publishing into the Disruptor ring with a consumer that does nothing;
 *       the producer's cost and the ring's hand-off.</li>
 *   <li>{@link #chronicleAppend}: the writer alone, on the benchmark thread: copy into a 64 KiB
 *       batch, CRC-32C, one Chronicle excerpt per full batch, into fresh memory-mapped files.</li>
 *   <li>{@link #endToEnd}: a {@link TraceRecorder} in BLOCK mode: producer, ring, writer thread,
 *       Chronicle. Once the ring is full the producer runs at the writer's pace, so the score is
 *       the sustained rate to disk.</li>
 * </ul>
 * Bytes per event (batch bytes written / events) is printed at the end of each trial.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// The JVM flags (root pom property fgraph.jvm.flags) are added to every fork by BenchmarkMain.
@Fork(1)
public class PipelineBenchmark {

    static final long FUNCTION = 0x8000_1000L;

    /** Alternates entry and return of one call, as a traced program does. */
    static long emit(EventSink sink, long n) {
        long t = n * 10;
        if ((n & 1) == 0) {
            sink.functionEntry(0, 0, t, FUNCTION, 1, null, 0);
        } else {
            sink.functionReturn(0, 0, t - 10, t, FUNCTION, 1, n, 0, EventSink.FLAG_RETVAL);
        }
        return n + 1;
    }

    @State(Scope.Thread)
    public static class Ring {
        /** single: deterministic mode, one hart thread publishes; multi: parallel mode. */
        @Param({"single", "multi"})
        public String producers;

        RingEventSink sink;
        long n;

        @Setup(Level.Trial)
        public void setUp() {
            sink = new RingEventSink(RecordingOptions.DEFAULT_RING_SIZE, BackPressure.BLOCK, 1, producers.equals("single"));
            sink.start(RecordConsumer.NONE, "no-op consumer");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            sink.stop();
            System.out.printf("%nring: %d events consumed, bytes/event in the ring: %.1f (entry %d, return %d)%n",
                    sink.consumed(), (EventLayout.ENTRY_LENGTH + EventLayout.RETURN_LENGTH) / 2.0,
                    EventLayout.ENTRY_LENGTH, EventLayout.RETURN_LENGTH);
        }
    }

    @State(Scope.Thread)
    public static class Append {
        Path dir;
        ChronicleBatchWriter writer;
        final byte[] record = new byte[EventLayout.MAX_RECORD_LENGTH];
        long n;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("fgraph-append");
            // The trace's own queue: HUGE_DAILY, with the disk space reserved ahead of Chronicle's mapped writes.
            writer = ChronicleBatchWriter.open(dir, RecordingOptions.DEFAULT_BATCH_BYTES, TraceFiles.DEFAULT_BLOCK_SIZE);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            writer.flush();
            System.out.printf("%nchronicle: %d events, %d excerpts, bytes/event: %.2f%n", writer.recordsWritten(),
                    writer.batchesWritten(), (double) writer.bytesWritten() / writer.recordsWritten());
            writer.close();
            delete(dir);
        }
    }

    @State(Scope.Thread)
    public static class EndToEnd {
        @Param({"single", "multi"})
        public String producers;

        Path dir;
        TraceRecorder recorder;
        long n;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("fgraph-e2e").resolve("trace");
            TraceHeader header = TraceHeader.of("bench", "none", List.of(), 1, 1_000_000_000L,
                    Map.of("tracer", "function_graph"));
            recorder = TraceRecorder.open(dir, header, RecordingOptions.defaults().withSingleProducer(producers.equals("single")));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            recorder.close();
            System.out.printf("%nend to end: %d events written, %d lost, bytes/event: %.2f%n",
                    recorder.eventsWritten(), recorder.eventsLost(),
                    (double) recorder.summary().bytes() / recorder.eventsWritten());
            delete(dir.getParent());
        }
    }

    @Benchmark
    public void ringAlone(Ring s) {
        s.n = emit(s.sink, s.n);
    }

    @Benchmark
    public void chronicleAppend(Append s) throws Exception {
        long n = s.n++;
        long t = n * 10;
        int length = (n & 1) == 0
                ? EventLayout.putEntry(s.record, 0, 0, 0, t, FUNCTION, 1, null, 0)
                : EventLayout.putReturn(s.record, 0, 0, 0, t - 10, t, FUNCTION, 1, n, 0, EventSink.FLAG_RETVAL);
        s.writer.onRecord(s.record, length, false);
    }

    @Benchmark
    public void endToEnd(EndToEnd s) {
        s.n = emit(s.recorder, s.n);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
