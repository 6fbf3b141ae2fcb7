package io.fgraph.emulator.linux;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.testsupport.GuestPrograms;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** Runs a committed Linux guest program on the Linux platform and keeps what it printed. */
final class LinuxRun {
    /** What a run gave. */
    record Outcome(RunResult result, String stdout, String stderr, String strace, Machine machine) {
        int exitStatus() {
            return result.exitStatus();
        }

        @Override
        public String toString() {
            return result + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private LinuxRun() {
    }

    /** Boots guest {@code name} with root {@code root} (where the program is copied too) and runs it. */
    static Outcome run(Path root, String name, List<String> arguments) {
        return run(root, name, arguments, c -> c, l -> l);
    }

    static Outcome run(Path root, String name, List<String> arguments, UnaryOperator<MachineConfig> machine,
                       UnaryOperator<LinuxConfig> linux) {
        Machine booted = boot(root, name, arguments, machine, linux, new Streams());
        return finish(booted);
    }

    /** The streams of one run. */
    static final class Streams {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ByteArrayOutputStream strace = new ByteArrayOutputStream();
        byte[] stdin = new byte[0];
    }

    private static final java.util.Map<Machine, Streams> STREAMS = new java.util.WeakHashMap<>();

    static Machine boot(Path root, String name, List<String> arguments, UnaryOperator<MachineConfig> machine,
                        UnaryOperator<LinuxConfig> linux, Streams streams) {
        try {
            Path program = root.resolve(name + ".elf");
            if (!Files.exists(program)) {
                GuestPrograms.linux().copy(root, name);
            }
            ElfFile elf = ElfFile.read(program);
            MachineConfig config = machine.apply(MachineConfig.defaults().withArguments(arguments)
                    .withConsole(new ByteArrayInputStream(streams.stdin), streams.out, streams.err));
            LinuxConfig settings = linux.apply(LinuxConfig.of(program).withProgramName(name).withRoot(root)
                    .withStrace(new PrintStream(streams.strace, true, StandardCharsets.UTF_8)));
            Machine booted = LinuxPlatform.boot(elf, config, settings);
            synchronized (STREAMS) {
                STREAMS.put(booted, streams);
            }
            return booted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Outcome finish(Machine machine) {
        RunResult result = machine.run();
        Streams streams;
        synchronized (STREAMS) {
            streams = STREAMS.get(machine);
        }
        return new Outcome(result, streams.out.toString(StandardCharsets.UTF_8), streams.err.toString(StandardCharsets.UTF_8),
                streams.strace.toString(StandardCharsets.UTF_8), machine);
    }
}
