package io.fgraph.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input to replay, report, graph, dump and export: exit 2, one "fgraph: ..." line, no stack trace. */
class AnalysisBadInputTest {
    @TempDir
    Path dir;

    private static void assertUserError(Cli.Outcome run, String expected) {
        assertEquals(2, run.exitStatus(), run.toString());
        assertEquals(1, run.stderr().lines().count(), run.toString());
        assertTrue(run.stderr().startsWith("fgraph: "), run.toString());
        assertTrue(run.stderr().contains(expected), run.toString());
        assertFalse(run.stderr().contains("\tat "), run.toString());
    }

    @Test
    void missingDirectory() {
        Path missing = dir.resolve("nope");
        for (String command : new String[] {"replay", "report", "dump"}) {
            assertUserError(Cli.run(command, missing.toString()), "missing: no such trace directory " + missing);
        }
        assertUserError(Cli.run("graph", missing.toString(), "main"), "missing: no such trace directory");
        assertUserError(Cli.run("export", missing.toString(), "--folded", dir.resolve("f").toString()), "missing:");
    }

    @Test
    void notATrace() throws Exception {
        Path file = Files.writeString(dir.resolve("file.txt"), "hello");
        assertUserError(Cli.run("replay", file.toString()), "not a trace: " + file + " is a file");
        assertUserError(Cli.run("report", dir.toString()), "not a trace: " + dir + " has no trace.header");
    }

    @Test
    void unknownFunction() {
        assertUserError(Cli.run("graph", RecordedTraces.get("chain").toString(), "no_such_function"),
                "FUNC=no_such_function: no such function in chain.elf");
    }

    @Test
    void unknownTask() {
        for (String command : new String[] {"replay", "report"}) {
            Cli.Outcome outcome = Cli.run(command, RecordedTraces.get("chain").toString(), "--tid", "7");
            assertUserError(outcome, "--tid=7: no such task in this trace (its tasks are 0..0)");
            assertEquals("", outcome.stdout(), command + " prints nothing before the error");
        }
    }

    @Test
    void badSortKey() {
        assertUserError(Cli.run("report", RecordedTraces.get("chain").toString(), "-s", "speed"),
                "--sort=speed: sort key 'speed': unknown (keys: total, total-avg, total-min, total-max, self, self-avg, "
                        + "self-min, self-max, call, size, func; avg, min, max)");
    }

    @Test
    void badTimes() {
        String trace = RecordedTraces.get("chain").toString();
        assertUserError(Cli.run("replay", trace, "-t", "fast"), "--time-filter='fast': not a duration");
        assertUserError(Cli.run("replay", trace, "-r", "5us"), "--time-range='5us': must be FROM~TO");
        assertUserError(Cli.run("replay", trace, "-r", "5us~1us"), "--time-range='5us~1us': FROM is after TO");
        assertUserError(Cli.run("report", trace, "-r", "1x~"), "--time-range='1x': not a duration");
    }

    @Test
    void badOptions() {
        String trace = RecordedTraces.get("chain").toString();
        assertUserError(Cli.run("replay", trace, "--format", "xml"), "--format=xml: must be ftrace or uftrace");
        assertUserError(Cli.run("replay", trace, "-D", "-1"), "--depth=-1: must be >= 0");
        assertUserError(Cli.run("export", trace), "nothing to export");
        assertUserError(Cli.run("dump", trace, "--merged", "--tid", "0"), "--merged and --tid: choose one");
        assertUserError(Cli.run("export", trace, "--folded", dir.resolve("no/such/dir/f").toString()),
                "--folded=" + dir.resolve("no/such/dir/f") + ": cannot write");
    }

    @Test
    void uftraceDirectoryMustBeEmpty() throws Exception {
        Files.writeString(dir.resolve("x"), "x");
        assertUserError(Cli.run("export", RecordedTraces.get("chain").toString(), "--uftrace", dir.toString()),
                "--uftrace=" + dir + ": uftrace directory " + dir + " is not empty");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"replay", "report", "graph", "dump", "export"}) {
            Cli.Outcome help = Cli.run(command, "--help");
            assertEquals(0, help.exitStatus(), help.toString());
            assertTrue(help.stdout().startsWith("Usage: fgraph " + command), help.stdout());
        }
    }
}
