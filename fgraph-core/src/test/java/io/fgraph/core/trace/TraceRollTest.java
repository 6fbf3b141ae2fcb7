package io.fgraph.core.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A recording that runs past UTC midnight continues in the next day's file. Chronicle rolls by the
 * writer's clock, so it only ever writes into cycle files the writer created and reserved.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TraceRollTest {
    @TempDir
    Path tmp;

    @Test
    void aRecordingAcrossMidnightIsReadBackWhole() throws Exception {
        Path dir = tmp.resolve("t");
        AtomicLong wall = new AtomicLong(Instant.parse("2030-06-01T23:59:59Z").toEpochMilli());
        TraceRecorder r = TraceRecorder.open(dir, Traces.header(1), Traces.small(), ChronicleBatchWriter.FlushHook.NONE,
                wall::get);
        Traces.emitCalls(r, 0, 0, 1000);
        while (r.eventsWritten() < 4000) {
            Thread.sleep(1);
        }
        wall.set(Instant.parse("2030-06-02T00:00:01Z").toEpochMilli());
        r.probeHit(0, 0, 1_000_000, 1, 2, 3);
        while (r.eventsWritten() < 4001) {
            Thread.sleep(1);
        }
        wall.set(Instant.parse("2030-06-01T12:00:00Z").toEpochMilli()); // the wall clock goes back: Chronicle does not
        r.probeHit(0, 0, 1_000_001, 1, 2, 3);
        r.close();

        List<Path> files = TraceFiles.eventFiles(dir);
        assertEquals(List.of("20300601H.cq4", "20300602H.cq4"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path f : files) {
            assertTrue(Files.size(f) < (8 << 20), f + " is cut back to its data: " + Files.size(f));
        }
        try (TraceReader reader = TraceReader.open(dir)) {
            List<TraceEvent> events = Traces.readAll(reader.events());
            assertEquals(4002, events.size());
            assertEquals(1_000_001, events.get(4001).time());
            assertEquals(4002, reader.summary().orElseThrow().eventsWritten());
        }
    }
}
