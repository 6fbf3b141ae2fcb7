package io.fgraph.emulator.elf;

import java.util.Comparator;
import java.util.Objects;

/**
 * A named address from the ELF symbol table.
 *
 * @param name     the symbol name, never empty for symbols read from a file
 * @param address  {@code st_value}, unsigned
 * @param size     {@code st_size} in bytes, unsigned; 0 for labels and linker-defined symbols
 * @param function whether the symbol is {@code STT_FUNC}
 */
public record Symbol(String name, long address, long size, boolean function) {

    /** Order by unsigned address, then name, then functions first, then unsigned size. */
    static final Comparator<Symbol> BY_ADDRESS = (a, b) -> {
        int c = Long.compareUnsigned(a.address, b.address);
        if (c == 0) {
            c = a.name.compareTo(b.name);
        }
        if (c == 0) {
            c = Boolean.compare(b.function, a.function);
        }
        return c != 0 ? c : Long.compareUnsigned(a.size, b.size);
    };

    /**
     * Among names of one address (aliases such as picolibc's {@code __malloc_malloc} and
     * {@code malloc}), the public one first: without a leading underscore, then the shortest, then
     * in name order. Outputs show the first; filters match any.
     */
    public static final Comparator<String> PUBLIC_NAME_FIRST = Comparator
            .comparing((String name) -> name.startsWith("_"))
            .thenComparingInt(String::length)
            .thenComparing(Comparator.naturalOrder());

    /**
     * Creates a symbol.
     *
     * @throws NullPointerException if {@code name} is null
     */
    public Symbol {
        Objects.requireNonNull(name, "name");
    }

    /**
     * The exclusive end address {@code address + size}, clamped to {@code 0xffffffffffffffff} if
     * the sum would wrap past 2^64.
     */
    public long end() {
        long end = address + size;
        return Long.compareUnsigned(end, address) < 0 ? -1L : end;
    }

    /** Whether {@code [address, end())} contains {@code pc} (unsigned comparison). */
    public boolean contains(long pc) {
        return Long.compareUnsigned(pc, address) >= 0 && Long.compareUnsigned(pc, end()) < 0;
    }
}
