package io.fgraph.emulator.platform;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.elf.ElfFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Loads the committed guest ELFs from the classpath (module {@code guest}) and runs them. */
final class GuestRunner {
    private GuestRunner() {
    }

    static ElfFile elf(String name) {
        try (InputStream in = GuestRunner.class.getResourceAsStream("/guest/" + name + ".elf")) {
            if (in == null) {
                throw new IllegalStateException("guest program " + name + " is not on the classpath");
            }
            return ElfFile.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (io.fgraph.emulator.elf.ElfFormatException e) {
            throw new IllegalStateException(e);
        }
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
