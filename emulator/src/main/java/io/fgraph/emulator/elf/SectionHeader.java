package io.fgraph.emulator.elf;

/**
 * One entry of the section header table ({@code Elf64_Shdr}) with its resolved name; all 64-bit
 * fields are unsigned.
 *
 * @param index     position in the section header table
 * @param name      the name from the section name string table ({@code ""} if there is none)
 * @param type      {@code sh_type}, e.g. {@link #SHT_SYMTAB}
 * @param flags     {@code sh_flags}, e.g. {@link #SHF_ALLOC}
 * @param address   {@code sh_addr}: where the section lies in memory (for {@link #SHF_ALLOC} sections)
 * @param offset    {@code sh_offset}: where the section's bytes start in the file
 * @param size      {@code sh_size}: length in bytes (no file bytes for {@link #SHT_NOBITS})
 * @param link      {@code sh_link}: for a symbol table, the index of its string table
 * @param alignment {@code sh_addralign}
 * @param entrySize {@code sh_entsize}: size of one table entry, 0 if not a table
 */
record SectionHeader(int index, String name, int type, long flags, long address, long offset, long size, long link,
                     long alignment, long entrySize) {

    static final int SECTION_HEADER_LENGTH = 64;
    static final int SH_NAME_OFFSET = 0;
    static final int SH_TYPE_OFFSET = 4;
    static final int SH_FLAGS_OFFSET = 8;
    static final int SH_ADDR_OFFSET = 16;
    static final int SH_OFFSET_OFFSET = 24;
    static final int SH_SIZE_OFFSET = 32;
    static final int SH_LINK_OFFSET = 40;
    static final int SH_ADDRALIGN_OFFSET = 48;
    static final int SH_ENTSIZE_OFFSET = 56;

    static final int SHT_SYMTAB = 2;
    static final int SHT_STRTAB = 3;
    static final int SHT_NOTE = 7;
    static final int SHT_NOBITS = 8;
    /** {@code sh_flags} bit: the section occupies memory while the program runs. */
    static final long SHF_ALLOC = 0x2;

    /** Whether the section occupies memory at run time ({@link #SHF_ALLOC}, nonzero size). */
    boolean allocated() {
        return (flags & SHF_ALLOC) != 0 && size != 0;
    }

    /** Whether the section occupies bytes in the file. */
    boolean hasFileBytes() {
        return type != SHT_NOBITS && size != 0;
    }

    /**
     * "section 5 (.symtab)" for error messages; control characters in the name are escaped
     * ({@link StringTable#printable}) so the message stays on one line.
     */
    String describe() {
        return name.isEmpty() ? "section " + index : "section " + index + " (" + StringTable.printable(name) + ")";
    }

    /**
     * Checks that the section's bytes lie inside the file.
     *
     * @return the section's file offset as an int, valid for {@link #size()} bytes
     * @throws ElfFormatException if the section extends past the end of the file
     */
    int dataOffset(ElfBytes in) throws ElfFormatException {
        return in.region(offset, size, describe());
    }
}
