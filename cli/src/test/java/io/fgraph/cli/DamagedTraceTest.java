package io.fgraph.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The analysis commands on a damaged trace: a truncated events file is read up to the cut, the
 * output followed by one line saying so (exit 0), or one line and exit 2 if nothing is readable;
 * a missing events file, a directory in its place or a header from another recording are one line
 * and exit 2, never a stack trace or {@code status: complete, events: 0}.
 */
class DamagedTraceTest {
    @TempDir
    Path tmp;

    private Path trace;
    private Path fib;

    @BeforeEach
    void record() {
        trace = tmp.resolve("fib");
        fib = Cli.guest(tmp, "fib");
        Cli.Outcome o = Cli.run("record", "--no-progress", "-o", trace.toString(), fib.toString(), "18");
        assertEquals(0, o.exitStatus(), o.toString());
    }

    private List<List<String>> commands(Path dir) {
        String d = dir.toString();
        return List.of(List.of("info", d), List.of("replay", d), List.of("replay", "--format", "uftrace", d),
                List.of("report", d), List.of("graph", d, "fib"), List.of("dump", d), List.of("dump", "--merged", d),
                List.of("export", "--chrome", tmp.resolve("t.json").toString(), "--folded",
                        tmp.resolve("t.folded").toString(), d));
    }

    @Test
    void aTruncatedEventsFileIsReadUpToTheCut() throws IOException {
        Path cut = copy("cut");
        long at = Files.size(cq4(cut)) - 100_000; // well past Chronicle's 512 KiB of indexes and the first batches
        truncate(cq4(cut), at);
        for (List<String> command : commands(cut)) {
            Cli.Outcome o = Cli.run(command.toArray(new String[0]));
            assertEquals(0, o.exitStatus(), command + ": " + o);
            String warning = "fgraph: incomplete: events file truncated: " + cq4(cut) + " is cut short at byte " + at;
            if (command.get(0).equals("info")) {
                assertTrue(o.stdout().contains("status:       " + warning.substring(8)), o.stdout());
                assertEquals("", o.stderr());
            } else {
                assertTrue(o.stderr().startsWith(warning) && o.stderr().lines().count() == 1, command + ": " + o.stderr());
            }
        }
        Cli.Outcome replay = Cli.run("replay", cut.toString());
        assertTrue(replay.stdout().lines().count() > 1000, "the calls before the cut are shown");
    }

    @Test
    void anEventsFileCutBeforeItsFirstBatchIsOneLineAndExit2() throws IOException {
        for (long size : new long[]{0, 1, 100, 4096}) {
            Path cut = copy("cut" + size);
            truncate(cq4(cut), size);
            for (List<String> command : commands(cut)) {
                Cli.Outcome o = Cli.run(command.toArray(new String[0]));
                assertEquals(2, o.exitStatus(), command + ": " + o);
                assertTrue(o.stderr().startsWith("fgraph: truncated: nothing readable before the cut: " + cq4(cut)),
                        command + ": " + o.stderr());
                assertEquals(1, o.stderr().lines().count(), o.stderr());
            }
        }
    }

    @Test
    void aMissingEventsFileIsNotAnEmptyTrace() throws IOException {
        Path missing = copy("missing");
        Files.delete(cq4(missing));
        for (List<String> command : commands(missing)) {
            Cli.Outcome o = Cli.run(command.toArray(new String[0]));
            assertEquals(2, o.exitStatus(), command + ": " + o);
            assertTrue(o.stderr().startsWith("fgraph: missing: no events in " + missing.resolve("events")), o.stderr());
            assertFalse(o.stdout().contains("status:       complete"), o.stdout());
        }
    }

    @Test
    void aDirectoryInPlaceOfTheEventsFileIsOneLine() throws IOException {
        Path dir = copy("dir");
        Path file = cq4(dir);
        Files.delete(file);
        Files.createDirectory(file);
        for (List<String> command : commands(dir)) {
            Cli.Outcome o = Cli.run(command.toArray(new String[0]));
            assertEquals(2, o.exitStatus(), command + ": " + o);
            assertEquals("fgraph: corrupted: " + file + " is a directory, not an events file\n", o.stderr());
        }
    }

    @Test
    void aHeaderFromAnotherRecordingIsRejected() throws IOException {
        Path other = tmp.resolve("other");
        assertEquals(0, Cli.run("record", "--no-progress", "-o", other.toString(), fib.toString(), "18").exitStatus());
        Path swapped = copy("swapped");
        Files.copy(other.resolve("trace.header"), swapped.resolve("trace.header"), StandardCopyOption.REPLACE_EXISTING);
        for (List<String> command : commands(swapped)) {
            Cli.Outcome o = Cli.run(command.toArray(new String[0]));
            assertEquals(2, o.exitStatus(), command + ": " + o);
            assertTrue(o.stderr().startsWith("fgraph: corrupted: " + swapped.resolve("trace.summary")
                    + " belongs to another recording"), o.stderr());
        }
    }

    private Path copy(String name) throws IOException {
        Path to = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(trace)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(p, to.resolve(trace.relativize(p).toString()));
            }
        }
        return to;
    }

    private static Path cq4(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("events"))) {
            List<Path> list = new ArrayList<>(files.filter(f -> f.getFileName().toString().endsWith(".cq4")).toList());
            assertEquals(1, list.size());
            return list.get(0);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }
}
