package io.fgraph.cli;

import io.fgraph.core.trace.EventCursor;
import io.fgraph.core.trace.EventLayout;
import io.fgraph.core.trace.TraceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A recording process killed with SIGKILL leaves a trace readable up to its last complete batch. */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aKilledRecordingIsReadableAndSaysItIsIncomplete() throws Exception {
        Path fib = Cli.guest(dir, "fib");
        Path trace = dir.resolve("trace");
        Process process = ChildFgraph.builder(dir, "record", "--no-progress", "-o", trace.toString(), fib.toString(), "35")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // Let it record: poll the live trace until 20,000 events are readable (fib 35 makes 30 million calls).
            while (readable(trace) < 20_000 && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(process.isAlive(), "fib 35 must still be running: " + Files.readString(dir.resolve("child.log")));
        } finally {
            process.destroyForcibly().waitFor();
        }

        try (TraceReader reader = TraceReader.open(trace)) {
            assertFalse(reader.complete());
            long entries = 0;
            long returns = 0;
            try (EventCursor cursor = reader.events()) {
                while (cursor.next()) {
                    if (cursor.event().kind() == EventLayout.KIND_ENTRY) {
                        entries++;
                    } else if (cursor.event().kind() == EventLayout.KIND_RETURN) {
                        returns++;
                    }
                }
            }
            assertTrue(entries >= 10_000, "entries=" + entries);
            assertTrue(returns > 10_000 && returns <= entries, "returns=" + returns);
        }
        Cli.Outcome info = Cli.run("info", trace.toString());
        assertEquals(0, info.exitStatus(), info.toString());
        assertTrue(info.stdout().contains("incomplete"), info.stdout());
    }

    /** Events readable so far in a trace being written (0 while it does not exist yet). */
    static long readable(Path trace) {
        if (!Files.exists(trace.resolve("trace.header")) || !Files.isDirectory(trace.resolve("events"))) {
            return 0;
        }
        try (TraceReader reader = TraceReader.open(trace); EventCursor cursor = reader.events()) {
            long n = 0;
            while (n < 20_000 && cursor.next()) {
                n++;
            }
            return n;
        } catch (RuntimeException e) {
            return 0; // the queue may not be fully created yet
        }
    }
}
