package io.fgraph.core;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.ElfFormatException;
import io.fgraph.emulator.platform.BareMetalPlatform;
import io.fgraph.emulator.platform.ProgramLoadException;
import io.fgraph.testsupport.GuestPrograms;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A committed guest program (module guest) booted on a machine with fgraph installed (tests of every package use it). */
public final class Guest {
    public final ElfFile elf;
    public final Machine machine;
    public final Fgraph fgraph;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private Guest(String name, MachineConfig config, String... args) {
        this.elf = elf(name);
        MachineConfig withConsole = config.withArguments(List.of(args))
                .withConsole(InputStream.nullInputStream(), out, new ByteArrayOutputStream());
        try {
            this.machine = BareMetalPlatform.boot(elf, withConsole);
        } catch (ProgramLoadException e) {
            throw new IllegalStateException(e);
        }
        this.fgraph = Fgraph.install(machine, elf);
    }

    public static Guest boot(String name, String... args) {
        return new Guest(name, MachineConfig.defaults(), args);
    }

    public static Guest boot(String name, MachineConfig config, String... args) {
        return new Guest(name, config, args);
    }

    public RunResult run() {
        return machine.run();
    }

    public String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    long address(String function) {
        return elf.symbolAddress(function).orElseThrow();
    }

    /** The committed guest program {@code name} ({@link GuestPrograms}), parsed. */
    public static ElfFile elf(String name) {
        try {
            return ElfFile.parse(GuestPrograms.bytes(name));
        } catch (ElfFormatException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }
}
