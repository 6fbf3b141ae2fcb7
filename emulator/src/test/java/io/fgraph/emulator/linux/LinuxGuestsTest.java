package io.fgraph.emulator.linux;

import io.fgraph.emulator.StopReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed glibc guests run as under qemu-riscv64: the same output and exit status (the
 * outputs below are qemu-riscv64 7.2's).
 */
class LinuxGuestsTest {
    @TempDir
    Path root;

    private LinuxRun.Outcome run(String name, String... arguments) {
        return LinuxRun.run(root, name, List.of(arguments));
    }

    @Test
    void printfMallocAndStrings() {
        LinuxRun.Outcome run = run("hello", "one", "two words", "");
        assertEquals("""
                hello, world
                strlen = 12
                argv[0] = hello
                argv[1] = one
                argv[2] = two words
                argv[3] =\s
                HELLO, WORLD
                """, run.stdout(), run.toString());
        assertEquals(0, run.exitStatus(), run.toString());
        assertEquals("", run.stderr());
    }

    @Test
    void qsortCallsBackIntoTheProgram() {
        assertEquals("1 3 7 19 25 42 64 88\n", run("qsort").stdout());
    }

    @Test
    void longjmpLeavesNestedCalls() {
        LinuxRun.Outcome run = run("longjmp");
        assertEquals("longjmp returned 42 from depth 4\n", run.stdout());
        assertEquals(0, run.exitStatus());
    }

    @Test
    void floatingPointOutput() {
        assertEquals("""
                harmonic(10) = 2.9289682540
                area(2.5) = 19.6350
                1e300 * 1e10 = inf
                -0.0 = -0, 0.1 + 0.2 = 0.30000000000000004
                """, run("float").stdout());
    }

    @Test
    void aFileOfTheRootIsRead() throws IOException {
        Files.writeString(root.resolve("input.txt"), "line one\nline two\n");
        LinuxRun.Outcome run = run("readfile");
        assertEquals("1: line one\n2: line two\n2 lines, 18 bytes\n", run.stdout(), run.toString());
        LinuxRun.Outcome missing = run("readfile", "nope.txt");
        assertEquals("nope.txt: No such file or directory\n", missing.stderr());
        assertEquals(1, missing.exitStatus());
    }

    @Test
    void abortEndsTheRunWithStatus134AndSaysSo() {
        LinuxRun.Outcome run = run("fails");
        assertEquals("checking\n", run.stdout());
        assertEquals("fails: second: Invalid argument\n", run.stderr());
        assertEquals(StopReason.KILLED_BY_SIGNAL, run.result().reason());
        assertEquals(134, run.exitStatus());
        assertEquals("SIGABRT raised by thread 1 (abort): killed by SIGABRT", run.result().message());
    }

    @Test
    void pthreadsWithMutexConditionVariableAndJoin() {
        for (int harts : new int[] {1, 2, 4}) {
            LinuxRun.Outcome run = LinuxRun.run(root, "threads", List.of(), c -> c.withHarts(harts), l -> l);
            assertEquals("12 items, total 19789 (expected 19789)\n", run.stdout(), harts + " harts: " + run);
            assertEquals(0, run.exitStatus());
        }
    }

    @Test
    void pthreadsOnParallelHarts() {
        for (int i = 0; i < 5; i++) {
            LinuxRun.Outcome run = LinuxRun.run(root, "threads", List.of(), c -> c.withHarts(3).withParallel(true), l -> l);
            assertEquals("12 items, total 19789 (expected 19789)\n", run.stdout(), run.toString());
        }
    }

    @Test
    void sleepsAndTimedWaitsTakeVirtualTimeNotInstructions() {
        LinuxRun.Outcome run = run("sleepers");
        assertEquals("timedwait: ETIMEDOUT\nslept at least 3 ms: yes\n", run.stdout(), run.toString());
        assertTrue(run.result().instructions() < 3_000_000, "3 ms of sleep cost no instructions: " + run.result().instructions());
    }

    @Test
    void theSameProgramRunsTheSameInstructionsEveryTime() {
        for (String name : List.of("hello", "threads", "sleepers")) {
            long first = LinuxRun.run(root, name, List.of(), c -> c.withHarts(2), l -> l).result().instructions();
            long second = LinuxRun.run(root, name, List.of(), c -> c.withHarts(2), l -> l).result().instructions();
            assertEquals(first, second, name);
        }
    }

    @Test
    void theFileSystemCallsGiveQemusResults() throws IOException {
        LinuxRun.Outcome run = run("files");
        String expected = Files.readString(Path.of("src/test/resources/linux/files.expected"));
        assertEquals(expected, run.stdout(), run.toString());
        assertEquals(List.of("files.elf"), list(root), "the program cleaned up after itself");
    }

    private static List<String> list(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
