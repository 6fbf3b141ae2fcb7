package io.fgraph.emulator.elf;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Naming addresses as {@code symbol+offset} with {@link SymbolTable#containing} and {@link SymbolTable#describe}. */
class SymbolTableLookupTest {

    private static final Symbol ASM_LABEL = new Symbol("asm_label", 0x1300, 0, false);
    private static final Symbol MARKER = new Symbol("__stack", 0x2000, 0, false);
    /** asm_label's section runs to 0x1500; the marker lies outside every section. */
    private static final SymbolTable TABLE = SymbolTable.of(List.of(
            new Symbol("outer", 0x1000, 0x100, true),
            new Symbol("inner", 0x1040, 0x10, true),        // nested, e.g. a local alias
            new Symbol("table", 0x1020, 0x40, false),       // data inside the function: functions win
            new Symbol("after", 0x1200, 0x20, true),
            ASM_LABEL,                                      // a size-0 label covers up to the next sized symbol
            new Symbol("sized", 0x1400, 0x10, false),
            MARKER,                                         // a linker marker past the end of the program
            new Symbol("top", -0x10L, 0x100, true)),        // wraps: clamped to the end of the address space
            label -> label.equals(ASM_LABEL) ? Long.valueOf(0x1500) : null);

    @Test
    void startOfASymbolIsItsBareName() {
        assertEquals("outer", TABLE.describe(0x1000));
        assertEquals("after", TABLE.describe(0x1200));
    }

    @Test
    void insideASymbolIsNamePlusHexOffset() {
        assertEquals("outer+0x4", TABLE.describe(0x1004));
        assertEquals("outer+0xff", TABLE.describe(0x10ff));
        assertEquals("after+0x1f", TABLE.describe(0x121f));
    }

    @Test
    void innermostFunctionWins() {
        assertEquals("inner", TABLE.describe(0x1040));
        assertEquals("inner+0xf", TABLE.describe(0x104f));
        assertEquals("outer+0x50", TABLE.describe(0x1050));
        assertEquals("outer+0x20", TABLE.describe(0x1020), "a function beats a data object");
    }

    @Test
    void endIsExclusiveAndGapsAreUnknown() {
        assertTrue(TABLE.containing(0x1100).isEmpty());
        assertEquals("0x1100", TABLE.describe(0x1100));
        assertEquals("0xfff", TABLE.describe(0xfff));
    }

    @Test
    void labelsCoverUpToTheNextSizedSymbol() {
        assertEquals("asm_label", TABLE.describe(0x1300));
        assertEquals("asm_label+0x80", TABLE.describe(0x1380));
        assertEquals("sized+0x8", TABLE.describe(0x1408));
        assertTrue(TABLE.containing(0x1410).isEmpty(), "past a sized symbol, the earlier label does not apply");
    }

    @Test
    void aLabelNamesNothingPastTheEndOfItsSection() {
        assertEquals("sized+0xf", TABLE.describe(0x140f));
        assertTrue(TABLE.containing(0x1500).isEmpty(), "0x1500 is past asm_label's section");
    }

    @Test
    void aMarkerOutsideEverySectionNamesOnlyItsOwnAddress() {
        assertEquals("__stack", TABLE.describe(0x2000));
        assertEquals("0x2008", TABLE.describe(0x2008), "not __stack+0x8");
        assertEquals("0xf802000", TABLE.describe(0xf802000), "not __stack+0xf800000");
    }

    @Test
    void withoutSectionsALabelNamesOnlyItsOwnAddress() {
        SymbolTable table = SymbolTable.of(List.of(ASM_LABEL));
        assertEquals("asm_label", table.describe(0x1300));
        assertTrue(table.containing(0x1301).isEmpty());
    }

    @Test
    void addressesAreUnsigned() {
        assertEquals("top", TABLE.describe(-0x10L));
        assertEquals("top+0xe", TABLE.describe(-2L));
        assertTrue(TABLE.containing(-1L).isEmpty(), "Symbol.end() clamps to 2^64-1, which is exclusive");
    }

    @Test
    void byNamePrefersFunctions() {
        SymbolTable table = SymbolTable.of(List.of(new Symbol("x", 0x10, 4, false), new Symbol("x", 0x20, 4, true)));
        assertEquals(0x20, table.byName("x").orElseThrow().address());
    }
}
