package io.fgraph.cli;

import io.fgraph.core.tracer.FunctionGraphPrinter;
import io.fgraph.core.trace.EventCursor;
import io.fgraph.core.trace.EventLayout;
import io.fgraph.core.trace.TraceEvent;
import io.fgraph.core.trace.TraceReader;
import io.fgraph.emulator.elf.SymbolTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fgraph record}: the trace read back is the live trace, and recording is deterministic. */
class RecordCommandTest {
    @TempDir
    Path dir;

    @Test
    void theRecordedTraceRendersExactlyAsTheLiveTrace() throws Exception {
        Path chain = Cli.guest(dir, "chain");
        Path trace = dir.resolve("trace");
        Cli.Outcome recorded = Cli.run("record", "-o", trace.toString(), "-F", "main", "-N", "printf", chain.toString());
        assertEquals(0, recorded.exitStatus(), recorded.toString());
        assertEquals("a(5) = 66\nfails() = -22\nsum8(1, 2, 3, 4, 5, 6, 7, 8) = 36\n", recorded.stdout());
        assertTrue(recorded.stderr().startsWith("fgraph: recorded 12 events to "), recorded.stderr());

        Path live = dir.resolve("live.txt");
        Cli.Outcome run = Cli.run("run", "--trace", "function_graph", "--trace-output", live.toString(),
                "-F", "main", "-N", "printf", chain.toString());
        assertEquals(0, run.exitStatus());
        assertEquals(Files.readString(live, StandardCharsets.UTF_8), render(trace));
    }

    @Test
    void recordingTheSameProgramTwiceGivesTheSameEvents() throws Exception {
        Path fib = Cli.guest(dir, "fib");
        List<List<String>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path trace = dir.resolve("trace" + i);
            Cli.Outcome outcome = Cli.run("record", "-o", trace.toString(), "--harts", "1", fib.toString(), "12");
            assertEquals(0, outcome.exitStatus(), outcome.toString());
            List<String> events = new ArrayList<>();
            try (TraceReader reader = TraceReader.open(trace); EventCursor cursor = reader.events()) {
                while (cursor.next()) {
                    events.add(cursor.event().toString());
                }
                assertEquals("function_graph", reader.header().options().get("tracer"));
                assertEquals("12", reader.header().options().get("arguments"));
            }
            runs.add(events);
        }
        assertEquals(runs.get(0), runs.get(1));
        assertTrue(runs.get(0).size() > 2 * 465, "fib(12) makes 465 calls: " + runs.get(0).size());
    }

    @Test
    void refusesANonEmptyDirectoryWithOneLine() throws Exception {
        Path fib = Cli.guest(dir, "fib");
        Files.writeString(dir.resolve("junk"), "x");
        Cli.Outcome outcome = Cli.run("record", "-o", dir.toString(), fib.toString());
        assertEquals(2, outcome.exitStatus());
        assertTrue(outcome.stderr().startsWith("fgraph: -o "), outcome.stderr());
        assertEquals(1, outcome.stderr().lines().count(), outcome.stderr());
    }

    /** Feeds the recorded events to the live printer. */
    private static String render(Path trace) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (TraceReader reader = TraceReader.open(trace); EventCursor cursor = reader.merged()) {
            SymbolTable symbols = reader.symbolTable();
            FunctionGraphPrinter printer = new FunctionGraphPrinter(new PrintStream(text, true, StandardCharsets.UTF_8),
                    address -> symbols.containing(address).map(s -> s.name()).orElse("0x" + Long.toHexString(address)),
                    reader.header().harts(), true);
            while (cursor.next()) {
                TraceEvent e = cursor.event();
                switch (e.kind()) {
                    case EventLayout.KIND_ENTRY -> printer.functionEntry(e.task(), e.cpu(), e.time(), e.function(), e.depth(), null, 0);
                    case EventLayout.KIND_RETURN -> printer.functionReturn(e.task(), e.cpu(), e.entryTime(), e.time(),
                            e.function(), e.depth(), e.retval(), e.overrun(), e.flags());
                    default -> throw new AssertionError("unexpected event " + e);
                }
            }
            printer.flush();
        }
        return text.toString(StandardCharsets.UTF_8);
    }
}
