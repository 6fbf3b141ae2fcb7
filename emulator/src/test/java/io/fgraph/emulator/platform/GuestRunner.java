package io.fgraph.emulator.platform;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.GuestElfs;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the committed guest programs ({@link GuestElfs}). */
final class GuestRunner {
    private GuestRunner() {
    }

    static ElfFile elf(String name) {
        return GuestElfs.parse(name);
    }

    record Outcome(RunResult result, String stdout, String stderr, Machine machine) {
    }

    static Outcome run(String name, MachineConfig config, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        MachineConfig withConsole = config.withArguments(List.of(args))
                .withConsole(InputStream.nullInputStream(), out, err);
        try {
            Machine machine = BareMetalPlatform.boot(elf(name), withConsole);
            RunResult result = machine.run();
            return new Outcome(result, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), machine);
        } catch (ProgramLoadException e) {
            throw new IllegalStateException(e);
        }
    }

    static Outcome run(String name, String... args) {
        return run(name, MachineConfig.defaults(), args);
    }
}
