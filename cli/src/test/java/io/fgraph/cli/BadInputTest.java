package io.fgraph.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad files and bad options: exit status 2, a short message on stderr, never a stack trace. */
class BadInputTest {

    private static final int EI_CLASS_OFFSET = 4;
    private static final int EI_OSABI_OFFSET = 7;
    private static final int E_MACHINE_OFFSET = 18;

    @TempDir
    Path dir;

    /** Exit 2 and exactly one line on stderr: "fgraph: " + the expected text. */
    private static void assertUserError(Cli.Outcome run, String expected) {
        assertEquals(2, run.exitStatus(), run.toString());
        assertEquals("", run.stdout(), run.toString());
        assertEquals(1, run.stderr().lines().count(), run.toString());
        assertEquals("fgraph: " + expected + "\n", run.stderr().replace(System.lineSeparator(), "\n"));
    }

    private static void assertNoStackTrace(Cli.Outcome run) {
        assertFalse(run.stderr().lines().anyMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by:")
                || line.startsWith("Exception in thread")), run.toString());
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("missing.elf");
        assertUserError(Cli.run("run", missing.toString()), missing + ": no such file");
    }

    @Test
    void directory() {
        assertUserError(Cli.run("run", dir.toString()), dir + ": is a directory, not an ELF program");
    }

    @Test
    void textFile() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "#!/bin/sh\necho hello\n");
        assertUserError(Cli.run("run", text.toString()), text + ": not an ELF file (magic=23212f62)");
    }

    @Test
    void emptyFile() throws IOException {
        Path empty = Files.write(dir.resolve("empty.elf"), new byte[0]);
        assertUserError(Cli.run("run", empty.toString()), empty + ": empty file (size=0)");
    }

    @Test
    void thirtyTwoBitFile() throws IOException {
        Path elf = Cli.guest(dir, "hello");
        byte[] bytes = Files.readAllBytes(elf);
        bytes[EI_CLASS_OFFSET] = 1;
        Files.write(elf, bytes);
        assertUserError(Cli.run("run", elf.toString()), elf + ": 32-bit ELF (EI_CLASS=1): only ELF64 is supported");
    }

    @Test
    void otherArchitecture() throws IOException {
        Path elf = Cli.guest(dir, "hello");
        byte[] bytes = Files.readAllBytes(elf);
        bytes[E_MACHINE_OFFSET] = 62; // EM_X86_64
        bytes[E_MACHINE_OFFSET + 1] = 0;
        Files.write(elf, bytes);
        assertUserError(Cli.run("run", elf.toString()), elf + ": not a RISC-V ELF (e_machine=62)");
    }

    @Test
    void truncatedFile() throws IOException {
        Path elf = Cli.guest(dir, "hello");
        byte[] bytes = Files.readAllBytes(elf);
        Files.write(elf, java.util.Arrays.copyOf(bytes, 4096));
        Cli.Outcome run = Cli.run("run", elf.toString());
        assertEquals(2, run.exitStatus(), run.toString());
        assertTrue(run.stderr().startsWith("fgraph: " + elf + ": truncated: "), run.stderr());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
    }

    @Test
    void programMarkedLinuxRunsOnTheLinuxPlatformAndDiesOfItsSignalInOneLine() throws IOException {
        Path elf = Cli.guest(dir, "hello");
        byte[] bytes = Files.readAllBytes(elf);
        bytes[EI_OSABI_OFFSET] = 3; // ELFOSABI_GNU: what a Linux toolchain may set
        Files.write(elf, bytes);
        // picolibc's start-up code touches machine-mode CSRs: in a Linux process that is SIGILL
        Cli.Outcome run = Cli.run("run", elf.toString());
        assertEquals(128 + 4, run.exitStatus(), run.toString());
        assertTrue(run.stderr().startsWith("fgraph: hart 0: illegal instruction at pc 0x"), run.stderr());
        assertTrue(run.stderr().endsWith(" in thread 1: killed by SIGILL\n"), run.stderr());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertNoStackTrace(run);
    }

    @Test
    void linuxOptionsOnABareMetalProgramAreRefused() {
        Path elf = Cli.guest(dir, "hello");
        assertUserError(Cli.run("run", "--root", dir.toString(), elf.toString()),
                elf + ": --root, --env, --seed and --strace are for Linux programs; this is a bare-metal program");
    }

    @Test
    void programThatDoesNotFitInRam() {
        Cli.Outcome run = Cli.run("run", Cli.guest(dir, "fib").toString(), "--ram-size", "1");
        assertEquals(2, run.exitStatus(), run.toString());
        assertTrue(run.stderr().startsWith("fgraph: "), run.stderr());
        assertTrue(run.stderr().endsWith("(try a larger --ram-size)\n"), run.stderr());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertNoStackTrace(run);
    }

    @Test
    void pathThatIsNotAValidFileName() {
        Cli.Outcome run = Cli.run("run", "bad\u0000name.elf");
        assertEquals(2, run.exitStatus(), run.toString());
        assertTrue(run.stderr().contains("PROGRAM.elf"), run.stderr());
        assertEquals(1, run.stderr().lines().count(), run.toString());
        assertNoStackTrace(run);
    }

    @Test
    void zeroHarts() {
        assertUserError(Cli.run("run", "--harts", "0", Cli.guest(dir, "hello").toString()), "--harts=0: must be 1..64");
    }

    @Test
    void tooManyHarts() {
        assertUserError(Cli.run("run", "--harts", "65", Cli.guest(dir, "hello").toString()), "--harts=65: must be 1..64");
    }

    @Test
    void negativeInstructionLimit() {
        assertUserError(Cli.run("run", Cli.guest(dir, "hello").toString(), "--max-instructions=-5"),
                "--max-instructions=-5: must be >= 0");
    }

    @Test
    void badRamSize() {
        assertUserError(Cli.run("run", Cli.guest(dir, "hello").toString(), "--ram-size", "0"), "--ram-size=0: must be 1..2047 MiB");
    }

    @Test
    void nonNumericHartsIsOneLineNotAUsageDump() {
        assertUserError(Cli.run("run", "--harts", "abc", Cli.guest(dir, "hello").toString()),
                "Invalid value for option '--harts': 'abc' is not an int (try 'fgraph run --help')");
    }

    @Test
    void unknownOptionIsOneLineWithTheClosestOption() {
        assertUserError(Cli.run("run", "--tarce", "function_graph", Cli.guest(dir, "hello").toString()),
                "Unknown option: '--tarce'; did you mean --trace or --strace? (try 'fgraph run --help')");
    }

    @Test
    void missingProgramIsOneLine() {
        assertUserError(Cli.run("run"), "Missing required parameter: 'PROGRAM.elf' (try 'fgraph run --help')");
    }

    @Test
    void missingRequiredOptionIsOneLine() {
        assertUserError(Cli.run("record", Cli.guest(dir, "hello").toString()),
                "Missing required option: '--output=DIR' (try 'fgraph record --help')");
    }

    @Test
    void noCommandIsOneLine() {
        assertUserError(Cli.run(), "missing command (run, record, info, replay, report, graph, dump, export) "
                + "(try 'fgraph --help')");
    }

    @Test
    void unknownCommandIsOneLineWithTheClosestCommand() {
        assertUserError(Cli.run("rnu", "x.elf"), "Unmatched arguments from index 0: 'rnu', 'x.elf'; did you mean run? "
                + "(try 'fgraph --help')");
    }
}
