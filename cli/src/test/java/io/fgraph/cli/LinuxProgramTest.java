package io.fgraph.cli;

import io.fgraph.testsupport.GoldenFile;
import io.fgraph.testsupport.GuestPrograms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fgraph run/record} on static glibc programs: the Linux platform is chosen from the ELF. */
class LinuxProgramTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @TempDir
    Path dir;

    private Path guest(String name) {
        Path copy = dir.resolve(name + ".elf");
        return Files.exists(copy) ? copy : GuestPrograms.linux().copy(dir, name);
    }

    /**
     * The guest at a path that is the same on every run ({@code target/linux-guests/NAME.elf}, relative):
     * argv[0] is the path as given, and its length moves the stack and so the instruction counts a
     * golden trace holds.
     */
    private static Path stableGuest(String name) throws IOException {
        Path directory = Files.createDirectories(Path.of("target", "linux-guests"));
        Path copy = directory.resolve(name + ".elf");
        byte[] bytes = GuestPrograms.linux().read(name);
        if (!Files.exists(copy) || !java.util.Arrays.equals(Files.readAllBytes(copy), bytes)) {
            Files.write(copy, bytes);
        }
        return copy;
    }

    @Test
    void aGlibcProgramRunsWithItsArgumentsAndExitStatus() {
        Cli.Outcome run = Cli.run("run", guest("hello").toString(), "--", "-x", "two words");
        assertEquals(0, run.exitStatus(), run.toString());
        assertEquals("hello, world\nstrlen = 12\nargv[0] = " + dir.resolve("hello.elf") + "\nargv[1] = -x\n"
                + "argv[2] = two words\nHELLO, WORLD\n", run.stdout());
        assertEquals("", run.stderr());
    }

    @Test
    void abortIsExitStatus134AndOneLine() {
        Cli.Outcome run = Cli.run("run", guest("fails").toString());
        assertEquals(134, run.exitStatus(), run.toString());
        assertEquals("fails: second: Invalid argument\nfgraph: SIGABRT raised by thread 1 (abort): killed by SIGABRT\n",
                run.stderr());
    }

    @Test
    void libcFunctionsAreInTheGraph() throws IOException {
        Cli.Outcome run = Cli.run("run", "--trace", "function_graph", "-F", "main", "-D", "3", stableGuest("hello").toString());
        assertEquals(0, run.exitStatus(), run.toString());
        for (String function : new String[] {"|      malloc(); /* = 0x", "|    puts() {", "|    printf() {",
            "|    strlen(); /* = 0xc */", "|    strdup() {", "|    free() {"}) {
            assertTrue(run.stdout().contains(function), function + " in\n" + run.stdout());
        }
        GoldenFile.assertMatches(GOLDEN.resolve("linux-hello-trace.txt"), run.stdout());
    }

    @Test
    void programsBuiltWithPgOrInstrumentFunctionsAreTracedWithoutTheirHooks() {
        String plain = graph("chain");
        for (String instrumented : new String[] {"chain_pg", "chain_fi"}) {
            String graph = graph(instrumented);
            assertFalse(graph.contains("mcount") || graph.contains("__cyg_profile"), graph);
            assertEquals(shape(plain), shape(graph), instrumented + " has the same calls as the plain build");
        }
        assertTrue(shape(plain).contains("main() {\n  a() {\n    b() {\n      c();\n"), shape(plain));
    }

    private String graph(String name) {
        // the root is the test's directory: a -pg program writes gmon.out into its current directory
        Cli.Outcome run = Cli.run("run", "--root", dir.toString(), "--trace", "function_graph", "-F", "main", "-N", "printf",
                "--no-retval", guest(name).toString());
        assertEquals(0, run.exitStatus(), run.toString());
        return run.stdout();
    }

    /** The calls of a graph without times and the cpu column (and gcc's clone suffixes). */
    private static String shape(String graph) {
        StringBuilder shape = new StringBuilder();
        for (String line : graph.split("\n")) {
            int bar = line.indexOf("|  ");
            if (line.startsWith(" 0)") && bar > 0) {
                shape.append(line.substring(bar + 3).replace(".constprop.0", "").replace(".isra.0", "")).append('\n');
            }
        }
        return shape.toString();
    }

    @Test
    void threadsAreTasksAndTheirSwitchesAreFtracesContextSwitchBlocks() throws IOException {
        Path trace = dir.resolve("t");
        Cli.Outcome record = Cli.run("record", "--no-progress", "-o", trace.toString(), stableGuest("threads").toString());
        assertEquals(0, record.exitStatus(), record.toString());
        Cli.Outcome replay = Cli.run("replay", "-F", "worker", "-D", "1", trace.toString());
        assertTrue(replay.stdout().contains("""
                 ------------------------------------------
                 0)     task-1     =>     task-2   \s
                 ------------------------------------------

                 0)               |  worker() {
                """), replay.stdout());
        GoldenFile.assertMatches(GOLDEN.resolve("linux-threads-replay.txt"), replay.stdout());
        Cli.Outcome three = Cli.run("replay", "--format", "uftrace", "-F", "worker", "-D", "1", "--tid", "3", trace.toString());
        assertEquals(0, three.exitStatus(), three.toString());
        Matcher tids = Pattern.compile("\\[ +(\\d+)\\]").matcher(three.stdout());
        int lines = 0;
        while (tids.find()) {
            assertEquals("3", tids.group(1), three.stdout());
            lines++;
        }
        assertTrue(lines > 2, three.stdout());
        Cli.Outcome info = Cli.run("info", trace.toString());
        assertTrue(info.stdout().contains("tasks:        1:"), info.stdout());
        assertTrue(info.stdout().contains(" 4:"), "the main thread and three workers: " + info.stdout());
    }

    @Test
    void aNewThreadStartsOutsideTheFilterOfTheThreadItInterrupts() {
        Cli.Outcome run = Cli.run("run", "--trace", "function_graph", "-F", "worker", "--harts", "2", guest("threads").toString());
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(run.stdout().contains("|  worker() {"), run.stdout());
        assertFalse(run.stdout().contains("start_thread") || run.stdout().contains("__thread_start"), run.stdout());
    }

    @Test
    void twoRecordingsOfAThreadedProgramAreTheSame() {
        String[] replays = new String[2];
        for (int i = 0; i < 2; i++) {
            Path trace = dir.resolve("t" + i);
            assertEquals(0, Cli.run("record", "--no-progress", "--harts", "2", "-o", trace.toString(),
                    guest("threads").toString()).exitStatus());
            replays[i] = Cli.run("replay", trace.toString()).stdout();
        }
        assertEquals(replays[0], replays[1]);
    }

    @Test
    void withoutSleepTimeASleepTakesNoTime() {
        double with = sleeperDuration();
        double without = sleeperDuration("--no-sleep-time");
        assertTrue(with >= 2000, "nanosleep(2 ms) inside sleeper: " + with + " us");
        assertTrue(without < 100, "without sleep-time the time the thread slept is left out: " + without + " us");
    }

    /** The duration of the {@code sleeper()} call in microseconds. */
    private double sleeperDuration(String... options) {
        String[] args = new String[6 + options.length];
        args[0] = "run";
        args[1] = "--trace";
        args[2] = "function_graph";
        args[3] = "-F";
        args[4] = "sleeper";
        System.arraycopy(options, 0, args, 5, options.length);
        args[args.length - 1] = guest("sleepers").toString();
        Cli.Outcome run = Cli.run(args);
        assertEquals(0, run.exitStatus(), run.toString());
        Matcher close = Pattern.compile("([\\d.]+) us +\\|  } /\\* sleeper").matcher(run.stdout());
        assertTrue(close.find(), run.stdout());
        return Double.parseDouble(close.group(1));
    }

    @Test
    void aProbeHitNamesTheThreadItHit() {
        Cli.Outcome run = Cli.run("run", "--probe", "p:fib_n fib n=$arg1:s64", guest("fib").toString(), "3");
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(run.stdout().contains("fib-1       [000]"), "the main thread is thread 1: " + run.stdout());
        assertTrue(run.stdout().contains("fib_n: (fib+0x0/0x"), run.stdout());
        assertTrue(run.stdout().endsWith("fib(3) = 2\n"), run.stdout());
        assertEquals("probe fib_n: 5 hits, 0 missed\n", run.stderr());
    }

    @Test
    void straceShowsTheSystemCalls() {
        Cli.Outcome run = Cli.run("run", "--strace", guest("hello").toString());
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(run.stderr().contains("set_tid_address(0x"), run.stderr());
        assertTrue(run.stderr().contains("readlinkat(AT_FDCWD, \"/proc/self/exe\", 0x"), run.stderr());
        assertTrue(run.stderr().contains("write(1, \"hello, world\\nstrlen = 12\\nargv[0]\"..., "), run.stderr());
        assertTrue(run.stderr().endsWith("exit_group(0) = ?\n"), run.stderr());
    }

    @Test
    void theRootAndTheEnvironmentAreTheGuests() throws IOException {
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.writeString(root.resolve("input.txt"), "from the root\n");
        Cli.Outcome run = Cli.run("run", "--root", root.toString(), guest("readfile").toString());
        assertEquals("1: from the root\n1 lines, 14 bytes\n", run.stdout(), run.toString());
        Cli.Outcome missing = Cli.run("run", "--root", dir.resolve("nope").toString(), guest("readfile").toString());
        assertEquals(2, missing.exitStatus());
        assertEquals("fgraph: --root=" + dir.resolve("nope") + ": no such directory\n", missing.stderr());
        Cli.Outcome badEnv = Cli.run("run", "--env", "NOEQUALS", guest("hello").toString());
        assertEquals("fgraph: --env=NOEQUALS: must be NAME=VALUE\n", badEnv.stderr());
    }

    @Test
    void statsCountTheInstructionsOfEveryHart() {
        Cli.Outcome run = Cli.run("run", "--stats", "--harts", "2", guest("threads").toString());
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(run.stderr().contains("  hart 1: "), run.stderr());
        assertTrue(run.stderr().contains("threads: 4"), run.stderr());
    }
}
