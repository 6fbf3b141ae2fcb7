package io.fgraph.emulator.elf;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which system a program was built for, as far as its headers tell: the one place that decides,
 * so that a platform can switch on it. A program is taken for a Linux program when
 * {@code EI_OSABI} says GNU/Linux, when a GNU ABI tag note names Linux (glibc's {@code crt1.o}
 * adds one to every program, static ones included), or when it asks for a dynamic linker
 * ({@code PT_INTERP}) or carries a dynamic section ({@code PT_DYNAMIC}); for another operating
 * system when {@code EI_OSABI} names one. Anything else (picolibc or newlib with semihosting, the
 * riscv-tests style assembly programs) is bare metal.
 *
 * @param kind     the classification
 * @param evidence what in the file says so, for messages ({@code "its ABI note says Linux 4.15.0"});
 *                 empty for {@link Kind#BARE_METAL}
 */
public record TargetSystem(Kind kind, String evidence) {

    /** The classes of program the emulator tells apart. */
    public enum Kind {
        /** No operating system: the bare-metal platform runs it. */
        BARE_METAL,
        /** A Linux user program (static or dynamic). */
        LINUX,
        /** A program for an operating system other than Linux. */
        OTHER_OS
    }

    static final int ELFOSABI_NONE = 0;
    static final int ELFOSABI_LINUX = 3;
    static final int ELFOSABI_STANDALONE = 255;
    static final int NT_GNU_ABI_TAG = 1;
    /** First word of an ABI tag descriptor: the operating system. */
    static final int GNU_ABI_TAG_LINUX = 0;
    static final int GNU_ABI_TAG_LENGTH = 16;
    /** Longest interpreter path quoted in a message. */
    static final int MAX_QUOTED = 80;

    static final TargetSystem BARE_METAL_PROGRAM = new TargetSystem(Kind.BARE_METAL, "");

    /**
     * Says what the program is, in the words of a message: {@code "a Linux program (its ABI note
     * says Linux 4.15.0)"}.
     */
    public String describe() {
        return switch (kind) {
            case BARE_METAL -> "a bare-metal program";
            case LINUX -> "a Linux program (" + evidence + ")";
            case OTHER_OS -> "a program for another operating system (" + evidence + ")";
        };
    }

    static TargetSystem classify(ElfBytes in, List<ProgramHeader> programHeaders, List<ElfNotes.Note> notes)
            throws ElfFormatException {
        int osAbi = in.u8(ElfHeader.EI_OSABI_OFFSET);
        if (osAbi == ELFOSABI_LINUX) {
            return new TargetSystem(Kind.LINUX, "EI_OSABI=3, GNU/Linux");
        }
        for (ElfNotes.Note note : notes) {
            if (note.isGnu(NT_GNU_ABI_TAG) && note.descSize() >= GNU_ABI_TAG_LENGTH
                    && in.u32(note.descOffset()) == GNU_ABI_TAG_LINUX) {
                int at = note.descOffset();
                return new TargetSystem(Kind.LINUX, "its ABI note says Linux " + in.u32(at + 4) + "." + in.u32(at + 8)
                        + "." + in.u32(at + 12));
            }
        }
        for (ProgramHeader ph : programHeaders) {
            if (ph.type() == ProgramHeader.PT_INTERP) {
                return new TargetSystem(Kind.LINUX, "it asks for the dynamic linker " + interpreter(in, ph));
            }
            if (ph.type() == ProgramHeader.PT_DYNAMIC) {
                return new TargetSystem(Kind.LINUX, "it is dynamically linked (PT_DYNAMIC)");
            }
        }
        if (osAbi != ELFOSABI_NONE && osAbi != ELFOSABI_STANDALONE) {
            return new TargetSystem(Kind.OTHER_OS, "EI_OSABI=" + osAbi);
        }
        return BARE_METAL_PROGRAM;
    }

    static String interpreter(ElfBytes in, ProgramHeader ph) throws ElfFormatException {
        int length = (int) Math.min(ph.filesz(), MAX_QUOTED);
        byte[] path = in.copy(in.region(ph.offset(), length, "PT_INTERP (program header " + ph.index() + ")"), length);
        int end = 0;
        while (end < path.length && path[end] != 0) {
            end++;
        }
        return StringTable.printable(new String(path, 0, end, StandardCharsets.ISO_8859_1));
    }
}
