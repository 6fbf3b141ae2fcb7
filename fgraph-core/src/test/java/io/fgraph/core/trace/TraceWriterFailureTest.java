package io.fgraph.core.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** A failing writer stops recording cleanly: producers never hang, close reports it in one line. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TraceWriterFailureTest {
    @TempDir
    Path tmp;

    @Test
    void aWriterFailureDoesNotHangBlockedProducers() throws Exception {
        Path dir = tmp.resolve("t");
        AtomicInteger flushes = new AtomicInteger();
        TraceRecorder r = TraceRecorder.open(dir, Traces.header(4), Traces.small().withRingSize(64),
                records -> {
                    if (flushes.incrementAndGet() == 4) {
                        throw new IllegalStateException("disk on fire");
                    }
                });
        int harts = 4;
        int calls = 5000;
        TraceBackPressureTest.runTasks(harts, task -> Traces.emitCalls(r, task, task, calls));
        assertFalse(r.recording());
        TraceRecordingException e = assertThrows(TraceRecordingException.class, r::close);
        assertEquals("recording stopped after " + r.eventsWritten() + " events: writer failed: "
                + "IllegalStateException: disk on fire", e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
        assertEquals((long) harts * calls * 4, r.eventsWritten() + r.eventsLost());
        assertThrows(TraceRecordingException.class, r::close, "close stays failed");

        try (TraceReader reader = TraceReader.open(dir)) {
            assertTrue(reader.summary().orElseThrow().failed());
            assertEquals(r.eventsWritten(), reader.count().events());
        }
    }

    @Test
    void aRecordingThatCannotStartLeavesNothingBehind() throws Exception {
        Path fresh = tmp.resolve("fresh");
        Path empty = java.nio.file.Files.createDirectory(tmp.resolve("empty"));
        for (Path dir : new Path[]{fresh, empty}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> TraceRecorder.open(dir,
                    Traces.header(1), Traces.small(), ChronicleBatchWriter.FlushHook.NONE, () -> {
                        throw new IllegalStateException("no clock");
                    }));
            assertEquals("no clock", e.getMessage());
            if (dir == fresh) {
                assertFalse(java.nio.file.Files.exists(dir), "the directory it created is gone");
            } else {
                try (var entries = java.nio.file.Files.list(dir)) {
                    assertEquals(List.of(), entries.toList(), "the directory is empty again");
                }
            }
            // so a retry works
            try (TraceRecorder r = TraceRecorder.open(dir, Traces.header(1), Traces.small())) {
                r.probeHit(0, 0, 1, 2, 3, 4);
            }
            assertEquals(1, Traces.readAll(dir).size());
        }
    }
}
