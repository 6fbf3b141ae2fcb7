package io.fgraph.emulator.elf;

import io.fgraph.emulator.elf.ElfImageBuilder.Image;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.fgraph.emulator.elf.ElfImageBuilder.Image.put16;
import static io.fgraph.emulator.elf.ElfImageBuilder.Image.put32;
import static io.fgraph.emulator.elf.ElfImageBuilder.Image.put64;
import static io.fgraph.emulator.elf.ElfImageBuilder.Image.put8;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each test breaks one field of a valid image from {@link ElfImageBuilder} and checks that
 * {@link ElfFile#parse} rejects it with an {@link ElfFormatException} whose one-line message names
 * the problem.
 */
class ElfFileRejectionTest {

    private static final Image VALID = ElfImageBuilder.minimal()
            .symbol("helper", ElfImageBuilder.DEFAULT_BASE + 8, 8, ElfImageBuilder.STT_FUNC)
            .patchableEntries(ElfImageBuilder.DEFAULT_BASE)
            .buildId(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})
            .build();
    private static final int PH0 = VALID.programHeader(0);

    static void assertRejected(byte[] bytes, String... expectedParts) {
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfFile.parse(bytes));
        String message = e.getMessage();
        assertFalse(message == null || message.isBlank(), "empty message");
        assertFalse(message.contains("\n") || message.contains("\r"), "not one line: " + message);
        for (String part : expectedParts) {
            assertTrue(message.contains(part), "message should contain '" + part + "': " + message);
        }
    }

    @Test
    void theUnbrokenImageParses() {
        assertDoesNotThrow(() -> ElfFile.parse(VALID.bytes()));
    }

    // ---- identification and file header

    @Test
    void emptyFile() {
        assertRejected(new byte[0], "empty file");
    }

    @Test
    void tooShortForTheMagic() {
        assertRejected(new byte[] {0x7f, 'E'}, "not an ELF file", "size=2");
    }

    @Test
    void badMagic() {
        assertRejected(put8(VALID.bytes(), 1, 'X'), "not an ELF file", "magic=7f584c46");
        assertRejected("#!/bin/sh\necho hi\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "not an ELF file");
    }

    @Test
    void thirtyTwoBitClass() {
        assertRejected(new ElfImageBuilder().elfClass(ElfHeader.ELFCLASS32).build().bytes(), "32-bit", "EI_CLASS=1");
    }

    @Test
    void unknownClass() {
        assertRejected(put8(VALID.bytes(), ElfHeader.EI_CLASS_OFFSET, 0), "bad ELF class", "EI_CLASS=0");
    }

    @Test
    void bigEndian() {
        assertRejected(new ElfImageBuilder().dataEncoding(ElfHeader.ELFDATA2MSB).build().bytes(), "big-endian", "EI_DATA=2");
    }

    @Test
    void unknownDataEncoding() {
        assertRejected(put8(VALID.bytes(), ElfHeader.EI_DATA_OFFSET, 7), "bad ELF data encoding", "EI_DATA=7");
    }

    @Test
    void truncatedIdentification() {
        assertRejected(Arrays.copyOf(VALID.bytes(), 10), "truncated", "identification", "size=10");
    }

    @Test
    void truncatedHeader() {
        assertRejected(Arrays.copyOf(VALID.bytes(), 40), "truncated", "ELF64 header", "size=40");
    }

    @Test
    void wrongMachine() {
        assertRejected(ElfImageBuilder.minimal().machine(62).build().bytes(), "not a RISC-V ELF", "e_machine=62");
    }

    @Test
    void relocatableObject() {
        assertRejected(ElfImageBuilder.minimal().type(1).build().bytes(), "unsupported ELF type", "e_type=1");
    }

    @Test
    void badProgramHeaderEntrySize() {
        assertRejected(put16(VALID.bytes(), ElfHeader.E_PHENTSIZE_OFFSET, 32), "e_phentsize=32");
    }

    @Test
    void extendedProgramHeaderNumbering() {
        assertRejected(put16(VALID.bytes(), ElfHeader.E_PHNUM_OFFSET, ElfHeader.PN_XNUM), "e_phnum=0xffff");
    }

    @Test
    void badSectionHeaderEntrySize() {
        assertRejected(put16(VALID.bytes(), ElfHeader.E_SHENTSIZE_OFFSET, 40), "e_shentsize=40");
    }

    @Test
    void extendedSectionNumbering() {
        assertRejected(put16(VALID.bytes(), ElfHeader.E_SHNUM_OFFSET, 0), "extended section numbering", "e_shnum=0");
    }

    // ---- program headers and segments

    @Test
    void programHeaderTableOutsideTheFile() {
        assertRejected(put64(VALID.bytes(), ElfHeader.E_PHOFF_OFFSET, VALID.image().length - 10),
                "truncated", "program header 0");
        assertRejected(put64(VALID.bytes(), ElfHeader.E_PHOFF_OFFSET, 1L << 40), "truncated", "program header 0");
    }

    @Test
    void programHeaderTableOffsetThatWraps() {
        assertRejected(put64(VALID.bytes(), ElfHeader.E_PHOFF_OFFSET, -8), "program header");
    }

    @Test
    void tooManyProgramHeadersForTheFile() {
        assertRejected(put16(VALID.bytes(), ElfHeader.E_PHNUM_OFFSET, 1000), "truncated", "program header");
    }

    @Test
    void segmentBeyondTheEndOfTheFile() {
        byte[] bytes = VALID.bytes();
        put64(bytes, PH0 + ProgramHeader.P_OFFSET_OFFSET, bytes.length - 4);
        assertRejected(bytes, "truncated", "PT_LOAD segment (program header 0)");
    }

    @Test
    void segmentWithHugeFileSize() {
        byte[] bytes = VALID.bytes();
        put64(bytes, PH0 + ProgramHeader.P_FILESZ_OFFSET, -1L);
        put64(bytes, PH0 + ProgramHeader.P_MEMSZ_OFFSET, -1L);
        assertRejected(bytes, "PT_LOAD segment (program header 0)");
    }

    @Test
    void fileSizeLargerThanMemorySize() {
        byte[] bytes = put64(VALID.bytes(), PH0 + ProgramHeader.P_MEMSZ_OFFSET, 8);
        assertRejected(bytes, "p_filesz=0x10 exceeds p_memsz=0x8");
    }

    @Test
    void memorySizeOverFourGibibytes() {
        byte[] bytes = put64(VALID.bytes(), PH0 + ProgramHeader.P_MEMSZ_OFFSET, 1L << 40);
        assertRejected(bytes, "p_memsz=0x10000000000", "4 GiB");
    }

    @Test
    void segmentThatWrapsTheAddressSpace() {
        assertRejected(put64(VALID.bytes(), PH0 + ProgramHeader.P_PADDR_OFFSET, -8), "overflows", "p_paddr=0xfffffffffffffff8");
        assertRejected(put64(VALID.bytes(), PH0 + ProgramHeader.P_VADDR_OFFSET, -8), "overflows", "p_vaddr=0xfffffffffffffff8");
    }

    @Test
    void noteSegmentBeyondTheEndOfTheFileWhenThereAreNoSections() {
        Image image = ElfImageBuilder.minimal().buildId(new byte[] {1, 2, 3, 4}).withoutSections().build();
        byte[] bytes = put64(image.bytes(), image.programHeader(1) + ProgramHeader.P_FILESZ_OFFSET, 1L << 33);
        assertRejected(bytes, "truncated", "PT_NOTE segment (program header 1)");
    }

    // ---- section headers and string tables

    @Test
    void sectionHeaderTableOutsideTheFile() {
        assertRejected(put64(VALID.bytes(), ElfHeader.E_SHOFF_OFFSET, VALID.image().length), "truncated", "section header 0");
        assertRejected(put64(VALID.bytes(), ElfHeader.E_SHOFF_OFFSET, -64), "section header");
    }

    @Test
    void tooManySectionHeadersForTheFile() {
        assertRejected(put16(VALID.bytes(), ElfHeader.E_SHNUM_OFFSET, 500), "truncated", "section header");
    }

    @Test
    void sectionNameTableIndexOutOfRange() {
        assertRejected(put16(VALID.bytes(), ElfHeader.E_SHSTRNDX_OFFSET, 99), "e_shstrndx=99");
    }

    @Test
    void sectionNameTableThatIsNotAStringTable() {
        int text = VALID.sectionIndex().get(".text");
        assertRejected(put16(VALID.bytes(), ElfHeader.E_SHSTRNDX_OFFSET, text), "section " + text,
                "is not a string table");
    }

    @Test
    void sectionNameTableOutsideTheFile() {
        byte[] bytes = put64(VALID.bytes(), VALID.sectionHeader(".shstrtab") + SectionHeader.SH_OFFSET_OFFSET, 1L << 50);
        assertRejected(bytes, "truncated", "section " + VALID.sectionIndex().get(".shstrtab"));
    }

    @Test
    void sectionNameTableSizeBeyondTheFile() {
        byte[] bytes = put64(VALID.bytes(), VALID.sectionHeader(".shstrtab") + SectionHeader.SH_SIZE_OFFSET, -1L);
        assertRejected(bytes, "truncated", "extends past end of file");
    }

    @Test
    void sectionNameOutOfRange() {
        byte[] bytes = put32(VALID.bytes(), VALID.sectionHeader(".text") + SectionHeader.SH_NAME_OFFSET, 0x7fff_0000L);
        assertRejected(bytes, "bad string index", "name=0x7fff0000");
    }

    @Test
    void unterminatedSectionName() {
        byte[] bytes = VALID.bytes();
        int shstrtab = VALID.sectionHeader(".shstrtab");
        int start = VALID.sectionData(".shstrtab");
        int size = (int) java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getLong(shstrtab + SectionHeader.SH_SIZE_OFFSET);
        put8(bytes, start + size - 1, 'x'); // the last name loses its NUL
        assertRejected(bytes, "unterminated string");
    }

    @Test
    void controlCharactersInSectionNamesDoNotBreakTheMessageIntoLines() {
        byte[] bytes = VALID.bytes();
        int symtab = VALID.sectionHeader(".symtab");
        int name = (int) java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt(symtab + SectionHeader.SH_NAME_OFFSET);
        put8(bytes, VALID.sectionData(".shstrtab") + name + 2, '\n'); // ".symtab" becomes ".s\n\x1btab"
        put8(bytes, VALID.sectionData(".shstrtab") + name + 3, 0x1b);
        put64(bytes, symtab + SectionHeader.SH_ENTSIZE_OFFSET, 16);
        assertRejected(bytes, "bad symbol size", "(.s\\n\\x1btab)");
    }

    // ---- symbols

    @Test
    void symbolTableOutsideTheFile() {
        byte[] bytes = put64(VALID.bytes(), VALID.sectionHeader(".symtab") + SectionHeader.SH_OFFSET_OFFSET, 1L << 36);
        assertRejected(bytes, "truncated", "(.symtab)");
    }

    @Test
    void symbolTableWithWrongEntrySize() {
        byte[] bytes = put64(VALID.bytes(), VALID.sectionHeader(".symtab") + SectionHeader.SH_ENTSIZE_OFFSET, 16);
        assertRejected(bytes, "bad symbol size", "sh_entsize=16");
    }

    @Test
    void symbolTableSizeNotAMultipleOfTheEntrySize() {
        byte[] bytes = put64(VALID.bytes(), VALID.sectionHeader(".symtab") + SectionHeader.SH_SIZE_OFFSET, 30);
        assertRejected(bytes, "not a multiple of 24", "sh_size=0x1e");
    }

    @Test
    void symbolStringTableIndexOutOfRange() {
        byte[] bytes = put32(VALID.bytes(), VALID.sectionHeader(".symtab") + SectionHeader.SH_LINK_OFFSET, 77);
        assertRejected(bytes, "bad string table index", "sh_link=77");
    }

    @Test
    void symbolStringTableThatIsNotAStringTable() {
        int symtab = VALID.sectionIndex().get(".symtab");
        byte[] bytes = put32(VALID.bytes(), VALID.sectionHeader(".symtab") + SectionHeader.SH_LINK_OFFSET, symtab);
        assertRejected(bytes, "is not a string table", "sh_type=2");
    }

    @Test
    void symbolNameOutOfRange() {
        byte[] bytes = put32(VALID.bytes(), VALID.symbol(1) + SymbolTableReader.ST_NAME_OFFSET, 0xffff_ffffL);
        assertRejected(bytes, "bad string index", "name=0xffffffff", "(.strtab)");
    }

    // ---- tracer sections

    @Test
    void patchableEntriesSizeNotAMultipleOfEight() {
        String name = PatchableEntries.SECTION_NAME;
        byte[] bytes = put64(VALID.bytes(), VALID.sectionHeader(name) + SectionHeader.SH_SIZE_OFFSET, 12);
        assertRejected(bytes, name, "not a multiple of 8", "sh_size=0xc");
    }

    @Test
    void patchableEntriesOutsideTheFile() {
        String name = PatchableEntries.SECTION_NAME;
        byte[] bytes = put64(VALID.bytes(), VALID.sectionHeader(name) + SectionHeader.SH_SIZE_OFFSET, 1L << 35);
        assertRejected(bytes, "truncated", name);
    }

    @Test
    void buildIdNoteLongerThanItsSection() {
        byte[] bytes = put32(VALID.bytes(), VALID.sectionData(BuildId.SECTION_NAME) + 4, 0xffff_fff0L);
        assertRejected(bytes, "truncated: note", BuildId.SECTION_NAME, "descsz=4294967280");
    }

    @Test
    void buildIdNoteNameLongerThanItsSection() {
        byte[] bytes = put32(VALID.bytes(), VALID.sectionData(BuildId.SECTION_NAME), 0xffff_ffffL);
        assertRejected(bytes, "truncated: note", "namesz=4294967295");
    }
}
