package io.fgraph.core.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Every claimed ring slot is published, even when encoding the event throws. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RingEventSinkTest {
    @TempDir
    Path tmp;

    @Test
    void anEventWhoseEncodingThrowsStillPublishesItsSlotAndTheRingGoesOn() throws Exception {
        Path dir = tmp.resolve("t");
        TraceRecorder r = TraceRecorder.open(dir, Traces.header(1), Traces.small().withRingSize(64));
        r.probeHit(0, 0, 1, 1, 2, 3);
        // A plugin hands a payload range outside its array: the encoder throws after the slot was claimed.
        assertThrows(IndexOutOfBoundsException.class, () -> r.payload(0, 0, 2, 7, new byte[4], 10, 4));
        // Far more events than the ring holds: the writer must get past the failed slot, or they block for good.
        for (int i = 0; i < 1000; i++) {
            r.probeHit(0, 0, 3 + i, 1, 2, 3);
        }
        r.close();
        assertEquals(1001, r.eventsWritten());
        assertEquals(1, r.eventsLost(), "the failed event is counted, not written");
        List<TraceEvent> events = Traces.readAll(dir);
        assertEquals(1001, events.size());
        assertTrue(events.stream().allMatch(e -> e.kind() == EventLayout.KIND_PROBE));
    }
}
