package io.fgraph.emulator.elf;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Immutable, address-indexed view of a program's symbols, used to name program counters.
 *
 * <p>{@link #containing(long)} tries, in order:
 * <ol>
 *   <li>the innermost {@code STT_FUNC} symbol whose {@code [address, address + size)} holds the address;</li>
 *   <li>the innermost other sized symbol (object or untyped) that holds it;</li>
 *   <li>the nearest preceding size-0 symbol (an assembly label), but only if the address lies in the
 *       label's own allocated section and no sized symbol starts between that label and the
 *       address, so an address in the gap after a sized symbol stays unknown instead of being blamed
 *       on a far-away label. A label's extent ends with its section: linker-defined markers that lie
 *       outside every section ({@code __stack}, {@code __bss_end}, absolute values such as
 *       {@code __stack_size}) name only their own address, and an address beyond the program (the
 *       top of RAM, say) is not "{@code __stack+0xf800000}". Tables built without sections
 *       ({@link #of(List)}) give every label that empty extent.</li>
 * </ol>
 * Each step is a binary search, so a lookup is O(log n). All address comparisons are unsigned.
 */
public final class SymbolTable {

    private static final SymbolTable EMPTY = of(List.of());

    private final List<Symbol> all;
    private final List<Symbol> functions;
    private final Map<String, Symbol> byName;
    private final IntervalIndex functionIndex;
    private final IntervalIndex otherIndex;
    private final long[] sizedStarts;
    private final long[] labelAddresses;
    private final Symbol[] labels;
    /** Exclusive end of each label's extent (the end of its section), unsigned. */
    private final long[] labelEnds;

    private SymbolTable(List<Symbol> sorted, Function<Symbol, Long> labelEnd) {
        this.all = sorted;
        this.functions = sorted.stream().filter(s -> s.function() && s.address() != 0).toList();
        this.byName = indexByName(sorted);
        this.functionIndex = new IntervalIndex(sorted.stream().filter(Symbol::function).toList());
        this.otherIndex = new IntervalIndex(sorted.stream().filter(s -> !s.function()).toList());
        this.sizedStarts = sorted.stream().filter(s -> s.size() != 0).mapToLong(Symbol::address).toArray();
        // Among labels at one address keep the first in BY_ADDRESS order (name order, functions first).
        List<Symbol> zeroSized = sorted.stream().filter(s -> s.size() == 0).toList();
        List<Symbol> firstPerAddress = new java.util.ArrayList<>();
        for (Symbol s : zeroSized) {
            if (firstPerAddress.isEmpty() || firstPerAddress.get(firstPerAddress.size() - 1).address() != s.address()) {
                firstPerAddress.add(s);
            }
        }
        this.labels = firstPerAddress.toArray(new Symbol[0]);
        this.labelAddresses = firstPerAddress.stream().mapToLong(Symbol::address).toArray();
        this.labelEnds = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            Long end = labelEnd.apply(labels[i]);
            labelEnds[i] = end == null ? labelAddresses[i] + 1 : end;
        }
    }

    /**
     * Builds a table from symbols in any order; exact duplicates are dropped. Without sections, a
     * size-0 symbol names only its own address.
     *
     * @param symbols the symbols, none null
     * @return the table
     * @throws NullPointerException if the list or an element is null
     */
    public static SymbolTable of(List<Symbol> symbols) {
        return of(symbols, label -> null);
    }

    /**
     * Builds a table whose labels extend as far as {@code labelEnd} says.
     *
     * @param labelEnd the exclusive end of a size-0 symbol's extent (unsigned), or null for "its own
     *                 address only"
     */
    static SymbolTable of(List<Symbol> symbols, Function<Symbol, Long> labelEnd) {
        Objects.requireNonNull(symbols, "symbols");
        return new SymbolTable(symbols.stream().map(Objects::requireNonNull).distinct().sorted(Symbol.BY_ADDRESS).toList(),
                labelEnd);
    }

    /** The empty table. */
    static SymbolTable empty() {
        return EMPTY;
    }

    /** All symbols, sorted by unsigned address then name. */
    public List<Symbol> all() {
        return all;
    }

    /** {@code STT_FUNC} symbols with a nonzero address, sorted by unsigned address then name. */
    public List<Symbol> functions() {
        return functions;
    }

    /**
     * The symbol with this name. If several share it (e.g. file-local statics), a function is
     * preferred over other symbols, then the lowest address.
     */
    public Optional<Symbol> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The symbol that best describes {@code address}; see the class comment for the rules.
     *
     * @param address an unsigned address, typically a program counter
     * @return the symbol, or empty if none covers the address
     */
    public Optional<Symbol> containing(long address) {
        Symbol found = functionIndex.find(address);
        if (found == null) {
            found = otherIndex.find(address);
        }
        if (found == null) {
            found = precedingLabel(address);
        }
        return Optional.ofNullable(found);
    }

    /**
     * Names an address as {@code "symbol+0xoffset"}, just {@code "symbol"} at offset 0, or
     * {@code "0x80001234"} if no symbol covers it.
     */
    public String describe(long address) {
        Optional<Symbol> symbol = containing(address);
        if (symbol.isEmpty()) {
            return "0x" + Long.toHexString(address);
        }
        long offset = address - symbol.get().address();
        return offset == 0 ? symbol.get().name() : symbol.get().name() + "+0x" + Long.toHexString(offset);
    }

    /**
     * Every function name at {@code address}, the public one first ({@link Symbol#PUBLIC_NAME_FIRST}):
     * aliases such as {@code malloc} and {@code __malloc_malloc}. Empty if no function starts there.
     */
    public List<String> functionNamesAt(long address) {
        List<String> names = new java.util.ArrayList<>();
        int i = java.util.Collections.binarySearch(functionStarts(), address, Long::compareUnsigned);
        if (i < 0) {
            return names;
        }
        while (i > 0 && functions.get(i - 1).address() == address) {
            i--;
        }
        for (; i < functions.size() && functions.get(i).address() == address; i++) {
            if (!names.contains(functions.get(i).name())) {
                names.add(functions.get(i).name());
            }
        }
        names.sort(Symbol.PUBLIC_NAME_FIRST);
        return names;
    }

    private List<Long> functionStarts() {
        return new java.util.AbstractList<>() {
            @Override
            public Long get(int index) {
                return functions.get(index).address();
            }

            @Override
            public int size() {
                return functions.size();
            }
        };
    }

    /** Number of symbols. */
    public int size() {
        return all.size();
    }

    @Override
    public String toString() {
        return "SymbolTable[size=" + all.size() + ", functions=" + functions.size() + "]";
    }

    private Symbol precedingLabel(long address) {
        int label = IntervalIndex.lastAtOrBelow(labelAddresses, address);
        if (label < 0) {
            return null;
        }
        if (Long.compareUnsigned(address, labelEnds[label]) >= 0 && address != labelAddresses[label]) {
            return null;
        }
        int sized = IntervalIndex.lastAtOrBelow(sizedStarts, address);
        if (sized >= 0 && Long.compareUnsigned(sizedStarts[sized], labelAddresses[label]) > 0) {
            return null;
        }
        return labels[label];
    }

    private static Map<String, Symbol> indexByName(List<Symbol> sorted) {
        Map<String, Symbol> map = new HashMap<>();
        for (Symbol s : sorted) {
            Symbol existing = map.get(s.name());
            if (existing == null || (s.function() && !existing.function())) {
                map.put(s.name(), s);
            }
        }
        return map;
    }
}
