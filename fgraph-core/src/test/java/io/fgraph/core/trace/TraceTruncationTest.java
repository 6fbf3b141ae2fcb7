package io.fgraph.core.trace;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A {@code .cq4} cut short anywhere (100 B, 4 KiB, inside Chronicle's index, inside or between
 * excerpts, up to 1.2 MB and beyond) reads every complete batch before the cut and then says
 * {@code incomplete: events file truncated}, or, if nothing before the cut is readable, fails with
 * one line. Chronicle used to map past the end of such files: ClassNotFoundException: SCQSIndex,
 * or InternalError from a fault in an unsafe memory access.
 */
class TraceTruncationTest {
    @TempDir
    Path tmp;

    private Path original;
    private List<TraceEvent> all;
    /** For each batch: where its excerpt ends in the file, and the records up to and including it. */
    private final List<long[]> batchEnds = new ArrayList<>();

    @BeforeEach
    void record() throws IOException {
        original = tmp.resolve("original");
        try (TraceRecorder r = TraceRecorder.open(original, Traces.header(1), Traces.small())) {
            Traces.emitCalls(r, 0, 0, 10_000); // 40,000 events, 1.6 MB of batches after Chronicle's 512 KiB of indexes
        }
        all = Traces.readAll(original);
        long records = 0;
        try (QueueFileReader file = new QueueFileReader(Traces.cq4(original))) {
            file.next(); // the identity
            while (file.next()) {
                records += LittleEndian.i32(file.body(), EventLayout.BATCH_COUNT_OFFSET);
                batchEnds.add(new long[]{file.excerptPosition() + 4 + file.length(), records});
            }
        }
        assertEquals(all.size(), records);
    }

    @Test
    void aCutAnywhereReadsEveryCompleteBatchBeforeIt() throws IOException {
        long dataEnd = batchEnds.get(batchEnds.size() - 1)[0];
        long firstBatchEnd = batchEnds.get(0)[0];
        List<Long> cuts = new ArrayList<>(List.of(100L, 4096L, 300_000L, firstBatchEnd - 1, firstBatchEnd,
                firstBatchEnd + 1, 700_000L, 1_000_000L, 1_200_000L, 1_700_000L, dataEnd - 1));
        cuts.add(batchEnds.get(batchEnds.size() / 2)[0]); // exactly at the end of an excerpt
        for (long cut : cuts) {
            Path dir = Traces.copy(original, "cut-" + cut);
            Traces.truncate(Traces.cq4(dir), cut);
            long expected = 0;
            for (long[] end : batchEnds) {
                if (end[0] <= cut) {
                    expected = end[1];
                }
            }
            if (expected == 0) {
                String message = assertThrows(TraceFormatException.class, () -> Traces.readAll(dir), "cut=" + cut)
                        .getMessage();
                assertTrue(message.startsWith("truncated: nothing readable before the cut: "), message);
                continue;
            }
            try (TraceReader reader = TraceReader.open(dir)) {
                List<TraceEvent> read = Traces.readAll(reader.events());
                assertEquals(expected, read.size(), "cut=" + cut);
                assertEquals(all.subList(0, read.size()), read, "cut=" + cut);
                String truncation = reader.truncation().orElseThrow(() -> new AssertionError("cut=" + cut));
                assertTrue(truncation.startsWith("incomplete: events file truncated: " + Traces.cq4(dir)), truncation);
                assertTrue(truncation.endsWith(expected + " events in " + batches(cut) + " batches read before the cut"),
                        truncation);
                assertEquals(expected, reader.count().events(), "count() reads the same prefix");
                assertEquals(expected, Traces.readAll(reader.merged()).size(), "so does the merge");
            }
        }
    }

    @Test
    void anUncutTraceHasNoTruncation() {
        try (TraceReader reader = TraceReader.open(original)) {
            assertEquals(all.size(), reader.count().events());
            assertTrue(reader.truncation().isEmpty());
        }
    }

    private long batches(long cut) {
        return batchEnds.stream().filter(e -> e[0] <= cut).count();
    }
}
