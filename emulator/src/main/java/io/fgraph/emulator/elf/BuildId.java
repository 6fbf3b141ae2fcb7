package io.fgraph.emulator.elf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Identifies a program image: the GNU build ID note if there is one ({@code .note.gnu.build-id}
 * first, then any other note section or segment, see {@link ElfNotes}), otherwise a digest.
 */
final class BuildId {

    static final String SECTION_NAME = ".note.gnu.build-id";
    static final int NT_GNU_BUILD_ID = 3;
    static final int NOTE_HEADER_LENGTH = ElfNotes.NOTE_HEADER_LENGTH;
    static final int DIGEST_PREFIX_LENGTH = 16;
    static final String DIGEST_PREFIX = "sha256:";

    private BuildId() {
    }

    /**
     * The lowercase hex build ID, or {@code "sha256:"} plus the hex of the first 16 bytes of the
     * file's SHA-256.
     *
     * @throws ElfFormatException if a note's descriptor lies outside the file (it does not: see {@link ElfNotes})
     */
    static String of(ElfBytes in, List<ElfNotes.Note> notes) throws ElfFormatException {
        ElfNotes.Note found = null;
        for (ElfNotes.Note note : notes) {
            if (note.isGnu(NT_GNU_BUILD_ID) && note.descSize() > 0) {
                if (note.section().equals(SECTION_NAME)) {
                    found = note;
                    break;
                }
                if (found == null) {
                    found = note;
                }
            }
        }
        return found == null ? digest(in.raw()) : HexFormat.of().formatHex(in.copy(found.descOffset(), found.descSize()));
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
