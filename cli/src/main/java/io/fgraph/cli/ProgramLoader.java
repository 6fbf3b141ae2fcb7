package io.fgraph.cli;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.ElfFormatException;
import io.fgraph.emulator.platform.BareMetalPlatform;
import io.fgraph.emulator.platform.ProgramLoadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a guest ELF and boots it, turning every problem into a one-line {@link UserError}. */
final class ProgramLoader {
    private ProgramLoader() {
    }

    static ElfFile read(Path program) {
        if (Files.isDirectory(program)) {
            throw new UserError(program + ": is a directory, not an ELF program");
        }
        try {
            return ElfFile.read(program);
        } catch (NoSuchFileException e) {
            throw new UserError(program + ": no such file");
        } catch (IOException e) {
            throw new UserError(program + ": cannot read: " + IoErrors.reason(e, program));
        } catch (ElfFormatException e) {
            throw new UserError(program + ": " + e.getMessage());
        }
    }

    static Machine boot(Path program, ElfFile elf, MachineConfig config) {
        try {
            return BareMetalPlatform.boot(elf, config);
        } catch (ProgramLoadException e) {
            throw new UserError(program + ": " + e.getMessage() + (e.largerRamWouldFit() ? " (try a larger --ram-size)" : ""));
        }
    }
}
