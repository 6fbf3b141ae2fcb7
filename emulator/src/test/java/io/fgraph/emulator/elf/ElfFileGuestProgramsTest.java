package io.fgraph.emulator.elf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parses the committed guest programs. The expected numbers for {@code fib.elf} were read with
 * {@code riscv64-unknown-elf-readelf -lsn guest/elf/fib.elf}; update them if {@code guest/build.sh}
 * rebuilds it.
 */
class ElfFileGuestProgramsTest {

    private static final long RAM_BASE = 0x8000_0000L;
    /** {@code c.nop; c.nop}: the two parcels {@code -fpatchable-function-entry=2} leaves at each entry. */
    private static final byte[] TWO_C_NOPS = {0x01, 0x00, 0x01, 0x00};

    static List<String> guests() {
        return GuestElfs.names();
    }

    @Test
    void fibHasTheEntryAndLoadSegmentsReadelfShows() {
        ElfFile fib = GuestElfs.parse("fib");
        assertEquals(RAM_BASE, fib.entry());
        assertEquals(ElfFile.EF_RISCV_RVC, fib.flags());
        List<LoadSegment> loads = fib.loadSegments();
        assertEquals(3, loads.size(), loads.toString());

        LoadSegment text = loads.get(0);
        assertEquals(0x8000_0000L, text.physicalAddress());
        assertEquals(0x8000_0000L, text.virtualAddress());
        assertEquals(0x21a0, text.fileSize());
        assertEquals(0x21a0, text.memorySize());
        assertTrue(text.readable() && text.executable() && !text.writable(), text.toString());

        LoadSegment bss = loads.get(1);
        assertEquals(0x8010_0020L, bss.physicalAddress());
        assertEquals(0, bss.fileSize());
        assertEquals(0x10610, bss.memorySize());
        assertTrue(bss.writable() && !bss.executable(), bss.toString());

        // .data is loaded after .text ("flash") and copied to its run-time address by crt0.
        LoadSegment data = loads.get(2);
        assertEquals(0x8000_21a0L, data.physicalAddress());
        assertEquals(0x8010_0000L, data.virtualAddress());
        assertEquals(0x20, data.fileSize(), "__patchable_function_entries is in flash now");
    }

    @Test
    void loadSegmentBytesAreTheFileBytesAtPOffset() {
        byte[] file = GuestElfs.bytes("fib");
        LoadSegment text = GuestElfs.parse("fib").loadSegments().get(0);
        assertArrayEquals(Arrays.copyOfRange(file, 0x1000, 0x1000 + 0x21a0), text.fileBytes());
    }

    @Test
    void fibHasMainAndFibWithTheirSizes() {
        SymbolTable symbols = GuestElfs.parse("fib").symbols();
        assertEquals(new Symbol("main", 0x8000_01e0L, 116, true), symbols.byName("main").orElseThrow());
        assertEquals(new Symbol("fib", 0x8000_0254L, 52, true), symbols.byName("fib").orElseThrow());
        assertEquals(new Symbol("_start", 0x8000_0000L, 36, true), symbols.byName("_start").orElseThrow());
    }

    @Test
    void fibBuildIdIsTheGnuNote() {
        assertEquals("02fe7d6ff36ac4f39e3e8b8ac0c1a6dd09c9e54b", GuestElfs.parse("fib").buildId());
    }

    @Test
    void fibPatchableEntriesAreMainAndFib() {
        assertArrayEquals(new long[] {0x8000_01e0L, 0x8000_0254L}, GuestElfs.parse("fib").patchableFunctionEntries());
    }

    @Test
    void lookupsByAddressNameSymbolPlusOffset() {
        SymbolTable symbols = GuestElfs.parse("fib").symbols();
        assertEquals("fib", symbols.describe(0x8000_0254L));
        assertEquals("fib+0x4", symbols.describe(0x8000_0258L));
        assertEquals("fib+0x32", symbols.describe(0x8000_0254L + 50));
        assertEquals("main+0x73", symbols.describe(0x8000_01e0L + 115));
        assertEquals("fib", symbols.containing(0x8000_0254L + 51).orElseThrow().name());
        assertEquals("_start+0x10", symbols.describe(0x8000_0010L));
        assertEquals("0x10", symbols.describe(0x10));
        assertTrue(symbols.containing(0x10).isEmpty());
    }

