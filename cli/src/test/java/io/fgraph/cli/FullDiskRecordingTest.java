package io.fgraph.cli;

import io.fgraph.core.trace.TraceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Recording onto a disk that fills up, in a child JVM (a mapped write into a file that cannot grow
 * is a SIGBUS: on ext4 it used to kill the JVM, leaving an hs_err_pid*.log; on tmpfs a 29-line
 * UncheckedIOException trace, exit 1, while the program went on and events were lost). Now the
 * recording stops with exit 3 and one line naming the disk error, the trace is readable up to its
 * last complete batch, and info says why it ended. Skipped where the test cannot mount.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FullDiskRecordingTest {
    @TempDir
    Path tmp;

    @Test
    void aFullExt4DiskStopsTheRecordingCleanly() throws Exception {
        try (SmallDisk disk = SmallDisk.ext4(tmp, 8)) {
            stopsCleanly(disk.path());
        }
    }

    @Test
    void aFullTmpfsStopsTheRecordingCleanly() throws Exception {
        try (SmallDisk disk = SmallDisk.tmpfs(tmp, "6m")) {
            stopsCleanly(disk.path());
        }
    }

    private void stopsCleanly(Path disk) throws Exception {
        Path fib = Cli.guest(tmp, "fib");
        Path trace = disk.resolve("trace");
        // fib 27 makes 1.3 million events, 50 MB of trace: far more than the disk holds.
        ChildFgraph.Outcome record = ChildFgraph.run(tmp, "record", "--no-progress", "-o", trace.toString(),
                fib.toString(), "27");
        assertEquals(3, record.exitStatus(), record.toString());
        assertEquals(1, record.stderr().lines().count(), record.toString());
        assertTrue(record.stderr().matches("fgraph: recording stopped after \\d+ events: writer failed: IOException: "
                + "cannot write " + trace.resolve("events") + "/\\d{8}H\\.cq4: No space left on device "
                + "\\(the trace is readable up to its last complete batch\\)\n"), record.stderr());
        assertEquals("", record.stdout(), "the program was stopped: it never printed its result");
        assertEquals(List.of(), crashLogs(), "no JVM crash log");

        long events;
        try (TraceReader reader = TraceReader.open(trace)) {
            events = reader.count().events();
            assertTrue(events > 10_000, "events=" + events);
            assertTrue(reader.summary().orElseThrow().failed());
            assertEquals(events, reader.summary().orElseThrow().eventsWritten());
        }
        Cli.Outcome info = Cli.run("info", trace.toString());
        assertEquals(0, info.exitStatus(), info.toString());
        assertTrue(info.stdout().contains("status:       failed: IOException: cannot write " + trace.resolve("events")),
                info.stdout());
        assertTrue(info.stdout().contains("No space left on device"), info.stdout());
        Cli.Outcome report = Cli.run("report", trace.toString());
        assertEquals(0, report.exitStatus(), report.toString());
        assertTrue(report.stdout().contains("fib"), report.stdout());
    }

    @Test
    void recordingOntoAFullDiskLeavesNothingBehindSoARetryWorks() throws Exception {
        try (SmallDisk disk = SmallDisk.tmpfs(tmp, "4m")) {
            Path fib = Cli.guest(tmp, "fib");
            Path trace = disk.path().resolve("trace");
            Path empty = Files.createDirectory(disk.path().resolve("empty"));
            disk.fill();
            for (Path dir : List.of(trace, empty)) {
                Cli.Outcome full = Cli.run("record", "--no-progress", "-o", dir.toString(), fib.toString(), "5");
                assertEquals(3, full.exitStatus(), full.toString());
                assertTrue(full.stderr().matches("fgraph: cannot record to " + dir + ": .*No space left on device\n"),
                        full.stderr());
            }
            assertFalse(Files.exists(trace), "the directory it made is gone");
            try (Stream<Path> left = Files.list(empty)) {
                assertEquals(List.of(), left.toList(), "no trace.header.tmp or anything else left behind");
            }
            disk.free();
            for (Path dir : List.of(trace, empty)) {
                Cli.Outcome retry = Cli.run("record", "--no-progress", "-o", dir.toString(), fib.toString(), "5");
                assertEquals(0, retry.exitStatus(), retry.toString());
            }
        }
    }

    private List<Path> crashLogs() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("hs_err_pid")).toList();
        }
    }
}
