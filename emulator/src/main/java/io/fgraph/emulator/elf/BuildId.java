package io.fgraph.emulator.elf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Identifies a program image: the GNU build ID note if there is one, otherwise a digest.
 *
 * <p>Notes are read from {@code SHT_NOTE} sections ({@code .note.gnu.build-id} first), or from
 * {@code PT_NOTE} segments when the file has no section headers. Each note is
 * {@code namesz, descsz, type} (32-bit each) followed by the name and the descriptor, both padded
 * to 4 bytes (8 for sections aligned to 8).
 */
final class BuildId {

    static final String SECTION_NAME = ".note.gnu.build-id";
    static final int NT_GNU_BUILD_ID = 3;
    static final String GNU_OWNER = "GNU";
    static final int NOTE_HEADER_LENGTH = 12;
    static final int DIGEST_PREFIX_LENGTH = 16;
    static final String DIGEST_PREFIX = "sha256:";

    private BuildId() {
    }

    /**
     * The lowercase hex build ID, or {@code "sha256:"} plus the hex of the first 16 bytes of the
     * file's SHA-256.
     *
     * @throws ElfFormatException if a note section or segment is malformed
     */
    static String of(ElfBytes in, SectionTable sections, List<ProgramHeader> programHeaders)
            throws ElfFormatException {
        Optional<byte[]> id = sections.size() > 0 ? fromSections(in, sections) : fromSegments(in, programHeaders);
        return id.map(bytes -> HexFormat.of().formatHex(bytes)).orElseGet(() -> digest(in.raw()));
    }

    private static Optional<byte[]> fromSections(ElfBytes in, SectionTable sections) throws ElfFormatException {
        List<SectionHeader> notes = sections.ofType(SectionHeader.SHT_NOTE).stream()
                .sorted((a, b) -> Boolean.compare(!a.name().equals(SECTION_NAME), !b.name().equals(SECTION_NAME)))
                .toList();
        for (SectionHeader note : notes) {
            if (!note.hasFileBytes()) {
                continue;
            }
            int align = note.alignment() == 8 ? 8 : 4;
            Optional<byte[]> id = scan(in, note.dataOffset(in), note.size(), align, note.describe());
            if (id.isPresent()) {
                return id;
            }
        }
        return Optional.empty();
    }

    private static Optional<byte[]> fromSegments(ElfBytes in, List<ProgramHeader> programHeaders)
            throws ElfFormatException {
        for (ProgramHeader ph : programHeaders) {
            if (ph.type() == ProgramHeader.PT_NOTE && ph.filesz() != 0) {
                String what = "PT_NOTE segment (program header " + ph.index() + ")";
                Optional<byte[]> id = scan(in, in.region(ph.offset(), ph.filesz(), what), ph.filesz(), 4, what);
                if (id.isPresent()) {
                    return id;
                }
            }
        }
        return Optional.empty();
    }

    /** Walks the notes in {@code [start, start + length)}; the region is already inside the file. */
    private static Optional<byte[]> scan(ElfBytes in, int start, long length, int align, String what)
            throws ElfFormatException {
        long end = start + length;
        long at = start;
        while (end - at >= NOTE_HEADER_LENGTH) {
            long nameSize = in.u32((int) at);
            long descSize = in.u32((int) at + 4);
            long type = in.u32((int) at + 8);
            long nameAt = at + NOTE_HEADER_LENGTH;
            long descAt = nameAt + pad(nameSize, align);
            long next = descAt + pad(descSize, align);
            if (descAt + descSize > end) {
                throw new ElfFormatException(String.format(
                        "truncated: note at offset 0x%x in %s extends past its end (namesz=%d, descsz=%d)",
                        at, what, nameSize, descSize));
            }
            if (type == NT_GNU_BUILD_ID && descSize > 0 && isGnu(in, (int) nameAt, nameSize)) {
                return Optional.of(in.copy((int) descAt, (int) descSize));
            }
            at = next;
        }
        return Optional.empty();
    }

    private static boolean isGnu(ElfBytes in, int at, long size) throws ElfFormatException {
        if (size != GNU_OWNER.length() + 1) {
            return false;
        }
        for (int i = 0; i < GNU_OWNER.length(); i++) {
            if (in.u8(at + i) != GNU_OWNER.charAt(i)) {
                return false;
            }
        }
        return in.u8(at + GNU_OWNER.length()) == 0;
    }

    private static long pad(long size, int align) {
        return (size + align - 1) & -align;
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return DIGEST_PREFIX + HexFormat.of().formatHex(hash, 0, DIGEST_PREFIX_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every Java platform", e);
        }
    }
}
