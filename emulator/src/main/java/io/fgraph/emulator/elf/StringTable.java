package io.fgraph.emulator.elf;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A string table section ({@code SHT_STRTAB}): NUL-terminated names looked up by byte index.
 *
 * <p>Every lookup is bounded by the section, and the total number of bytes decoded is capped at a
 * small multiple of the section size, so a hostile file cannot make name resolution quadratic.
 */
final class StringTable {

    /** Decoded bytes allowed per byte of table, on top of {@link #DECODE_BUDGET_SLACK_LENGTH}. */
    static final long DECODE_BUDGET_FACTOR = 8;
    static final long DECODE_BUDGET_SLACK_LENGTH = 1 << 16;

    private final ElfBytes in;
    private final SectionHeader section;
    private final int start;
    private final int end;
    private final Map<Long, String> cache = new HashMap<>();
    private long budget;

    private StringTable(ElfBytes in, SectionHeader section, int start) {
        this.in = in;
        this.section = section;
        this.start = start;
        this.end = start + (int) section.size();
        this.budget = DECODE_BUDGET_FACTOR * section.size() + DECODE_BUDGET_SLACK_LENGTH;
    }

    /**
     * A name from a (possibly hostile) file made safe for a one-line message: control characters
     * become {@code \n}, {@code \r}, {@code \t} or {@code \xNN}; everything else is kept.
     */
    static String printable(String name) {
        StringBuilder out = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
            if (control && out == null) {
                out = new StringBuilder(name.length() + 8).append(name, 0, i);
            }
            if (!control) {
                if (out != null) {
                    out.append(c);
                }
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format("\\x%02x", (int) c));
            }
        }
        return out == null ? name : out.toString();
    }

    /**
     * Opens a section as a string table.
     *
     * @throws ElfFormatException if the section is not {@code SHT_STRTAB} or lies outside the file
     */
    static StringTable of(ElfBytes in, SectionHeader section) throws ElfFormatException {
        if (section.type() != SectionHeader.SHT_STRTAB) {
            throw new ElfFormatException(section.describe() + " is not a string table (sh_type="
                    + section.type() + ", expected " + SectionHeader.SHT_STRTAB + ")");
        }
        return new StringTable(in, section, section.dataOffset(in));
    }

    /**
     * The NUL-terminated string starting at byte {@code index} of the table.
     *
     * @param index unsigned byte index, e.g. {@code st_name} or {@code sh_name}
     * @throws ElfFormatException if the index is outside the table or the string is unterminated
     */
    String get(long index) throws ElfFormatException {
        if (Long.compareUnsigned(index, section.size()) >= 0) {
            throw new ElfFormatException(String.format("bad string index (name=0x%x): outside string table %s (sh_size=0x%x)",
                    index, section.describe(), section.size()));
        }
        String cached = cache.get(index);
        if (cached != null) {
            return cached;
        }
        int from = start + (int) index;
        int nul = in.indexOfNul(from, end);
        if (nul < 0) {
            throw new ElfFormatException(String.format("unterminated string at index 0x%x in string table %s",
                    index, section.describe()));
        }
        budget -= nul - from + 1;
        if (budget < 0) {
            throw new ElfFormatException("too many overlapping names in string table " + section.describe()
                    + " (sh_size=" + section.size() + ")");
        }
        String value = new String(in.raw(), from, nul - from, StandardCharsets.UTF_8);
        cache.put(index, value);
        return value;
    }
}
