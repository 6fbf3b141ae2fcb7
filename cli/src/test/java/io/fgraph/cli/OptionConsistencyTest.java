package io.fgraph.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Options that mean nothing in their company are refused, not ignored; every command answers --version; help says what 0 and a bare number mean. */
class OptionConsistencyTest {
    @TempDir
    Path dir;

    private static void assertOneLineError(Cli.Outcome run, String expected) {
        assertEquals(2, run.exitStatus(), run.toString());
        assertEquals("fgraph: " + expected + "\n", run.stderr(), run.toString());
        assertEquals("", run.stdout(), run.toString());
    }

    @Test
    void runDepthWithoutTraceIsRefusedInsteadOfIgnored() {
        assertOneLineError(Cli.run("run", "-D", "3", Cli.guest(dir, "hello").toString()),
                "-D/--depth is a tracer option: it needs --trace function_graph");
    }

    @Test
    void runGraphFilterWithOnlyProfileIsRefused() {
        assertOneLineError(Cli.run("run", "--profile", "-F", "main", Cli.guest(dir, "hello").toString()),
                "-F/--filter is a tracer option: it needs --trace function_graph (--profile uses only --hook, --no-hook, --no-sleep-time and --no-graph-time)");
    }

    @Test
    void runHookWithoutTraceOrProfileIsRefused() {
        assertOneLineError(Cli.run("run", "--hook", "main", Cli.guest(dir, "hello").toString()),
                "--hook is a tracer option: it needs --trace function_graph or --profile");
    }

    @Test
    void runHookWithProfileIsAccepted() {
        Cli.Outcome run = Cli.run("run", "--profile", "--hook", "main", Cli.guest(dir, "hello").toString());
        assertEquals(0, run.exitStatus(), run.toString());
        assertEquals("", run.stderr(), run.toString());
    }

    @Test
    void recordProgressAndNoProgressContradictEachOther() {
        assertOneLineError(Cli.run("record", "--progress", "--no-progress", "-o", dir.resolve("t").toString(),
                Cli.guest(dir, "hello").toString()), "--progress and --no-progress contradict each other: give one of them");
    }

    @Test
    void translateThresholdAndNoTranslateContradictEachOtherAndTheThresholdIsBounded() {
        String hello = Cli.guest(dir, "hello").toString();
        assertOneLineError(Cli.run("run", "--no-translate", "--translate-threshold", "5", hello),
                "--translate-threshold and --no-translate contradict each other: give one of them");
        assertOneLineError(Cli.run("run", "--translate-threshold", "-1", hello),
                "--translate-threshold=-1: must be 0..1073741824");
    }

    @Test
    void everySubcommandAnswersVersion() {
        for (String command : new String[] {"run", "record", "info", "replay", "report", "graph", "dump", "export"}) {
            Cli.Outcome run = Cli.run(command, "--version");
            assertEquals(0, run.exitStatus(), command + ": " + run);
            assertEquals("fgraph 0.1.0\n", run.stdout(), command + ": " + run);
        }
    }

    @Test
    void helpSaysThatZeroIsNoLimitAndABareDurationIsNanoseconds() {
        String run = Cli.run("run", "--help").stdout().replaceAll("\\s+", " ");
        assertTrue(run.contains("At most N levels of calls, from the start or from each -F match (default 0: no limit)"), run);
        assertTrue(run.contains("Stop after N instructions in total (default 0: no limit)"), run);
        assertTrue(run.contains("(a number without a unit is nanoseconds)"), run);
        String replay = Cli.run("replay", "--help").stdout().replaceAll("\\s+", " ");
        assertTrue(replay.contains("(default 0: no limit)") && replay.contains("a number without a unit is nanoseconds"),
                replay);
    }
}
