package io.fgraph.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fgraph record --probe}: the fetched values go into the trace with the definitions in its
 * header, and every reader shows the hits: replay inside the call graph, dump decoded, info with
 * the counters, the Chrome export as instant events.
 */
class ProbeRecordTest {
    @TempDir
    Path dir;

    private Path record() {
        Path trace = dir.resolve("t");
        Cli.Outcome record = Cli.run("record", "-o", trace.toString(), "--no-progress",
                "--probe", "p:items value price=+8($arg1):u64 label=+0(+16($arg1)):string",
                "--probe", "p total v=+0($arg1):s32[5] bad=+0(\\16):u64",
                Cli.guest(dir, "probes").toString());
        assertEquals(0, record.exitStatus(), record.toString());
        assertTrue(record.stderr().startsWith("probe items: 1 hits, 0 missed\nprobe p_total_0: 1 hits, 0 missed\n"),
                record.stderr());
        return trace;
    }

    @Test
    void infoShowsTheDefinitionsAndTheCounters() {
        Cli.Outcome info = Cli.run("info", record().toString());
        assertEquals(0, info.exitStatus(), info.toString());
        assertTrue(info.stdout().contains("probe:        p:kprobes/items value price=+8($arg1):u64 label=+0(+16($arg1)):string\n"
                + "probe:        p:kprobes/p_total_0 total v=+0($arg1):s32[5] bad=+0(\\16):u64\n"), info.stdout());
        assertTrue(info.stdout().contains("  probe:      2\n"), info.stdout());
        assertTrue(info.stdout().endsWith("probe items: 1 hits, 0 missed\nprobe p_total_0: 1 hits, 0 missed\n"), info.stdout());
        assertFalse(info.stdout().contains("probe.0"), "the definitions are not repeated among the options");
    }

    @Test
    void replayShowsTheHitsWhereTheyHappened() {
        Path trace = record();
        Cli.Outcome ftrace = Cli.run("replay", trace.toString());
        assertEquals(0, ftrace.exitStatus(), ftrace.toString());
        List<String> lines = ftrace.stdout().lines().toList();
        int hit = indexOf(lines, "/* items: (value+0x0/");
        assertTrue(lines.get(hit).endsWith(") price=250 label=\"pen\" */"), lines.get(hit));
        assertTrue(lines.get(hit + 1).endsWith("value();"), "the hit at value's entry, before its call: " + ftrace.stdout());
        assertTrue(lines.get(indexOf(lines, "/* p_total_0: (total+0x0/")).endsWith(") v={2,3,5,7,11} bad=(fault) */"));

        Cli.Outcome uftrace = Cli.run("replay", "--format", "uftrace", trace.toString());
        assertEquals(0, uftrace.exitStatus(), uftrace.toString());
        List<String> ulines = uftrace.stdout().lines().toList();
        assertTrue(ulines.get(indexOf(ulines, "/* p:items ")).endsWith("| /* p:items price=250 label=\"pen\" */"), uftrace.stdout());
        assertTrue(ulines.get(indexOf(ulines, "/* p:items ") + 1).endsWith("value();"), uftrace.stdout());
    }

    @Test
    void returnProbeHitsAreRecordedAndReplayedAtTheReturn() {
        Path trace = dir.resolve("r");
        Cli.Outcome record = Cli.run("record", "-o", trace.toString(), "--no-progress",
                "--probe", "r:vret value count=$arg2:s32 ret=$retval:s64", Cli.guest(dir, "probes").toString());
        assertEquals(0, record.exitStatus(), record.toString());
        assertTrue(record.stderr().startsWith("probe vret: 1 hits, 0 missed\n"), record.stderr());
        Cli.Outcome info = Cli.run("info", trace.toString());
        assertTrue(info.stdout().contains("probe:        r:kprobes/vret value count=$arg2:s32 ret=$retval:s64\n"), info.stdout());
        Cli.Outcome replay = Cli.run("replay", trace.toString());
        assertEquals(0, replay.exitStatus(), replay.toString());
        List<String> lines = replay.stdout().lines().toList();
        int hit = indexOf(lines, "/* vret: (main+0x");
        assertTrue(lines.get(hit).endsWith(" <- value) count=4 ret=1003 */"), lines.get(hit));
    }

    @Test
    void dumpDecodesTheFields() {
        Cli.Outcome dump = Cli.run("dump", record().toString());
        assertEquals(0, dump.exitStatus(), dump.toString());
        List<String> probes = dump.stdout().lines().filter(l -> l.startsWith("probe ")).toList();
        assertEquals(2, probes.size(), dump.stdout());
        assertTrue(probes.get(0).contains(" probe=0 address=0x") && probes.get(0).contains(" fields=0xfa,\"pen\"  # items: (value+0x0/"),
                probes.get(0));
        assertTrue(probes.get(1).endsWith(" fields={0x2,0x3,0x5,0x7,0xb},(fault)  # p_total_0: (total+0x0/"
                + probes.get(1).split("total\\+0x0/")[1]), probes.get(1));
    }

    @Test
    void theChromeExportHasTheHitsAsInstantEvents() throws Exception {
        Path trace = record();
        Path json = dir.resolve("t.json");
        Cli.Outcome export = Cli.run("export", "--chrome", json.toString(), trace.toString());
        assertEquals(0, export.exitStatus(), export.toString());
        String text = Files.readString(json);
        assertTrue(text.matches("(?s).*\\{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":0,\"ts\":[0-9.]+,\"name\":\"items\",\"cat\":\"probe\","
                + "\"args\":\\{\"at\":\"value\\+0x0/0x[0-9a-f]+\",\"price\":\"250\",\"label\":\"pen\"\\}\\}.*"), text);
        assertTrue(text.contains("\"name\":\"p_total_0\",\"cat\":\"probe\""), text);
        Json.parse(text); // valid JSON
    }

    @Test
    void aBadProbeLeavesNoTraceBehind() {
        Path trace = dir.resolve("bad");
        Cli.Outcome record = Cli.run("record", "-o", trace.toString(), "--no-progress", "--probe", "p value+0x3",
                Cli.guest(dir, "probes").toString());
        assertEquals(2, record.exitStatus(), record.toString());
        assertEquals("fgraph: --probe 'p value+0x3': value+0x3: an odd address is never an instruction's\n", record.stderr());
        assertFalse(Files.exists(trace), "nothing was claimed");
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + text + " in\n" + String.join("\n", lines));
    }
}
