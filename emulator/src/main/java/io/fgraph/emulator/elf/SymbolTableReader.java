package io.fgraph.emulator.elf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code .symtab} section ({@code SHT_SYMTAB}) into a {@link SymbolTable}.
 *
 * <p>Keeps defined {@code STT_NOTYPE}, {@code STT_OBJECT} and {@code STT_FUNC} symbols with a
 * non-empty name. Drops section and file symbols, undefined symbols, other types (TLS, common,
 * ifunc) and RISC-V mapping symbols ({@code $x}, {@code $d}, {@code $xrv64i2p1...}), which mark
 * instruction/data boundaries rather than name code.
 */
final class SymbolTableReader {

    static final int SYMBOL_LENGTH = 24;
    static final int ST_NAME_OFFSET = 0;
    static final int ST_INFO_OFFSET = 4;
    static final int ST_SHNDX_OFFSET = 6;
    static final int ST_VALUE_OFFSET = 8;
    static final int ST_SIZE_OFFSET = 16;

    static final int STT_NOTYPE = 0;
    static final int STT_OBJECT = 1;
    static final int STT_FUNC = 2;
    static final int SHN_UNDEF = 0;
    /** Section indices from here up are special ({@code SHN_ABS}, {@code SHN_COMMON}, ...). */
    static final int SHN_LORESERVE = 0xff00;
    static final String MAPPING_SYMBOL_PREFIX = "$";

    private SymbolTableReader() {
    }

    /**
     * Reads the first symbol table section, or returns an empty table if there is none.
     *
     * @throws ElfFormatException if the table, its string table or a symbol name is malformed
     */
    static SymbolTable read(ElfBytes in, SectionTable sections) throws ElfFormatException {
        Optional<SectionHeader> found = sections.firstOfType(SectionHeader.SHT_SYMTAB);
        if (found.isEmpty()) {
            return SymbolTable.empty();
        }
        SectionHeader symtab = found.get();
        if (symtab.size() == 0) {
            return SymbolTable.empty();
        }
        if (symtab.entrySize() != SYMBOL_LENGTH) {
            throw new ElfFormatException("bad symbol size in " + symtab.describe() + " (sh_entsize="
                    + Long.toUnsignedString(symtab.entrySize()) + "): expected " + SYMBOL_LENGTH);
        }
        if (Long.remainderUnsigned(symtab.size(), SYMBOL_LENGTH) != 0) {
            throw new ElfFormatException(String.format("%s size is not a multiple of %d (sh_size=0x%x)",
                    symtab.describe(), SYMBOL_LENGTH, symtab.size()));
        }
        if (Long.compareUnsigned(symtab.link(), sections.size()) >= 0) {
            throw new ElfFormatException("bad string table index for " + symtab.describe() + " (sh_link="
                    + symtab.link() + ", e_shnum=" + sections.size() + ")");
        }
        int at = symtab.dataOffset(in);
        StringTable names = StringTable.of(in, sections.get((int) symtab.link()));
        int count = (int) (symtab.size() / SYMBOL_LENGTH);
        List<Symbol> symbols = new ArrayList<>();
        Map<Symbol, Long> labelEnds = new HashMap<>();
        for (int i = 1; i < count; i++) {
            int entry = at + i * SYMBOL_LENGTH;
            int type = in.u8(entry + ST_INFO_OFFSET) & 0xf;
            boolean kept = type == STT_NOTYPE || type == STT_OBJECT || type == STT_FUNC;
            if (!kept || in.u16(entry + ST_SHNDX_OFFSET) == SHN_UNDEF) {
                continue;
            }
            String name = names.get(in.u32(entry + ST_NAME_OFFSET));
            if (name.isEmpty() || name.startsWith(MAPPING_SYMBOL_PREFIX)) {
                continue;
            }
            Symbol symbol = new Symbol(name, in.u64(entry + ST_VALUE_OFFSET), in.u64(entry + ST_SIZE_OFFSET),
                    type == STT_FUNC);
            symbols.add(symbol);
            if (symbol.size() == 0) {
                long end = labelEnd(symbol, in.u16(entry + ST_SHNDX_OFFSET), sections);
                labelEnds.merge(symbol, end, (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
            }
        }
        return SymbolTable.of(symbols, labelEnds::get);
    }

    /**
     * Where a size-0 symbol's extent ends: the end of its own allocated section if it lies inside
     * it, otherwise (a marker at or past the section's end, an absolute value, a special section
     * index) just past its own address.
     */
    private static long labelEnd(Symbol label, int sectionIndex, SectionTable sections) {
        long own = label.address() + 1;
        if (sectionIndex >= SHN_LORESERVE || sectionIndex >= sections.size()) {
            return own;
        }
        SectionHeader section = sections.get(sectionIndex);
        if (!section.allocated()) {
            return own;
        }
        long offset = label.address() - section.address();
        if (Long.compareUnsigned(label.address(), section.address()) < 0
                || Long.compareUnsigned(offset, section.size()) >= 0) {
            return own;
        }
        long end = section.address() + section.size();
        return Long.compareUnsigned(end, section.address()) < 0 ? -1L : end;
    }
}
