package io.fgraph.probes.kretprobe;

import io.fgraph.core.Fgraph;
import io.fgraph.core.TaskModel;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.ElfFormatException;
import io.fgraph.emulator.hook.ReturnAddressTranslator;
import io.fgraph.emulator.platform.BareMetalPlatform;
import io.fgraph.emulator.platform.ProgramLoadException;
import io.fgraph.probes.KprobeStepMode;
import io.fgraph.probes.Kprobes;
import io.fgraph.testsupport.GuestPrograms;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A committed guest booted with return probes of one implementation (and fgraph when it needs it or is asked for). */
final class KretprobeGuest {
    enum Kind { CLASSIC, FGRAPH }

    final ElfFile elf;
    final Machine machine;
    final Fgraph fgraph;
    final Kprobes kprobes;
    final Kretprobes kretprobes;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private KretprobeGuest(String name, Kind kind, boolean withFgraph, String... args) {
        this.elf = elf(name);
        MachineConfig config = MachineConfig.defaults().withArguments(List.of(args))
                .withConsole(InputStream.nullInputStream(), out, new ByteArrayOutputStream());
        try {
            this.machine = BareMetalPlatform.boot(elf, config);
        } catch (ProgramLoadException e) {
            throw new IllegalStateException(e);
        }
        this.fgraph = withFgraph || kind == Kind.FGRAPH ? Fgraph.install(machine, elf) : null;
        this.kprobes = Kprobes.install(machine, elf, fgraph, KprobeStepMode.OUT_OF_LINE);
        this.kretprobes = kind == Kind.FGRAPH
                ? new FgraphKretprobes(fgraph, elf.symbols())
                : ClassicKretprobes.install(kprobes, elf, TaskModel.PER_HART,
                        fgraph != null ? fgraph : ReturnAddressTranslator.IDENTITY);
    }

    static KretprobeGuest boot(Kind kind, String name, String... args) {
        return new KretprobeGuest(name, kind, false, args);
    }

    static KretprobeGuest withFgraph(Kind kind, String name, String... args) {
        return new KretprobeGuest(name, kind, true, args);
    }

    RunResult run() {
        return machine.run();
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String functionAt(long address) {
        return elf.symbols().containing(address).map(s -> s.name()).orElse("?");
    }

    static ElfFile elf(String name) {
        try {
            return ElfFile.parse(GuestPrograms.bytes(name));
        } catch (ElfFormatException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }
}
