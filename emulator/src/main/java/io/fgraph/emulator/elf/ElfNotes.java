package io.fgraph.emulator.elf;

import java.util.ArrayList;
import java.util.List;

/**
 * The notes of an ELF file, read from its {@code SHT_NOTE} sections, or from its {@code PT_NOTE}
 * segments when the file has no section headers. Each note is {@code namesz, descsz, type} (32-bit
 * each) followed by the owner name and the descriptor, both padded to 4 bytes (8 for sections
 * aligned to 8). The one reader of that layout: the build ID and the target system both come from it.
 */
final class ElfNotes {
    static final int NOTE_HEADER_LENGTH = 12;
    static final int NAMESZ_OFFSET = 0;
    static final int DESCSZ_OFFSET = 4;
    static final int TYPE_OFFSET = 8;
    static final String GNU_OWNER = "GNU";

    /**
     * One note.
     *
     * @param owner      the owner name without its terminating NUL ({@code "GNU"})
     * @param type       {@code n_type}
     * @param descOffset file offset of the descriptor, which lies inside the file
     * @param descSize   descriptor length in bytes
     * @param section    the note section's name ({@code ""} for a note read from a segment)
     */
    record Note(String owner, long type, int descOffset, int descSize, String section) {
        boolean isGnu(long noteType) {
            return type == noteType && owner.equals(GNU_OWNER);
        }
    }

    private ElfNotes() {
    }

    /**
     * Every note of the file, section by section (or segment by segment) in table order.
     *
     * @throws ElfFormatException if a note section or segment is malformed
     */
    static List<Note> read(ElfBytes in, SectionTable sections, List<ProgramHeader> programHeaders)
            throws ElfFormatException {
        List<Note> notes = new ArrayList<>();
        if (sections.size() > 0) {
            for (SectionHeader note : sections.ofType(SectionHeader.SHT_NOTE)) {
                if (note.hasFileBytes()) {
                    int align = note.alignment() == 8 ? 8 : 4;
                    scan(in, note.dataOffset(in), note.size(), align, note.describe(), note.name(), notes);
                }
            }
            return notes;
        }
        for (ProgramHeader ph : programHeaders) {
            if (ph.type() == ProgramHeader.PT_NOTE && ph.filesz() != 0) {
                String what = "PT_NOTE segment (program header " + ph.index() + ")";
                scan(in, in.region(ph.offset(), ph.filesz(), what), ph.filesz(), 4, what, "", notes);
            }
        }
        return notes;
    }

    /** Walks the notes in {@code [start, start + length)}; the region is already inside the file. */
    private static void scan(ElfBytes in, int start, long length, int align, String what, String section,
                             List<Note> notes) throws ElfFormatException {
        long end = start + length;
        long at = start;
        while (end - at >= NOTE_HEADER_LENGTH) {
            long nameSize = in.u32((int) at + NAMESZ_OFFSET);
            long descSize = in.u32((int) at + DESCSZ_OFFSET);
            long type = in.u32((int) at + TYPE_OFFSET);
            long nameAt = at + NOTE_HEADER_LENGTH;
            long descAt = nameAt + pad(nameSize, align);
            long next = descAt + pad(descSize, align);
            if (descAt + descSize > end) {
                throw new ElfFormatException(String.format(
                        "truncated: note at offset 0x%x in %s extends past its end (namesz=%d, descsz=%d)",
                        at, what, nameSize, descSize));
            }
            notes.add(new Note(owner(in, (int) nameAt, nameSize), type, (int) descAt, (int) descSize, section));
            at = next;
        }
    }

    /** The owner name: its bytes up to the first NUL, as Latin-1 (owners are short ASCII names). */
    private static String owner(ElfBytes in, int at, long size) throws ElfFormatException {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < size; i++) {
            int c = in.u8(at + i);
            if (c == 0) {
                break;
            }
            name.append((char) c);
        }
        return name.toString();
    }

    private static long pad(long size, int align) {
        return (size + align - 1) & -align;
    }
}
