package io.fgraph.core.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A recording with probe events: their definitions in the header ({@link ProbeSchema}), the values
 * they fetched in their records, their counters in the summary, and each hit shown as the run showed it.
 */
class ProbeRecordsTest {
    @TempDir
    Path tmp;

    private static final ProbeSchema ITEMS = new ProbeSchema(0, "items",
            "p:kprobes/items main+0x4 price=+8($arg1):u64 label=+0(+16($arg1)):string at=%ra:symbol",
            List.of(new ProbeSchema.Field("price", ProbeSchema.Format.UNSIGNED),
                    new ProbeSchema.Field("label", ProbeSchema.Format.TEXT),
                    new ProbeSchema.Field("at", ProbeSchema.Format.SYMBOL)));
    private static final ProbeSchema TOTAL = new ProbeSchema(1, "total", "p:kprobes/total leaf v=@primes:s32[3] c=%a0:char d=%a1:x8",
            List.of(new ProbeSchema.Field("v", ProbeSchema.Format.SIGNED), new ProbeSchema.Field("c", ProbeSchema.Format.CHAR),
                    new ProbeSchema.Field("d", ProbeSchema.Format.HEX)));

    @Test
    void probeDefinitionsFieldsAndCountersRoundTrip() throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Traces.header(1).options());
        ITEMS.describe(options);
        TOTAL.describe(options);
        TraceHeader base = Traces.header(1);
        TraceHeader header = TraceHeader.of(base.programName(), base.buildId(), base.symbols(), 1, base.clockHz(), options);
        Path dir = tmp.resolve("t");
        try (TraceRecorder r = TraceRecorder.open(dir, header, Traces.small())) {
            r.countProbes(() -> List.of(new TraceSummary.ProbeCount(0, 1, 0), new TraceSummary.ProbeCount(1, 1, 5)));
            r.probeHit(0, 0, 10, 0, Traces.MAIN + 4, new Object[] {250L, "pen", Traces.LEAF + 2});
            r.probeHit(0, 0, 20, 1, Traces.LEAF, new Object[] {new long[] {2, -3, 5}, (long) 'p', null});
            r.probeHit(0, 0, 30, 7, Traces.LEAF, new Object[] {1L, "x"});
            r.probeHit(0, 0, 40, 0, Traces.MAIN + 4, new Object[] {9L});
        }
        try (TraceReader reader = TraceReader.open(dir)) {
            TraceProbes probes = reader.probes();
            assertEquals(Map.of(0, ITEMS, 1, TOTAL), probes.schemas());
            List<TraceEvent> hits = Traces.readAll(dir);
            assertEquals("items: (main+0x4/0x40) price=250 label=\"pen\" at=leaf+0x2/0x10", probes.describe(hits.get(0)));
            assertEquals("total: (leaf+0x0/0x10) v={2,-3,5} c='p' d=(fault)", probes.describe(hits.get(1)));
            assertEquals("probe 7: (leaf+0x0/0x10) 0x1,\"x\"", probes.describe(hits.get(2)), "a probe the header does not describe");
            assertEquals("items: (main+0x4/0x40) price=9 label=(missing) at=(missing)", probes.describe(hits.get(3)));
            assertEquals("p:items price=250 label=\"pen\" at=leaf+0x2/0x10", probes.uftrace(hits.get(0)));
            assertEquals(Map.of("at", "leaf+0x0/0x10", "v", "{2,-3,5}", "c", "'p'", "d", "(fault)"), probes.arguments(hits.get(1)));
            assertEquals("pen", probes.arguments(hits.get(0)).get("label"), "texts as they are, for JSON");
            assertEquals(List.of(new TraceSummary.ProbeCount(0, 1, 0), new TraceSummary.ProbeCount(1, 1, 5)),
                    reader.summary().orElseThrow().probes());
        }
    }
}
