package io.fgraph.core.trace;

import io.fgraph.core.event.EventSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.fgraph.core.trace.EventLayout.*;
import static org.junit.jupiter.api.Assertions.*;

/** Every event kind, written through the recorder and read back field by field. */
class TraceRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void everyKindRoundTrips() throws Exception {
        Path dir = tmp.resolve("t");
        byte[] payload = new byte[EventSink.MAX_PAYLOAD + 10];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7);
        }
        long[] args = {-1L, 2, 3, 4, 5, 6, 7, 8, 9};
        try (TraceRecorder r = TraceRecorder.open(dir, Traces.header(2), Traces.small())) {
            r.functionEntry(7, 1, 100, 0xffff_ffff_8000_0000L, 3, args, 2);
            r.functionEntry(7, 1, 101, Traces.LEAF, 4, args, 8);
            r.functionEntry(7, 1, 102, Traces.LEAF, 5, args, 99);   // clamped to 8
            r.functionEntry(7, 1, 103, Traces.LEAF, 6, null, 3);    // no args array: 0 args
            r.functionReturn(7, 1, 100, 250, 0xffff_ffff_8000_0000L, 3, -38, 12, EventSink.FLAG_RETVAL | EventSink.FLAG_UNWOUND);
            r.lost(7, 1, 300, 123_456_789_012L);
            r.taskSwitch(1, 400, 7, 8);
            r.probeHit(8, 1, 500, 42, 0x8000_1234L, Long.MIN_VALUE);
            r.payload(8, 1, 600, 9, payload, 3, 5);
            r.payload(8, 1, 700, 9, payload, 0, payload.length);    // clamped to 256
            r.payload(8, 1, 800, 10, null, 0, 0);
        }
        List<TraceEvent> events = Traces.readAll(dir);
        assertEquals(11, events.size());

        TraceEvent entry = events.get(0);
        assertEquals(KIND_ENTRY, entry.kind());
        assertEquals(7, entry.task());
        assertEquals(1, entry.cpu());
        assertEquals(100, entry.time());
        assertEquals(0xffff_ffff_8000_0000L, entry.function());
        assertEquals(3, entry.depth());
        assertEquals(2, entry.argCount());
        assertEquals(-1L, entry.arg(0));
        assertEquals(2, entry.arg(1));
        assertEquals(ENTRY_LENGTH + 2 * ARG_LENGTH, entry.length());
        assertEquals(8, events.get(1).argCount());
        assertEquals(8, events.get(1).arg(7));
        assertEquals(8, events.get(2).argCount());
        assertEquals(0, events.get(3).argCount());
        assertEquals(ENTRY_LENGTH, events.get(3).length());

        TraceEvent ret = events.get(4);
        assertEquals(KIND_RETURN, ret.kind());
        assertEquals(250, ret.time());
        assertEquals(100, ret.entryTime());
        assertEquals(150, ret.duration());
        assertEquals(0xffff_ffff_8000_0000L, ret.function());
        assertEquals(3, ret.depth());
        assertEquals(-38, ret.retval());
        assertEquals(12, ret.overrun());
        assertEquals(EventSink.FLAG_RETVAL | EventSink.FLAG_UNWOUND, ret.flags());
        assertEquals(RETURN_LENGTH, ret.length());

        TraceEvent lost = events.get(5);
        assertEquals(KIND_LOST, lost.kind());
        assertEquals(123_456_789_012L, lost.lostCount());
        assertEquals(300, lost.time());

        TraceEvent sw = events.get(6);
        assertEquals(KIND_TASK_SWITCH, sw.kind());
        assertEquals(7, sw.previousTask());
        assertEquals(7, sw.task());
        assertEquals(8, sw.nextTask());
        assertEquals(1, sw.cpu());
        assertEquals(400, sw.time());

        TraceEvent probe = events.get(7);
        assertEquals(KIND_PROBE, probe.kind());
        assertEquals(42, probe.probeId());
        assertEquals(0x8000_1234L, probe.address());
        assertEquals(Long.MIN_VALUE, probe.value());
        assertArrayEquals(new Object[] {Long.MIN_VALUE}, probe.probeFields(), "the one-value form is one number field");

        TraceEvent small = events.get(8);
        assertEquals(KIND_PAYLOAD, small.kind());
        assertEquals(9, small.plugin());
        assertArrayEquals(java.util.Arrays.copyOfRange(payload, 3, 8), small.payload());
        TraceEvent full = events.get(9);
        assertEquals(EventSink.MAX_PAYLOAD, full.payloadLength());
        assertEquals(PAYLOAD_LENGTH + EventSink.MAX_PAYLOAD, full.length());
        assertArrayEquals(java.util.Arrays.copyOf(payload, EventSink.MAX_PAYLOAD), full.payload());
        assertEquals(0, events.get(10).payloadLength());
    }

    @Test
    void headerAndSummaryRoundTrip() throws Exception {
        Path dir = tmp.resolve("t");
        TraceRecorder r = TraceRecorder.open(dir, Traces.header(4), Traces.small());
        Traces.emitCalls(r, 0, 0, 1000);
        r.close();
        assertEquals(4000, r.eventsWritten());
        assertEquals(0, r.eventsLost());
        try (TraceReader reader = TraceReader.open(dir)) {
            assertEquals(r.header(), reader.header());
            assertEquals(Traces.header(4).withTraceId(r.header().traceId()), reader.header());
            assertEquals(32, reader.header().traceId().length(), "the recorder gives every recording an id");
            assertEquals(List.copyOf(Traces.header(4).options().keySet()), List.copyOf(reader.header().options().keySet()));
            assertEquals("main", reader.symbolTable().describe(Traces.MAIN));
            assertTrue(reader.complete());
            TraceSummary summary = reader.summary().orElseThrow();
            assertEquals(4000, summary.eventsWritten());
            assertEquals(r.header().traceId(), summary.traceId());
            assertFalse(summary.failed());
            assertFalse(summary.interrupted());
            TraceCounts counts = reader.count();
            assertEquals(4000, counts.events());
            assertEquals(2000L, counts.byKind().get("entry"));
            assertEquals(2000L, counts.byKind().get("return"));
            assertEquals(0, counts.firstTime());
            assertEquals(999 * 100 + 50, counts.lastTime());
        }
    }

    @Test
    void theSameStreamRecordedTwiceReadsBackIdentically() throws Exception {
        List<List<TraceEvent>> runs = new java.util.ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Path dir = tmp.resolve("run" + run);
            try (TraceRecorder r = TraceRecorder.open(dir, Traces.header(1), Traces.small())) {
                Traces.emitCalls(r, 0, 0, 5000);
                r.probeHit(0, 0, 1_000_000, 1, 2, 3);
                r.payload(0, 0, 1_000_001, 4, new byte[]{5, 6, 7}, 0, 3);
            }
            runs.add(Traces.readAll(dir));
        }
        assertEquals(20_002, runs.get(0).size());
        assertEquals(runs.get(0), runs.get(1));
    }
}
