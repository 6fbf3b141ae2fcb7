package io.fgraph.emulator.linux;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What the Linux platform needs beyond {@link io.fgraph.emulator.MachineConfig}. Immutable; start
 * from {@link #of(Path)} and use the withers.
 *
 * @param program     the ELF file on the host ({@code /proc/self/exe} opens it)
 * @param programName argv[0] and AT_EXECFN: the program as the user named it
 * @param root        the directory the guest sees as {@code /}: every guest path resolves inside it
 * @param environment the guest's environment, {@code NAME=VALUE} strings (empty by default, so runs are reproducible)
 * @param seed        seeds AT_RANDOM, getrandom and /dev/urandom: the same seed gives the same bytes
 * @param strace      where {@code --strace} lines go (every system call with its arguments and result), or null
 * @param terminal    the console is a terminal: {@code isatty} is true for 0, 1 and 2 (glibc then line-buffers
 *                    stdout); false by default, so output does not depend on where it goes
 */
public record LinuxConfig(Path program, String programName, Path root, List<String> environment, long seed,
                          PrintStream strace, boolean terminal) {
    public LinuxConfig {
        environment = List.copyOf(environment);
        for (String variable : environment) {
            if (variable.indexOf('=') <= 0 || variable.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment='" + variable + "': must be NAME=VALUE (a non-empty name, no NUL)");
            }
        }
    }

    /** Defaults for {@code program}: named as given, rooted at the current directory, empty environment, seed 0. */
    public static LinuxConfig of(Path program) {
        return new LinuxConfig(program, program.toString(), Path.of("."), List.of(), 0, null, false);
    }

    public LinuxConfig withRoot(Path r) {
        return new LinuxConfig(program, programName, r, environment, seed, strace, terminal);
    }

    public LinuxConfig withEnvironment(List<String> e) {
        return new LinuxConfig(program, programName, root, e, seed, strace, terminal);
    }

    public LinuxConfig withSeed(long s) {
        return new LinuxConfig(program, programName, root, environment, s, strace, terminal);
    }

    public LinuxConfig withStrace(PrintStream out) {
        return new LinuxConfig(program, programName, root, environment, seed, out, terminal);
    }

    public LinuxConfig withTerminal(boolean t) {
        return new LinuxConfig(program, programName, root, environment, seed, strace, t);
    }

    public LinuxConfig withProgramName(String name) {
        return new LinuxConfig(program, name, root, environment, seed, strace, terminal);
    }
}
