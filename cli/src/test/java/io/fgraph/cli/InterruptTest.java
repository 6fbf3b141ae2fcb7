package io.fgraph.cli;

import io.fgraph.core.trace.TraceReader;
import io.fgraph.core.trace.TraceSummary;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Ctrl-C (SIGINT to a child JVM) on {@code run --stats/--profile} and on {@code record} used to
 * print nothing and leave a trace without a summary. Now the run stops, what was gathered is
 * printed, the trace is closed and marked interrupted, and the exit status is 130.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class InterruptTest {
    @TempDir
    Path tmp;

    @Test
    void ctrlCOnRecordClosesTheTraceAsInterrupted() throws Exception {
        Path fib = Cli.guest(tmp, "fib");
        Path trace = tmp.resolve("trace");
        Process p = ChildFgraph.builder(tmp, "record", "--no-progress", "-o", trace.toString(), fib.toString(), "35")
                .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile()).start();
        interruptOnce(p, () -> CrashRecoveryTest.readable(trace) >= 20_000);
        assertEquals(130, p.waitFor());
        String err = Files.readString(tmp.resolve("err"));
        assertTrue(err.startsWith("fgraph: interrupted\nfgraph: recorded "), err);
        assertTrue(err.endsWith("; interrupted before the program ended\n"), err);
        try (TraceReader reader = TraceReader.open(trace)) {
            TraceSummary summary = reader.summary().orElseThrow(() -> new AssertionError("no summary"));
            assertTrue(summary.interrupted());
            assertFalse(summary.failed());
            assertEquals(summary.eventsWritten(), reader.count().events());
            assertTrue(summary.eventsWritten() >= 20_000);
        }
        Cli.Outcome info = Cli.run("info", trace.toString());
        assertEquals(0, info.exitStatus(), info.toString());
        assertTrue(info.stdout().contains("status:       interrupted: the recording was stopped before the program ended"),
                info.stdout());
    }

    @Test
    void ctrlCOnRunPrintsTheStatisticsAndTheProfile() throws Exception {
        Path fib = Cli.guest(tmp, "fib");
        Path text = tmp.resolve("trace.txt");
        Process p = ChildFgraph.builder(tmp, "run", "--stats", "--profile", "--trace", "function_graph",
                        "--trace-output", text.toString(), fib.toString(), "35")
                .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile()).start();
        interruptOnce(p, () -> text.toFile().length() > 0);
        assertEquals(130, p.waitFor());
        String out = Files.readString(tmp.resolve("out"));
        String err = Files.readString(tmp.resolve("err"));
        assertTrue(out.contains("total(us)") && out.contains("function"), "the profile: " + out);
        assertTrue(err.contains("fgraph: interrupted\n"), err);
        assertTrue(err.contains("\ninstructions: "), err);
        assertTrue(err.endsWith("stop: interrupted\n"), err);
        assertTrue(Files.readString(text).endsWith("\n"), "the trace text was flushed to its last line");
    }

    /** Waits until {@code ready}, then sends SIGINT (skips the test if the child ignores SIGINT). */
    private static void interruptOnce(Process p, BooleanSupplier ready) throws Exception {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!ready.getAsBoolean() && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(p.isAlive(), "the child must still be running");
            Assumptions.assumeFalse(ignoresSigint(p), "SIGINT is ignored in this environment (started in the background)");
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child must end after SIGINT");
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    private static boolean ignoresSigint(Process p) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }
}
