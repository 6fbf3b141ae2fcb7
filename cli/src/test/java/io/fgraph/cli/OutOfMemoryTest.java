package io.fgraph.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A heap too small for the guest's RAM gives one line, not an OutOfMemoryError with its trace. */
class OutOfMemoryTest {
    @TempDir
    Path dir;

    /** Runs the command line in a child JVM with {@code -Xmx}{@code heap}. */
    private static Cli.Outcome runWithHeap(String heap, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not end");
        }
        return new Cli.Outcome(process.exitValue(), out, err);
    }

    @Test
    void theDefaultRamInASmallHeapIsOneLine() throws Exception {
        Cli.Outcome run = runWithHeap("48m", "run", Cli.guest(dir, "hello").toString());
        assertEquals(2, run.exitStatus(), run.toString());
        assertEquals(1, run.stderr().lines().count(), run.toString());
        assertTrue(run.stderr().startsWith("fgraph: out of memory: the Java heap (at most "), run.stderr());
        assertTrue(run.stderr().contains("use a smaller --ram-size, or a larger heap (FGRAPH_JAVA_OPTS=-Xmx4g)"), run.stderr());
    }

    @Test
    void aLargeRamSizeIsOneLine() throws Exception {
        Cli.Outcome run = runWithHeap("256m", "run", "--ram-size", "2047", Cli.guest(dir, "hello").toString());
        assertEquals(2, run.exitStatus(), run.toString());
        assertEquals(1, run.stderr().lines().count(), run.toString());
        assertTrue(run.stderr().startsWith("fgraph: out of memory: "), run.stderr());
    }
}
