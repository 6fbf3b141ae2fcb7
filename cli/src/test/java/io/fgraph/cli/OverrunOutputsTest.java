package io.fgraph.cli;

import io.fgraph.core.trace.RecordingOptions;
import io.fgraph.core.trace.TraceHeader;
import io.fgraph.core.trace.TraceRecorder;
import io.fgraph.emulator.elf.Symbol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Calls a full shadow stack kept from being traced (the overrun count of the return records) are
 * shown by every output, as docs/cli.md says: info, report, graph, folded stacks and the SVG
 * used to leave them out.
 */
class OverrunOutputsTest {
    @TempDir
    Path tmp;

    private Path trace() throws Exception {
        Path dir = tmp.resolve("t");
        TraceHeader header = TraceHeader.of("prog.elf", "beef", List.of(new Symbol("main", 0x100, 0x10, true),
                new Symbol("a", 0x200, 0x10, true)), 1, 1_000_000_000L, Map.of("tracer", "function_graph"));
        try (TraceRecorder r = TraceRecorder.open(dir, header, RecordingOptions.defaults().withRingSize(256)
                .withBatchBytes(4096).withBlockSize(256 << 10))) {
            r.functionEntry(0, 0, 10, 0x100, 0, null, 0);
            r.functionEntry(0, 0, 20, 0x200, 1, null, 0);
            r.functionReturn(0, 0, 20, 30, 0x200, 1, 0, 3, 0); // 3 calls below a were not traced
            r.functionReturn(0, 0, 10, 50, 0x100, 0, 0, 3, 0);
        }
        return dir;
    }

    @Test
    void everyOutputCountsTheCallsNotTraced() throws Exception {
        String dir = trace().toString();
        Cli.Outcome info = Cli.run("info", dir);
        assertTrue(info.stdout().contains("\noverruns:     3 calls not traced (shadow stack full)\n"), info.stdout());

        Cli.Outcome report = Cli.run("report", dir);
        assertTrue(report.stdout().contains("# task 0: 3 calls not traced (shadow stack overrun)"), report.stdout());

        Cli.Outcome graph = Cli.run("graph", dir, "main");
        assertEquals(0, graph.exitStatus(), graph.toString());
        assertTrue(graph.stdout().contains("[3 calls not traced]"), graph.stdout());
        assertTrue(graph.stdout().endsWith("# task 0: 3 calls not traced (shadow stack overrun)\n"), graph.stdout());

        Path folded = tmp.resolve("out.folded");
        Path svg = tmp.resolve("out.svg");
        Path json = tmp.resolve("out.json");
        Cli.Outcome export = Cli.run("export", "--folded", folded.toString(), "--flame", svg.toString(),
                "--chrome", json.toString(), dir);
        assertEquals(0, export.exitStatus(), export.toString());
        assertTrue(Files.readAllLines(folded).contains("main;a;[3 calls not traced] 1"), Files.readString(folded));
        String picture = Files.readString(svg);
        assertTrue(picture.contains("calls not traced (shadow stack overrun): 3"), picture);
        assertTrue(picture.contains("<g class=\"overrun\"><title>[3 calls not traced]</title>"), picture);
        assertTrue(Files.readString(json).contains("shadow stack overrun: 3 calls not traced"), Files.readString(json));

        for (String format : List.of("ftrace", "uftrace")) {
            Cli.Outcome replay = Cli.run("replay", "--format", format, dir);
            assertTrue(replay.stdout().contains("shadow stack overrun"), replay.stdout());
        }
    }
}
