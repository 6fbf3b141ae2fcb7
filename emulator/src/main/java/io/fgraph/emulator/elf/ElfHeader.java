package io.fgraph.emulator.elf;

/**
 * The validated ELF64 file header ({@code Elf64_Ehdr}).
 *
 * <p>{@link #parse} accepts only little-endian ELF64 RISC-V executables ({@code ET_EXEC}) or
 * position-independent executables ({@code ET_DYN}) and checks the table entry sizes; the
 * tables themselves are checked by {@link ProgramHeader} and {@link SectionTable}.
 */
record ElfHeader(
        int type,
        int machine,
        long entry,
        long programHeaderOffset,
        long sectionHeaderOffset,
        int flags,
        int programHeaderCount,
        int sectionHeaderCount,
        int sectionNameTableIndex) {

    static final int ELF_HEADER_LENGTH = 64;
    static final int IDENT_LENGTH = 16;
    static final int MAGIC_LENGTH = 4;
    static final int MAGIC = 0x464c457f; // "\177ELF" read little-endian
    static final int EI_CLASS_OFFSET = 4;
    static final int EI_DATA_OFFSET = 5;
    static final int EI_OSABI_OFFSET = 7;
    static final int E_TYPE_OFFSET = 16;
    static final int E_MACHINE_OFFSET = 18;
    static final int E_ENTRY_OFFSET = 24;
    static final int E_PHOFF_OFFSET = 32;
    static final int E_SHOFF_OFFSET = 40;
    static final int E_FLAGS_OFFSET = 48;
    static final int E_PHENTSIZE_OFFSET = 54;
    static final int E_PHNUM_OFFSET = 56;
    static final int E_SHENTSIZE_OFFSET = 58;
    static final int E_SHNUM_OFFSET = 60;
    static final int E_SHSTRNDX_OFFSET = 62;

    static final int ELFCLASS32 = 1;
    static final int ELFCLASS64 = 2;
    static final int ELFDATA2LSB = 1;
    static final int ELFDATA2MSB = 2;
    static final int ET_EXEC = 2;
    static final int ET_DYN = 3;
    static final int EM_RISCV = 243;
    /** {@code e_phnum} value meaning "the real count is in section 0" (extended numbering). */
    static final int PN_XNUM = 0xffff;

    /**
     * Reads and validates the header at the start of the image.
     *
     * @throws ElfFormatException naming the first field that is wrong
     */
    static ElfHeader parse(ElfBytes in) throws ElfFormatException {
        checkIdent(in);
        int type = in.u16(E_TYPE_OFFSET);
        int machine = in.u16(E_MACHINE_OFFSET);
        if (machine != EM_RISCV) {
            throw new ElfFormatException("not a RISC-V ELF (e_machine=" + machine + ")");
        }
        if (type != ET_EXEC && type != ET_DYN) {
            throw new ElfFormatException("unsupported ELF type (e_type=" + type
                    + "): only EXEC (2) and DYN (3) can be loaded");
        }
        int phentsize = in.u16(E_PHENTSIZE_OFFSET);
        int phnum = in.u16(E_PHNUM_OFFSET);
        int shentsize = in.u16(E_SHENTSIZE_OFFSET);
        int shnum = in.u16(E_SHNUM_OFFSET);
        long shoff = in.u64(E_SHOFF_OFFSET);
        if (phnum > 0 && phentsize != ProgramHeader.PROGRAM_HEADER_LENGTH) {
            throw new ElfFormatException("bad program header size (e_phentsize=" + phentsize
                    + "): expected " + ProgramHeader.PROGRAM_HEADER_LENGTH);
        }
        if (phnum == PN_XNUM) {
            throw new ElfFormatException("extended program header numbering (e_phnum=0xffff) is not supported");
        }
        if (shnum > 0 && shentsize != SectionHeader.SECTION_HEADER_LENGTH) {
            throw new ElfFormatException("bad section header size (e_shentsize=" + shentsize
                    + "): expected " + SectionHeader.SECTION_HEADER_LENGTH);
        }
        if (shnum == 0 && shoff != 0) {
            throw new ElfFormatException(String.format(
                    "extended section numbering (e_shnum=0, e_shoff=0x%x) is not supported", shoff));
        }
        return new ElfHeader(type, machine, in.u64(E_ENTRY_OFFSET), in.u64(E_PHOFF_OFFSET), shoff,
                (int) in.u32(E_FLAGS_OFFSET), phnum, shnum, in.u16(E_SHSTRNDX_OFFSET));
    }

    private static void checkIdent(ElfBytes in) throws ElfFormatException {
        int size = in.length();
        if (size == 0) {
            throw new ElfFormatException("empty file (size=0)");
        }
        if (size < MAGIC_LENGTH) {
            throw new ElfFormatException("not an ELF file (size=" + size + "): too short for the ELF magic");
        }
        int magic = (int) in.u32(0);
        if (magic != MAGIC) {
            throw new ElfFormatException(String.format("not an ELF file (magic=%08x)", Integer.reverseBytes(magic)));
        }
        if (size < IDENT_LENGTH) {
            throw new ElfFormatException("truncated: ELF identification needs " + IDENT_LENGTH
                    + " bytes (size=" + size + ")");
        }
        int elfClass = in.u8(EI_CLASS_OFFSET);
        if (elfClass == ELFCLASS32) {
            throw new ElfFormatException("32-bit ELF (EI_CLASS=1): only ELF64 is supported");
        }
        if (elfClass != ELFCLASS64) {
            throw new ElfFormatException("bad ELF class (EI_CLASS=" + elfClass + "): only ELF64 (2) is supported");
        }
        int data = in.u8(EI_DATA_OFFSET);
        if (data == ELFDATA2MSB) {
            throw new ElfFormatException("big-endian ELF is not supported (EI_DATA=2)");
        }
        if (data != ELFDATA2LSB) {
            throw new ElfFormatException("bad ELF data encoding (EI_DATA=" + data + "): expected little-endian (1)");
        }
        if (size < ELF_HEADER_LENGTH) {
            throw new ElfFormatException("truncated: ELF64 header needs " + ELF_HEADER_LENGTH
                    + " bytes (size=" + size + ")");
        }
    }
}
