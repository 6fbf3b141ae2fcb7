package io.fgraph.cli;

import io.fgraph.cli.plugin.SlowFib;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --plugin JAR[:CLASS]}: a plugin author runs a tracer on a program without writing a main. */
class PluginCommandTest {
    private static final String RECORD = "\"fib(12) took 8598 ns\"";

    @TempDir
    Path dir;
    private Path jar;
    private Path bare;
    private Path fib;

    @BeforeEach
    void jars() throws Exception {
        jar = dir.resolve("slow-fib.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String path = SlowFib.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(path));
            try (var in = SlowFib.class.getClassLoader().getResourceAsStream(path)) {
                in.transferTo(out);
            }
            out.putNextEntry(new JarEntry("META-INF/services/io.fgraph.core.FgraphPlugin"));
            out.write((SlowFib.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        bare = dir.resolve("bare.jar");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(bare))) {
            out.flush();
        }
        fib = Cli.guest(dir, "fib");
    }

    @Test
    void runLoadsThePluginsTheJarNamesAndPrintsTheirRecordsAndSummary() {
        Cli.Outcome run = Cli.run("run", "--plugin", jar.toString(), fib.toString(), "12");
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(run.stdout().contains("fib(12) = 144\n"), run.stdout());
        assertTrue(run.stdout().endsWith("slow-fib: 465 calls of fib\n"), run.stdout());
        assertTrue(run.stderr().contains("fgraph: plugin slow-fib: " + RECORD + " (task 0, cpu 0, "), run.stderr());
    }

    @Test
    void underALiveTraceTheRecordsAreTraceLines() {
        Cli.Outcome run = Cli.run("run", "--trace", "function_graph", "--hook", "main",
                "--plugin", jar + ":" + SlowFib.class.getName(), fib.toString(), "12");
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(run.stdout().contains("|  /* plugin slow-fib: " + RECORD + " */\n"), run.stdout());
    }

    @Test
    void recordKeepsTheRecordsAndReplayDumpAndExportShowThem() {
        Path trace = dir.resolve("t");
        Cli.Outcome record = Cli.run("record", "--no-progress", "--hook", "main", "--plugin", jar.toString(), "-o",
                trace.toString(), fib.toString(), "12");
        assertEquals(0, record.exitStatus(), record.toString());
        assertTrue(Cli.run("replay", trace.toString()).stdout().contains("/* plugin slow-fib: " + RECORD + " */"));
        assertTrue(Cli.run("replay", "--format", "uftrace", trace.toString()).stdout()
                .contains("/* plugin slow-fib: " + RECORD + " */"));
        assertTrue(Cli.run("dump", trace.toString()).stdout().contains("# plugin slow-fib: " + RECORD));
        assertTrue(Cli.run("info", trace.toString()).stdout().contains("plugin.1=slow-fib"),
                Cli.run("info", trace.toString()).stdout());
    }

    @Test
    void badPluginsAreOneLineErrors() {
        assertOneLine(Cli.run("run", "--plugin", dir.resolve("none.jar").toString(), fib.toString()),
                "--plugin=" + dir.resolve("none.jar") + ": " + dir.resolve("none.jar") + ": no such file");
        assertOneLine(Cli.run("run", "--plugin", bare.toString(), fib.toString()),
                "--plugin=" + bare + ": " + bare + " names no plugin (META-INF/services/io.fgraph.core.FgraphPlugin "
                        + "or io.fgraph.core.FgraphOps) and no class was given (JAR:CLASS)");
        assertOneLine(Cli.run("run", "--plugin", jar + ":no.Such", fib.toString()),
                null);
        assertOneLine(Cli.run("run", "--plugin", jar + ":java.lang.String", fib.toString()),
                "--plugin=" + jar + ":java.lang.String: java.lang.String is not an io.fgraph.core.FgraphOps");
    }

    private static void assertOneLine(Cli.Outcome run, String message) {
        assertEquals(2, run.exitStatus(), run.toString());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        if (message != null) {
            assertEquals("fgraph: " + message + "\n", run.stderr());
        }
    }
}
