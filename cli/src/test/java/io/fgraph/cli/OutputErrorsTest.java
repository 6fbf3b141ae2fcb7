package io.fgraph.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every command writing to a full disk or {@code /dev/full} stops with one line and exit status 3
 * (PrintStream used to swallow the errors: exit 0 and truncated output, e.g. 151,552 bytes of a
 * 30 MB Chrome export). Standard output is the real one only in a child JVM.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class OutputErrorsTest {
    private static final File DEV_FULL = new File("/dev/full");

    @TempDir
    Path tmp;

    @Test
    void everyCommandWritingStandardOutputToDevFullSaysSoAndExits3() throws Exception {
        String trace = RecordedTraces.get("fib-10").toString();
        String fib = Cli.guest(tmp, "fib").toString();
        List<List<String>> commands = List.of(
                List.of("info", trace),
                List.of("replay", trace),
                List.of("replay", "--format", "uftrace", trace),
                List.of("report", trace),
                List.of("graph", trace, "fib"),
                List.of("dump", trace),
                List.of("run", fib, "10"),
                List.of("run", "--trace", "function_graph", fib, "10"),
                List.of("run", "--profile", fib, "10"),
                List.of("record", "--no-progress", "-o", tmp.resolve("recorded").toString(), fib, "10"),
                List.of("--help"));
        for (List<String> command : commands) {
            Path err = tmp.resolve("err.txt");
            Process p = ChildFgraph.builder(tmp, command.toArray(new String[0]))
                    .redirectOutput(DEV_FULL).redirectError(err.toFile()).start();
            assertEquals(3, p.waitFor(), command + ": " + Files.readString(err));
            assertEquals("fgraph: cannot write standard output: No space left on device\n", Files.readString(err),
                    command.toString());
        }
    }

    @Test
    void fileOutputsOnDevFullSayWhichFileAndExit3() {
        String trace = RecordedTraces.get("fib-10").toString();
        for (String option : List.of("--chrome", "--folded", "--flame")) {
            Cli.Outcome o = Cli.run("export", option, "/dev/full", trace);
            assertEquals(3, o.exitStatus(), o.toString());
            assertEquals("fgraph: cannot write /dev/full: No space left on device\n", o.stderr(), option);
        }
        Cli.Outcome o = Cli.run("run", "--trace", "function_graph", "--trace-output", "/dev/full",
                Cli.guest(tmp, "fib").toString(), "15");
        assertEquals(3, o.exitStatus(), o.toString());
        assertEquals("fgraph: cannot write /dev/full: No space left on device\n", o.stderr());
    }

    /** fib 18: about 25,000 events, a 3 MB Chrome export. */
    private String bigTrace() {
        Path dir = tmp.resolve("fib18");
        Cli.Outcome o = Cli.run("record", "--no-progress", "-o", dir.toString(), Cli.guest(tmp, "fib").toString(), "18");
        assertEquals(0, o.exitStatus(), o.toString());
        return dir.toString();
    }

    @Test
    void anExportFillingTheDiskSaysSoAndExits3() throws Exception {
        String trace = bigTrace();
        try (SmallDisk disk = SmallDisk.tmpfs(tmp, "256k")) {
            Path json = disk.path().resolve("t.json");
            Cli.Outcome o = Cli.run("export", "--chrome", json.toString(), trace);
            assertEquals(3, o.exitStatus(), o.toString());
            assertEquals("fgraph: cannot write " + json + ": No space left on device\n", o.stderr());
            Path uftrace = disk.path().resolve("uftrace.data");
            Files.delete(json);
            o = Cli.run("export", "--uftrace", uftrace.toString(), trace);
            assertEquals(3, o.exitStatus(), o.toString());
            assertTrue(o.stderr().matches("fgraph: cannot write " + uftrace + ": .*No space left on device\n"), o.stderr());
        }
    }

    @Test
    void aReaderThatGoesAwayEndsTheCommandQuietly() throws Exception {
        String trace = bigTrace();
        Path err = tmp.resolve("err.txt");
        Process p = ChildFgraph.builder(tmp, "dump", trace).redirectError(err.toFile()).start();
        try (InputStream out = p.getInputStream()) {
            assertTrue(out.readNBytes(100).length > 0); // like `fgraph dump DIR | head -1`
        }
        assertEquals(OutputFailedException.BROKEN_PIPE_STATUS, p.waitFor());
        assertEquals("", Files.readString(err));
    }
}
