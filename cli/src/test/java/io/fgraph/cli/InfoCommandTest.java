package io.fgraph.cli;

import io.fgraph.core.trace.RecordingOptions;
import io.fgraph.core.trace.TraceHeader;
import io.fgraph.core.trace.TraceRecorder;
import io.fgraph.emulator.elf.Symbol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@code fgraph info DIR}: header and counts of a trace; one-line errors for anything else. */
class InfoCommandTest {
    @TempDir
    Path tmp;

    private record Outcome(int status, String out, String err) {
    }

    private static synchronized Outcome run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            status = Main.execute(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsHeaderAndCounts() throws Exception {
        Path dir = tmp.resolve("trace");
        Map<String, String> options = new LinkedHashMap<>();
        options.put("tracer", "function_graph");
        options.put("funcgraph-retval", "1");
        TraceHeader header = TraceHeader.of("fib.elf", "deadbeef", List.of(new Symbol("main", 0x100, 0x20, true)),
                2, 1_000_000_000L, options);
        RecordingOptions small = RecordingOptions.defaults().withRingSize(256).withBatchBytes(4096).withBlockSize(256 << 10);
        String id;
        try (TraceRecorder r = TraceRecorder.open(dir, header, small)) {
            id = r.header().traceId();
            r.functionEntry(0, 0, 10, 0x100, 0, null, 0);
            r.functionEntry(1, 1, 12, 0x100, 0, null, 0);
            r.functionReturn(0, 0, 10, 30, 0x100, 0, 0, 0, 0);
            r.lost(1, 1, 40, 7);
        }
        Outcome o = run("info", dir.toString());
        assertEquals(0, o.status(), o.err());
        String expected = String.join("\n",
                "trace:        " + dir,
                "format:       version 2",
                "trace id:     " + id,
                "program:      fib.elf",
                "build id:     deadbeef",
                "harts:        2",
                "clock:        1000000000 Hz",
                "symbols:      1",
                "options:      tracer=function_graph funcgraph-retval=1",
                "own funcs:    (not recorded: every function counts as the program's own)",
                "status:       complete",
                "events:       4",
                "  entry:      2",
                "  return:     1",
                "  lost:       1",
                "tasks:        0:2 1:2",
                "lost events:  7",
                "overruns:     0 calls not traced (shadow stack full)",
                "time:         10 .. 40 ns",
                "");
        // How many batches the writer made depends on thread timing: check that line by shape.
        String bytesLine = o.out().lines().filter(l -> l.startsWith("bytes:")).findFirst().orElseThrow();
        assertTrue(bytesLine.matches("bytes: +\\d+ in [1-4] batches \\(\\d+\\.\\d bytes/event\\)"), bytesLine);
        assertEquals(expected, o.out().replace(bytesLine + "\n", ""));
    }

    @Test
    void missingTraceIsAOneLineError() {
        Path dir = tmp.resolve("none");
        Outcome o = run("info", dir.toString());
        assertEquals(2, o.status());
        assertEquals("fgraph: missing: no such trace directory " + dir + "\n", o.err());
    }

    @Test
    void aDirectoryThatIsNotATraceIsAOneLineError() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("empty"));
        Outcome o = run("info", dir.toString());
        assertEquals(2, o.status());
        assertEquals("fgraph: not a trace: " + dir + " has no trace.header\n", o.err());
    }
}
