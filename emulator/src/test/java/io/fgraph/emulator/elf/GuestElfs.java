package io.fgraph.emulator.elf;

import io.fgraph.testsupport.GuestPrograms;

import java.util.List;

/** The committed guest programs ({@link GuestPrograms}) parsed as {@link ElfFile}s, for the emulator's tests. */
public final class GuestElfs {
    private GuestElfs() {
    }

    /** Every program in {@code guest/elf/}, listed from the directory. */
    public static List<String> names() {
        return GuestPrograms.names();
    }

    public static byte[] bytes(String name) {
        return GuestPrograms.bytes(name);
    }

    public static ElfFile parse(String name) {
        try {
            return ElfFile.parse(bytes(name));
        } catch (ElfFormatException e) {
            throw new AssertionError(name + ": " + e.getMessage(), e);
        }
    }
}
