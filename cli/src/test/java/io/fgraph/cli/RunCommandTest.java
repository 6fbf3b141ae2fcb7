package io.fgraph.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fgraph run} on the committed guest programs: output, exit status, reports, statistics. */
class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    void runsHelloWithItsArgumentsAndExitsZero() {
        Cli.Outcome run = Cli.run("run", Cli.guest(dir, "hello").toString(), "one", "two");
        assertEquals(0, run.exitStatus(), run.toString());
        assertEquals("hello, world\nargv[0] = program-name\nargv[1] = one\nargv[2] = two\n", run.stdout());
        assertEquals("", run.stderr());
    }

    @Test
    void guestArgumentsStartingWithADashGoAfterTheDoubleDash() {
        Cli.Outcome run = Cli.run("run", Cli.guest(dir, "hello").toString(), "--", "--stats", "-x");
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(run.stdout().contains("argv[1] = --stats\nargv[2] = -x\n"), run.toString());
        assertEquals("", run.stderr(), "--stats after -- belongs to the guest");
    }

    @Test
    void fibPrintsItsResult() {
        Cli.Outcome run = Cli.run("run", Cli.guest(dir, "fib").toString(), "15");
        assertEquals(0, run.exitStatus(), run.toString());
        assertEquals("fib(15) = 610\n", run.stdout());
    }

    @Test
    void theGuestsExitCodeIsTheExitStatus() {
        // fib.c: a bad argument prints its usage and returns 2; the CLI says nothing itself.
        Cli.Outcome run = Cli.run("run", Cli.guest(dir, "fib").toString(), "abc");
        assertEquals(2, run.exitStatus(), run.toString());
        assertEquals("usage: fib [N]  (0 <= N <= 90)\n", run.stdout());
        assertEquals("", run.stderr());
    }

    @Test
    void aFailedTohostTestExitsOneWithAReport() {
        Cli.Outcome run = Cli.run("run", Cli.guest(dir, "tohost_fail").toString());
        assertEquals(1, run.exitStatus(), run.toString());
        assertEquals("fgraph: tohost: test 3 failed (tohost=0x7)\n", run.stderr());
        assertEquals(0, Cli.run("run", Cli.guest(dir, "tohost_pass").toString()).exitStatus());
    }

    @Test
    void theInstructionLimitEndsTheRunWithAOneLineReport() {
        Cli.Outcome run = Cli.run("run", Cli.guest(dir, "fib").toString(), "--max-instructions", "1000");
        assertEquals(123, run.exitStatus(), run.toString());
        assertEquals("", run.stdout());
        Matcher report = Pattern.compile(
                "fgraph: hart 0: at pc 0x([0-9a-f]+) \\(([A-Za-z_]\\w*)(\\+0x[0-9a-f]+)?\\): instruction limit of 1000 reached, bits 0x[0-9a-f]+.*\n")
                .matcher(run.stderr());
        assertTrue(report.matches(), run.stderr());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
    }

    @Test
    void theInstructionLimitIsDeterministic() {
        String elf = Cli.guest(dir, "fib").toString();
        assertEquals(Cli.run("run", elf, "--max-instructions", "54321").stderr(),
                Cli.run("run", elf, "--max-instructions", "54321").stderr());
    }

    @Test
    void statsPrintInstructionsWallTimeAndMips() {
        Cli.Outcome run = Cli.run("run", Cli.guest(dir, "fib").toString(), "12", "--stats");
        assertEquals(0, run.exitStatus(), run.toString());
        assertEquals("fib(12) = 144\n", run.stdout());
        Matcher stats = Pattern.compile("instructions: (\\d+)\nwall time: \\d+\\.\\d{3} s\nMIPS: \\d+\\.\\d\n"
                + "translated: (off|\\d+ instructions \\(\\d+\\.\\d%\\) by \\d+ units of \\d+ blocks, \\d+ dropped)\nstop: exit\n")
                .matcher(run.stderr());
        assertTrue(stats.matches(), run.stderr());
        long instructions = Long.parseLong(stats.group(1));
        // fib(12) makes 2*fib(13)-1 = 465 calls of at least a dozen instructions each.
        assertTrue(instructions > 465 * 12, run.stderr());
    }

    @Test
    void statsSayHowMuchRanTranslatedAndNoTranslateTurnsTheTierOff() {
        // the default threshold given explicitly, whatever tier this test run defaults to (see SuiteTierTest)
        String fib = Cli.guest(dir, "fib").toString();
        Cli.Outcome translated = Cli.run("run", fib, "18", "--stats", "--translate-threshold", "32");
        Cli.Outcome interpreted = Cli.run("run", fib, "18", "--stats", "--no-translate");
        assertEquals(0, translated.exitStatus(), translated.toString());
        assertEquals(0, interpreted.exitStatus(), interpreted.toString());
        assertEquals(translated.stdout(), interpreted.stdout());
        assertEquals(instructions(translated), instructions(interpreted), "the same instructions on both tiers");
        assertTrue(interpreted.stderr().contains("\ntranslated: off\n"), interpreted.stderr());
        Matcher share = Pattern.compile("\ntranslated: (\\d+) instructions \\((\\d+\\.\\d)%\\) by (\\d+) units of \\d+ blocks, 0 dropped\n")
                .matcher(translated.stderr());
        assertTrue(share.find(), translated.stderr());
        // fib(18) runs ~0.2 M instructions, nearly all in fib itself: hot from its first calls on
        assertTrue(Double.parseDouble(share.group(2)) > 90, translated.stderr());
        assertTrue(Long.parseLong(share.group(3)) > 0, translated.stderr());
    }

    private static long instructions(Cli.Outcome outcome) {
        Matcher m = Pattern.compile("instructions: (\\d+)\n").matcher(outcome.stderr());
        assertTrue(m.find(), outcome.stderr());
        return Long.parseLong(m.group(1));
    }

    @Test
    void statsListEveryHartOfAMultiHartRun() {
        Cli.Outcome run = Cli.run("run", Cli.guest(dir, "multihart").toString(), "--harts", "3", "--stats");
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(Pattern.compile("(?s)instructions: \\d+\n  hart 0: \\d+\n  hart 1: \\d+\n  hart 2: \\d+\nwall time.*")
                .matcher(run.stderr()).matches(), run.stderr());
    }

    @Test
    void helpAndVersionExitZero() {
        Cli.Outcome help = Cli.run("run", "--help");
        assertEquals(0, help.exitStatus(), help.toString());
        assertTrue(help.stdout().contains("Exit status:") && help.stdout().contains("123"), help.stdout());
        Cli.Outcome version = Cli.run("--version");
        assertEquals(0, version.exitStatus());
        assertTrue(version.stdout().startsWith("fgraph "), version.stdout());
    }
}
