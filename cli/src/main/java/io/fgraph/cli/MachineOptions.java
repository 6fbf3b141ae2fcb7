package io.fgraph.cli;

import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.TranslationConfig;
import io.fgraph.emulator.linux.LinuxConfig;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options shared by every command that runs a guest program. */
final class MachineOptions {
    @Option(names = "--harts", paramLabel = "N", description = "Number of harts (1-64, default 1).")
    int harts = 1;

    @Option(names = "--parallel", description = "Run each hart on its own host thread (not deterministic).")
    boolean parallel;

    @Option(names = "--max-instructions", paramLabel = "N",
            description = "Stop after N instructions in total (default 0: no limit).")
    long maxInstructions;

    @Option(names = "--ram-size", paramLabel = "MIB", description = "RAM size in MiB (default 64).")
    int ramMiB = MachineConfig.DEFAULT_RAM_SIZE >> 20;

    @Option(names = "--quantum", paramLabel = "N", hidden = true,
            description = "Instructions per hart turn in deterministic mode (default 1000).")
    int quantum = MachineConfig.DEFAULT_QUANTUM;

    @Option(names = "--deliver-traps",
            description = "Deliver illegal-instruction and access-fault exceptions to the guest's trap handler "
                    + "instead of stopping with a report.")
    boolean deliverTraps;

    @Option(names = "--no-translate",
            description = "Interpret every instruction: do not translate hot code to JVM bytecode (the results are the same, slower).")
    boolean noTranslate;

    @Option(names = "--translate-threshold", paramLabel = "N", hidden = true,
            description = "Translate code once an instruction of it has run N times in the interpreter (0: at once; default 32).")
    Integer translateThreshold;
    @Option(names = "--root", paramLabel = "DIR",
            description = "Linux programs: the directory the program sees as / (default: the current directory). "
                    + "Every path it uses resolves inside it.")
    Path root;

    @Option(names = "--env", paramLabel = "NAME=VALUE",
            description = "Linux programs: an environment variable (repeatable; default: an empty environment).")
    List<String> environment = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N",
            description = "Linux programs: seeds AT_RANDOM, getrandom and /dev/urandom (default 0).")
    long seed;

    @Option(names = "--strace", description = "Linux programs: print every system call with its arguments and result on stderr.")
    boolean strace;

    /** The Linux platform's settings for {@code program}. */
    LinuxConfig toLinuxConfig(Path program, PrintStream straceOutput) {
        for (String variable : environment) {
            if (variable.indexOf('=') <= 0) {
                throw new UserError("--env=" + variable + ": must be NAME=VALUE");
            }
        }
        if (root != null && !java.nio.file.Files.isDirectory(root)) {
            throw new UserError("--root=" + root + ": " + (java.nio.file.Files.exists(root) ? "not a directory" : "no such directory"));
        }
        return LinuxConfig.of(program).withRoot(root == null ? Path.of(".") : root).withEnvironment(environment)
                .withSeed(seed).withStrace(strace ? straceOutput : null).withTerminal(System.console() != null);
    }

    /** True if an option only a Linux program takes was given. */
    boolean linuxOptionGiven() {
        return root != null || !environment.isEmpty() || seed != 0 || strace;
    }

    MachineConfig toConfig() {
        if (harts < 1 || harts > MachineConfig.MAX_HARTS) {
            throw new UserError("--harts=" + harts + ": must be 1.." + MachineConfig.MAX_HARTS);
        }
        if (maxInstructions < 0) {
            throw new UserError("--max-instructions=" + maxInstructions + ": must be >= 0");
        }
        if (ramMiB < 1 || ramMiB > 2047) {
            throw new UserError("--ram-size=" + ramMiB + ": must be 1..2047 MiB");
        }
        if (quantum < 1) {
            throw new UserError("--quantum=" + quantum + ": must be >= 1");
        }
        TranslationConfig translation = MachineConfig.defaults().translation();
        if (translateThreshold != null) {
            if (noTranslate) {
                throw new UserError("--translate-threshold and --no-translate contradict each other: give one of them");
            }
            if (translateThreshold < 0 || translateThreshold > TranslationConfig.MAX_THRESHOLD) {
                throw new UserError("--translate-threshold=" + translateThreshold + ": must be 0.." + TranslationConfig.MAX_THRESHOLD);
            }
            translation = new TranslationConfig(true, translateThreshold);
        } else if (noTranslate) {
            translation = TranslationConfig.off();
        }
        return MachineConfig.defaults().withHarts(harts).withParallel(parallel).withMaxInstructions(maxInstructions)
                .withRamSize(ramMiB << 20).withQuantum(quantum).withDeliverFaults(deliverTraps)
                .withTranslation(translation)
                .withConsole(System.in, System.out, System.err) // the guest's console is the user's
                .withLineBufferedConsole(System.console() != null); // a line at a time on a terminal
    }
}
