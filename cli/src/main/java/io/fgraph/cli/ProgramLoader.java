package io.fgraph.cli;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.ElfFormatException;
import io.fgraph.emulator.elf.TargetSystem;
import io.fgraph.emulator.linux.LinuxPlatform;
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

    /** True if {@code elf} runs on the Linux platform. */
    static boolean isLinux(ElfFile elf) {
        return elf.targetSystem().kind() == TargetSystem.Kind.LINUX;
    }

    /** Boots {@code elf} on the platform its headers ask for: the one place that chooses. */
    static Machine boot(Path program, ElfFile elf, MachineConfig config, MachineOptions options) {
        try {
            if (isLinux(elf)) {
                return LinuxPlatform.boot(elf, config, options.toLinuxConfig(program, System.err));
            }
            if (options.linuxOptionGiven()) {
                throw new UserError(program + ": --root, --env, --seed and --strace are for Linux programs; this is "
                        + elf.targetSystem().describe());
            }
            return BareMetalPlatform.boot(elf, config);
        } catch (ProgramLoadException e) {
            throw new UserError(program + ": " + e.getMessage() + (e.largerRamWouldFit() ? " (try a larger --ram-size)" : ""));
        }
    }
}
