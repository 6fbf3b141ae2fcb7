package io.fgraph.jmh;

import io.fgraph.core.event.EventSink;
import io.fgraph.core.trace.ChroniclePageWriter;
import io.fgraph.core.trace.PipelineStages;
import io.fgraph.core.trace.RecordingOptions;
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
 * call: an entry without arguments then its return with a return value (12 + 20 bytes, 16 per
 * event), with times that advance like a real trace's, on one hart.
 * <ul>
 *   <li>{@link #encode}: the encoder alone, writing into its hart's page (reused when full).</li>
 *   <li>{@link #ringAlone}: the encoder, and every full page through the Disruptor ring to a
 *       consumer thread that only gives it back: the hand-off of pages.</li>
 *   <li>{@link #chronicleAppend}: the writer alone, on the benchmark thread: one 64 KiB page (CRC-32C,
 *       one Chronicle excerpt) every page's worth of events, into fresh memory-mapped files.</li>
 *   <li>{@link #endToEnd}: a {@link TraceRecorder} in BLOCK mode: encoder, ring, writer thread,
 *       Chronicle. Once the pages run out the producer runs at the writer's pace, so the score is
 *       the sustained rate to disk.</li>
 * </ul>
 * Bytes per event (page bytes written / events) is printed at the end of each trial.
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
    public static class Encode {
        EventSink sink;
        long n;

        @Setup(Level.Trial)
        public void setUp() {
            sink = PipelineStages.encoderOnly(1, RecordingOptions.DEFAULT_PAGE_BYTES);
        }
    }

    @State(Scope.Thread)
    public static class Ring {
        PipelineStages.RingOnly ring;
        long n;

        @Setup(Level.Trial)
        public void setUp() {
            ring = PipelineStages.ringOnly(1, RecordingOptions.DEFAULT_PAGES, RecordingOptions.DEFAULT_PAGE_BYTES);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            ring.close();
            System.out.printf("%nring: %d events consumed, %d waits for a free page%n", ring.consumed(), ring.waits());
        }
    }

    @State(Scope.Thread)
    public static class Append {
        Path dir;
        ChroniclePageWriter writer;
        PipelineStages.Page page;
        int left;
        long events;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("fgraph-append");
            // The trace's own queue: HUGE_DAILY, with the disk space reserved ahead of Chronicle's mapped writes.
            writer = ChroniclePageWriter.open(dir, RecordingOptions.DEFAULT_PAGE_BYTES, TraceFiles.DEFAULT_BLOCK_SIZE);
            long[] n = {0};
            page = PipelineStages.fullPage(RecordingOptions.DEFAULT_PAGE_BYTES, sink -> n[0] = emit(sink, n[0]));
            left = page.records();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            System.out.printf("%nchronicle: %d events, %d excerpts, bytes/event: %.2f%n", writer.recordsWritten(),
                    writer.pagesWritten(), (double) writer.bytesWritten() / writer.recordsWritten());
            writer.close();
            delete(dir);
        }
    }

    @State(Scope.Thread)
    public static class EndToEnd {
        Path dir;
        TraceRecorder recorder;
        EventSink sink;
        long n;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("fgraph-e2e").resolve("trace");
            TraceHeader header = TraceHeader.of("bench", "none", List.of(), 1, 1_000_000_000L,
                    Map.of("tracer", "function_graph"));
            recorder = TraceRecorder.open(dir, header, RecordingOptions.defaults());
            sink = recorder.sink();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            recorder.close();
            System.out.printf("%nend to end: %d events written, %d lost, bytes/event: %.2f, %d waits for a free page"
                            + " (%.1f ms)%n", recorder.eventsWritten(), recorder.eventsLost(),
                    (double) recorder.summary().bytes() / recorder.eventsWritten(), recorder.waits(),
                    recorder.waitNanos() / 1e6);
            delete(dir.getParent());
        }
    }

    @Benchmark
    public void encode(Encode s) {
        s.n = emit(s.sink, s.n);
    }

    @Benchmark
    public void ringAlone(Ring s) {
        s.n = emit(s.ring.sink(), s.n);
    }

    @Benchmark
    public void chronicleAppend(Append s) throws Exception {
        if (--s.left == 0) {
            s.writer.onPage(s.page.bytes(), s.page.length(), s.page.records());
            s.left = s.page.records();
        }
    }

    @Benchmark
    public void endToEnd(EndToEnd s) {
        s.n = emit(s.sink, s.n);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