    @Test
    void tohostProgramsExposeTheTohostSymbol() {
        ElfFile fail = GuestElfs.parse("tohost_fail");
        assertEquals(0x8000_1000L, fail.symbolAddress("tohost").orElseThrow());
        assertEquals(2, fail.loadSegments().size());
        assertEquals("a61d7f597c56ff00b68042243f2a7aa4b2280a37", fail.buildId());
        assertEquals(0, fail.patchableFunctionEntries().length);
        assertTrue(GuestElfs.parse("hello").symbolAddress("tohost").isEmpty());
    }

    @ParameterizedTest
    @MethodSource("guests")
    void everyGuestParsesAndStartsAtItsEntry(String name) {
        ElfFile elf = GuestElfs.parse(name);
        assertEquals(RAM_BASE, elf.entry(), name);
        assertTrue(elf.loadSegments().stream().anyMatch(s -> s.executable()
                && Long.compareUnsigned(elf.entry() - s.physicalAddress(), s.memorySize()) < 0), name);
        assertTrue(elf.buildId().matches("[0-9a-f]{40}"), elf.buildId());
        assertEquals("_start", elf.symbols().containing(elf.entry()).orElseThrow().name(), name);
    }

    @ParameterizedTest
    @MethodSource("guests")
    void patchableEntriesAreFunctionSymbolsStartingWithTwoCompressedNops(String name) {
        ElfFile elf = GuestElfs.parse(name);
        Set<Long> functionStarts = elf.symbols().functions().stream().map(Symbol::address).collect(Collectors.toSet());
        LoadSegment text = elf.loadSegments().get(0);
        byte[] textBytes = text.fileBytes();
        for (long entry : elf.patchableFunctionEntries()) {
            assertTrue(functionStarts.contains(entry), name + ": 0x" + Long.toHexString(entry) + " is no function symbol");
            Symbol function = elf.symbols().containing(entry).orElseThrow();
            assertEquals(entry, function.address(), name + ": " + function);
            int at = (int) (entry - text.physicalAddress());
            assertArrayEquals(TWO_C_NOPS, Arrays.copyOfRange(textBytes, at, at + 4),
                    name + ": " + function.name() + " does not start with two c.nop");
        }
        if (!name.startsWith("tohost")) {
            assertTrue(Arrays.stream(elf.patchableFunctionEntries()).anyMatch(a -> a == elf.symbolAddress("main").orElseThrow()),
                    name + ": main is not patchable");
        }
    }

    @Test
    void addressesPastTheProgramAreNotNamedAfterTheStackMarker() {
        SymbolTable symbols = GuestElfs.parse("fib").symbols();
        assertEquals("__stack", symbols.describe(0x8080_0000L), "the marker's own address keeps its name");
        assertEquals("0x83fff000", symbols.describe(0x83ff_f000L), "the top page of RAM was __stack+0x37ff000");
        assertEquals("0x90000000", symbols.describe(0x9000_0000L), "was __stack+0xf800000");
        assertEquals("0x80100700", symbols.describe(0x8010_0700L), "__bss_end marks the end of .bss: it names no stack address");
        assertEquals("0x80100900", symbols.describe(0x8010_0900L), "__global_pointer$ lies outside .data: no name from it");
    }

    @Test
    void assemblyLabelsStillNameTheCodeOfTheirSection() {
        SymbolTable symbols = GuestElfs.parse("tohost_pass").symbols();
        assertEquals("pass+0x4", symbols.describe(0x8000_002cL));
        assertEquals("trap_handler+0x18", symbols.describe(0x8000_0070L));
        assertEquals("0x80000074", symbols.describe(0x8000_0074L), "past .text.init");
    }

    @ParameterizedTest
    @MethodSource("guests")
    void symbolTableHoldsNoMappingOrSectionSymbols(String name) {
        SymbolTable symbols = GuestElfs.parse(name).symbols();
        assertFalse(symbols.all().isEmpty(), name);
        for (Symbol s : symbols.all()) {
            assertFalse(s.name().isEmpty() || s.name().startsWith("$"), name + ": " + s);
        }
    }

    @ParameterizedTest
    @MethodSource("guests")
    void parsingIsRepeatable(String name) {
        ElfFile first = GuestElfs.parse(name);
        ElfFile second = GuestElfs.parse(name);
        assertEquals(first.loadSegments(), second.loadSegments());
        assertEquals(first.symbols().all(), second.symbols().all());
        assertEquals(first.buildId(), second.buildId());
    }
}
