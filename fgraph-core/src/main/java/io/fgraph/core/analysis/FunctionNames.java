package io.fgraph.core.analysis;

import io.fgraph.emulator.elf.SymbolTable;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.function.LongFunction;

/** Names function addresses with a trace's symbols, caching each name (a trace has few functions). */
public final class FunctionNames implements LongFunction<String> {
    private final SymbolTable symbols;
    private final java.util.Map<String, String> options;
    private final Long2ObjectHashMap<String> cache = new Long2ObjectHashMap<>();

    public FunctionNames(SymbolTable symbols) {
        this(symbols, java.util.Map.of());
    }

    /** @param options the trace header's options, which name the plugins ({@code plugin.ID=NAME}) */
    public FunctionNames(SymbolTable symbols, java.util.Map<String, String> options) {
        this.symbols = symbols;
        this.options = options;
    }

    /** The name of plugin {@code id} as the trace header records it, or null. */
    public String pluginName(int id) {
        return options.get(PayloadText.optionKey(id));
    }

    /** Plugin names of {@code names} when it is a trace's {@link FunctionNames}, else none. */
    static java.util.function.IntFunction<String> pluginNames(java.util.function.LongFunction<String> names) {
        return names instanceof FunctionNames trace ? trace::pluginName : id -> null;
    }

    /** Every name of the function at {@code address} (aliases), the shown one first. */
    public java.util.List<String> aliases(long address) {
        java.util.List<String> names = symbols.functionNamesAt(address);
        return names.isEmpty() ? java.util.List.of(apply(address)) : names;
    }

    /** The name of the function whose code holds {@code address}, or null (uftrace's {@code p} format). */
    public String functionContaining(long address) {
        return symbols.containing(address).filter(io.fgraph.emulator.elf.Symbol::function)
                .map(io.fgraph.emulator.elf.Symbol::name).orElse(null);
    }

    /** {@link #functionContaining} of {@code names} when it is a trace's {@link FunctionNames}, else none. */
    static LongFunction<String> symbolsOf(LongFunction<String> names) {
        return names instanceof FunctionNames trace ? trace::functionContaining : address -> null;
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
