package io.fgraph.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** File errors say their reason, not just the file name again. */
class IoErrorReasonTest {
    @TempDir
    Path dir;

    private static void assertOneLineError(Cli.Outcome run, String expected) {
        assertEquals(2, run.exitStatus(), run.toString());
        assertEquals("fgraph: " + expected + "\n", run.stderr(), run.toString());
    }

    @Test
    void recordIntoADirectoryThatCannotBeCreatedSaysWhy() throws IOException {
        Path output = Files.writeString(dir.resolve("plain-file"), "x").resolve("trace");
        assertOneLineError(Cli.run("record", "-o", output.toString(), Cli.guest(dir, "hello").toString()),
                "-o " + output + ": not a directory: " + output.getParent());
    }

    @Test
    void exportIntoAMissingDirectorySaysWhy() {
        Path trace = RecordedTraces.get("chain");
        Path missing = dir.resolve("no/such/x.json");
        assertOneLineError(Cli.run("export", "--chrome", missing.toString(), trace.toString()),
                "--chrome=" + missing + ": cannot write: no such file or directory");
    }

    @Test
    void traceOutputIntoAMissingDirectorySaysWhy() {
        Path missing = dir.resolve("no/such/trace.txt");
        assertOneLineError(Cli.run("run", "--trace", "function_graph", "--trace-output", missing.toString(),
                Cli.guest(dir, "hello").toString()), "--trace-output=" + missing + ": cannot write: no such file or directory");
    }
}
