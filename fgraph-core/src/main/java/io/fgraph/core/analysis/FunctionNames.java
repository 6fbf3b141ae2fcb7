package io.fgraph.core.analysis;

import io.fgraph.emulator.elf.SymbolTable;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.function.LongFunction;

/** Names function addresses with a trace's symbols, caching each name (a trace has few functions). */
public final class FunctionNames implements LongFunction<String> {
    private final SymbolTable symbols;
    private final Long2ObjectHashMap<String> cache = new Long2ObjectHashMap<>();

    public FunctionNames(SymbolTable symbols) {
        this.symbols = symbols;
    }

    /** Every name of the function at {@code address} (aliases), the shown one first. */
    public java.util.List<String> aliases(long address) {
        java.util.List<String> names = symbols.functionNamesAt(address);
        return names.isEmpty() ? java.util.List.of(apply(address)) : names;
    }

    @Override
    public String apply(long address) {
        String name = cache.get(address);
        if (name == null) {
            name = symbols.describe(address);
            cache.put(address, name);
        }
        return name;
    }
}
