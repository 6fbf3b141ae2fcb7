package io.fgraph.emulator.elf;

import java.util.Arrays;

/**
 * Reads {@code __patchable_function_entries}: the table of patchable NOP-sled addresses that
 * GCC emits for {@code -fpatchable-function-entry=N}, one little-endian 64-bit address per
 * instrumented function. Several sections with that name are concatenated.
 */
final class PatchableEntries {

    static final String SECTION_NAME = "__patchable_function_entries";
    static final int ENTRY_LENGTH = 8;

    private PatchableEntries() {
    }

    /**
     * The entry addresses, sorted ascending (unsigned) without duplicates; empty if absent.
     *
     * @throws ElfFormatException if a section lies outside the file or its size is not a multiple of 8
     */
    static long[] read(ElfBytes in, SectionTable sections) throws ElfFormatException {
        long[] entries = new long[0];
        for (SectionHeader section : sections.named(SECTION_NAME)) {
            if (!section.hasFileBytes()) {
                continue;
            }
            if (Long.remainderUnsigned(section.size(), ENTRY_LENGTH) != 0) {
                throw new ElfFormatException(String.format("%s size is not a multiple of %d (sh_size=0x%x)",
                        section.describe(), ENTRY_LENGTH, section.size()));
            }
            int at = section.dataOffset(in);
            int count = (int) (section.size() / ENTRY_LENGTH);
            int base = entries.length;
            entries = Arrays.copyOf(entries, base + count);
            for (int i = 0; i < count; i++) {
                entries[base + i] = in.u64(at + i * ENTRY_LENGTH);
            }
        }
        return sortedUnsignedDistinct(entries);
    }

    private static long[] sortedUnsignedDistinct(long[] values) {
        // Flipping the sign bit maps unsigned order onto signed order.
        long[] flipped = Arrays.stream(values).map(v -> v ^ Long.MIN_VALUE).sorted().distinct().toArray();
        for (int i = 0; i < flipped.length; i++) {
            flipped[i] ^= Long.MIN_VALUE;
        }
        return flipped;
    }
}
