package io.fgraph.core.trace;

import io.fgraph.core.event.EventSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The encoder on bad input: a refused event leaves the page as it was, and a cpu outside the trace is one line. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordEncoderTest {
    @TempDir
    Path tmp;

    @Test
    void anEventWhoseArgumentsAreInvalidIsRefusedAndCountedAndTheRecordingGoesOn() throws Exception {
        Path dir = tmp.resolve("t");
        TraceRecorder r = TraceRecorder.open(dir, Traces.header(1), Traces.small());
        r.sink().probeHit(0, 0, 1, 1, 2, 3);
        // A plugin hands a payload range outside its array.
        assertThrows(IndexOutOfBoundsException.class, () -> r.sink().payload(0, 0, 2, 7, new byte[4], 10, 4));
        // Far more events than one page holds: the pages go on around it.
        for (int i = 0; i < 1000; i++) {
            r.sink().probeHit(0, 0, 3 + i, 1, 2, 3);
        }
        r.close();
        assertEquals(1001, r.eventsWritten());
        assertEquals(1, r.eventsLost(), "the refused event is counted, not written");
        List<TraceEvent> events = Traces.readAll(dir);
        assertEquals(1001, events.size());
        assertTrue(events.stream().allMatch(e -> e.kind() == EventLayout.KIND_PROBE));
    }

    @Test
    void aCpuOutsideTheTraceIsRefusedWithItsName() {
        EventSink sink = RecordEncoder.decodingTo(2, e -> fail("nothing is written"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sink.probeHit(0, 2, 1, 1, 2, 3));
        assertEquals("cpu=2: must be 0..1 (the trace's harts)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sink.lost(0, -1, 1, 1));
    }

    @Test
    void liveDecodingSeesEveryEventAtOnceInOrder() {
        List<String> seen = new ArrayList<>();
        EventSink sink = RecordEncoder.decodingTo(2, e -> seen.add(e.cpu() + ":" + e.time()));
        for (int i = 0; i < 1000; i++) { // several live pages per cpu
            sink.probeHit(0, i % 2, i, 1, 2, 3);
            assertEquals(i + 1, seen.size(), "event " + i + " is handed on before the call returns");
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals((i % 2) + ":" + i, seen.get(i));
        }
    }
}
