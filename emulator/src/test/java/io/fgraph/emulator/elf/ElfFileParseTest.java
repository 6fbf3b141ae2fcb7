package io.fgraph.emulator.elf;

import io.fgraph.emulator.elf.ElfImageBuilder.Image;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.fgraph.emulator.elf.ElfImageBuilder.DEFAULT_BASE;
import static io.fgraph.emulator.elf.ElfImageBuilder.STT_FUNC;
import static io.fgraph.emulator.elf.ElfImageBuilder.STT_NOTYPE;
import static io.fgraph.emulator.elf.ElfImageBuilder.STT_OBJECT;
import static io.fgraph.emulator.elf.ElfImageBuilder.STT_SECTION;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link ElfFile#parse} extracts from well-formed images built by {@link ElfImageBuilder}. */
class ElfFileParseTest {

    @Test
    void entryFlagsAndLoadSegments() throws ElfFormatException {
        byte[] code = {0x13, 0, 0, 0, 0x73, 0, 0x10, 0};
        ElfFile elf = ElfFile.parse(new ElfImageBuilder()
                .entry(DEFAULT_BASE + 4)
                .flags(ElfFile.EF_RISCV_RVC | 0x4)
                .segment(DEFAULT_BASE, DEFAULT_BASE, code, 8, LoadSegment.PF_R | LoadSegment.PF_X)
                .segment(DEFAULT_BASE + 0x1000, 0x9000_0000L, new byte[] {42}, 0x100, LoadSegment.PF_R | LoadSegment.PF_W)
                .build().bytes());
        assertEquals(DEFAULT_BASE + 4, elf.entry());
        assertEquals(ElfFile.EF_RISCV_RVC | 0x4, elf.flags());
        assertEquals(List.of(
                new LoadSegment(DEFAULT_BASE, DEFAULT_BASE, code, 8, LoadSegment.PF_R | LoadSegment.PF_X),
                new LoadSegment(DEFAULT_BASE + 0x1000, 0x9000_0000L, new byte[] {42}, 0x100, LoadSegment.PF_R | LoadSegment.PF_W)),
                elf.loadSegments());
    }

    @Test
    void positionIndependentExecutablesAreAccepted() throws ElfFormatException {
        assertEquals(1, ElfFile.parse(ElfImageBuilder.minimal().type(ElfHeader.ET_DYN).build().bytes()).loadSegments().size());
    }

    @Test
    void keepsDefinedNamedCodeAndDataSymbolsOnly() throws ElfFormatException {
        ElfFile elf = ElfFile.parse(ElfImageBuilder.minimal()
                .symbol("counter", DEFAULT_BASE + 8, 8, STT_OBJECT)
                .symbol("label", DEFAULT_BASE + 4, 0, STT_NOTYPE)
                .symbol("$x", DEFAULT_BASE, 0, STT_NOTYPE)
                .symbol("$xrv64i2p1_m2p0", DEFAULT_BASE, 0, STT_NOTYPE)
                .symbol(".text", DEFAULT_BASE, 0, STT_SECTION)
                .symbol("", DEFAULT_BASE, 4, STT_FUNC)
                .undefinedSymbol("printf")
                .build().bytes());
        assertEquals(List.of(
                new Symbol("main", DEFAULT_BASE, 16, true),
                new Symbol("label", DEFAULT_BASE + 4, 0, false),
                new Symbol("counter", DEFAULT_BASE + 8, 8, false)), elf.symbols().all());
        assertEquals(List.of(new Symbol("main", DEFAULT_BASE, 16, true)), elf.symbols().functions());
        assertEquals(DEFAULT_BASE + 8, elf.symbolAddress("counter").orElseThrow());
        assertTrue(elf.symbolAddress("printf").isEmpty());
    }

    @Test
    void patchableEntriesAreSortedUnsignedWithoutDuplicates() throws ElfFormatException {
        ElfFile elf = ElfFile.parse(ElfImageBuilder.minimal()
                .patchableEntries(DEFAULT_BASE + 8, -16L, DEFAULT_BASE, DEFAULT_BASE + 8)
                .build().bytes());
        assertArrayEquals(new long[] {DEFAULT_BASE, DEFAULT_BASE + 8, -16L}, elf.patchableFunctionEntries());
        long[] copy = elf.patchableFunctionEntries();
        copy[0] = 0;
        assertEquals(DEFAULT_BASE, elf.patchableFunctionEntries()[0], "callers get a copy");
    }

    @Test
    void buildIdComesFromTheNoteSection() throws ElfFormatException {
        byte[] id = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
        assertEquals("deadbeef000102030405060708090a0b0c0d0e0f",
                ElfFile.parse(ElfImageBuilder.minimal().buildId(id).build().bytes()).buildId());
    }

    @Test
    void buildIdComesFromThePtNoteSegmentWithoutSections() throws ElfFormatException {
        ElfFile elf = ElfFile.parse(ElfImageBuilder.minimal().buildId(new byte[] {9, 8, 7}).withoutSections().build().bytes());
        assertEquals("090807", elf.buildId());
        assertEquals(0, elf.symbols().size(), "no sections, no symbols");
    }

    @Test
    void fileWithoutBuildIdIsNamedByItsDigest() throws Exception {
        byte[] bytes = ElfImageBuilder.minimal().build().bytes();
        String digest = ElfFile.parse(bytes).buildId();
        byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        assertEquals("sha256:" + java.util.HexFormat.of().formatHex(sha, 0, 16), digest);
    }

    @Test
    void readLoadsAFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Image image = ElfImageBuilder.minimal().build();
        Path file = Files.write(dir.resolve("tiny.elf"), image.bytes());
        assertEquals(DEFAULT_BASE, ElfFile.read(file).entry());
        Files.write(file, new byte[] {0x7f, 'E', 'L', 'F', 1});
        assertThrows(ElfFormatException.class, () -> ElfFile.read(file));
    }
}
