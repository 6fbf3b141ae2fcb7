package io.fgraph.probes;

import io.fgraph.core.Fgraph;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.ElfFormatException;
import io.fgraph.emulator.elf.Symbol;
import io.fgraph.emulator.platform.BareMetalPlatform;
import io.fgraph.emulator.platform.ProgramLoadException;
import io.fgraph.testsupport.GuestPrograms;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A committed guest program booted with kprobes installed (and fgraph, if asked), for the probe tests. */
final class ProbedGuest {
    final ElfFile elf;
    final Machine machine;
    final Fgraph fgraph;
    final Kprobes kprobes;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private ProbedGuest(String name, MachineConfig config, boolean withFgraph, KprobeStepMode mode, String... args) {
        this.elf = elf(name);
        MachineConfig console = config.withArguments(List.of(args))
                .withConsole(InputStream.nullInputStream(), out, new ByteArrayOutputStream());
        try {
            this.machine = BareMetalPlatform.boot(elf, console);
        } catch (ProgramLoadException e) {
            throw new IllegalStateException(e);
        }
        this.fgraph = withFgraph ? Fgraph.install(machine, elf) : null;
        this.kprobes = Kprobes.install(machine, elf, fgraph, mode);
    }

    static ProbedGuest boot(String name, String... args) {
        return new ProbedGuest(name, MachineConfig.defaults(), false, KprobeStepMode.OUT_OF_LINE, args);
    }

    static ProbedGuest withFgraph(String name, String... args) {
        return new ProbedGuest(name, MachineConfig.defaults(), true, KprobeStepMode.OUT_OF_LINE, args);
    }

    static ProbedGuest boot(String name, MachineConfig config, boolean withFgraph, KprobeStepMode mode, String... args) {
        return new ProbedGuest(name, config, withFgraph, mode, args);
    }

    RunResult run() {
        return machine.run();
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    long address(String symbol) {
        return elf.symbolAddress(symbol).orElseThrow();
    }

    Symbol function(String name) {
        return elf.symbols().byName(name).orElseThrow();
    }

    byte[] text(long address, int length) {
        return machine.memory().read(address, length);
    }

    static ElfFile elf(String name) {
        try {
            return ElfFile.parse(GuestPrograms.bytes(name));
        } catch (ElfFormatException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }
}
