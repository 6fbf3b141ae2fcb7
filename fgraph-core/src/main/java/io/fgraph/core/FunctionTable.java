package io.fgraph.core;

import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.Symbol;
import io.fgraph.emulator.elf.SymbolTable;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The functions of a program that fgraph can hook, from its ELF symbol table and its
 * {@code __patchable_function_entries} section, one per entry address with all its names (aliases).
 * The {@code -msave-restore} millicode ({@code __riscv_save_N}/{@code __riscv_restore_N}, which
 * links through {@code t0}, not {@code ra}) is left out. The setjmp family is hookable and also
 * listed on its own: fgraph always watches it, to follow longjmps and show setjmp's second return.
 */
public final class FunctionTable {
    /**
     * Names never hooked, whatever the filters say: millicode links through t0, not ra; and the
     * hooks other tracers' instrumentation calls ({@code -pg}'s {@code _mcount}, {@code
     * -finstrument-functions}' {@code __cyg_profile_func_enter/exit}): fgraph hooks the functions that
     * call them itself, so a graph shows them as uftrace's does, without those calls in every function.
     */
    public static final Pattern NEVER_TRACED = Pattern.compile("__riscv_save_\\d+|__riscv_restore_\\d+"
            + "|_?mcount|__fentry__|__mcount_internal|__cyg_profile_func_(enter|exit)");

    /** The setjmp family: fgraph watches their calls (never hooks them for users) to follow longjmps. */
    public static final Pattern SETJMP = Pattern.compile("_?setjmp|sigsetjmp|__sigsetjmp");

    /** The longjmp family: a stack switch inside one of them is a longjmp to a setjmp point. */
    public static final Pattern LONGJMP = Pattern.compile("_*(sig)?longjmp(_chk)?|__libc_(sig)?longjmp|_longjmp_unwind");

    private final List<TraceableFunction> functions;
    private final List<TraceableFunction> setjmpFunctions;
    private final long[] longjmpRanges;
    private final Long2ObjectHashMap<TraceableFunction> byEntry = new Long2ObjectHashMap<>();

    private FunctionTable(List<TraceableFunction> functions, List<TraceableFunction> setjmpFunctions) {
        this.functions = Collections.unmodifiableList(functions);
        this.setjmpFunctions = List.copyOf(setjmpFunctions);
        this.longjmpRanges = functions.stream()
                .filter(f -> f.names().stream().anyMatch(name -> LONGJMP.matcher(name).matches()))
                .flatMapToLong(f -> java.util.stream.LongStream.of(f.entry(), f.entry() + f.size()))
                .toArray();
        for (TraceableFunction function : functions) {
            byEntry.put(function.entry(), function);
        }
    }

    public static FunctionTable of(ElfFile elf) {
        LongHashSet patchable = new LongHashSet();
        for (long entry : elf.patchableFunctionEntries()) {
            patchable.add(entry);
        }
        List<TraceableFunction> functions = new ArrayList<>();
        List<TraceableFunction> setjmps = new ArrayList<>();
        LongHashSet seen = new LongHashSet();
        SymbolTable symbols = elf.symbols();
        for (Symbol symbol : symbols.functions()) {
            if (symbol.size() <= 0 || NEVER_TRACED.matcher(symbol.name()).matches() || !seen.add(symbol.address())) {
                continue;
            }
            List<String> names = symbols.functionNamesAt(symbol.address());
            TraceableFunction function = new TraceableFunction(names, symbol.address(), symbol.size(),
                    patchable.contains(symbol.address()));
            functions.add(function);
            if (names.stream().anyMatch(name -> SETJMP.matcher(name).matches())) {
                setjmps.add(function);
            }
        }
        functions.sort((a, b) -> Long.compareUnsigned(a.entry(), b.entry()));
        return new FunctionTable(functions, setjmps);
    }

    public static FunctionTable of(List<TraceableFunction> functions) {
        return new FunctionTable(new ArrayList<>(functions), List.of());
    }

    /** True if {@code pc} lies in a function of the longjmp family. */
    public boolean inLongjmp(long pc) {
        for (int i = 0; i < longjmpRanges.length; i += 2) {
            if (Long.compareUnsigned(pc - longjmpRanges[i], longjmpRanges[i + 1] - longjmpRanges[i]) < 0) {
                return true;
            }
        }
        return false;
    }

    /** The setjmp family's functions (also in {@link #functions()}). */
    public List<TraceableFunction> setjmpFunctions() {
        return setjmpFunctions;
    }

    public List<TraceableFunction> functions() {
        return functions;
    }

    /** The function whose entry is {@code address}, or null. */
    public TraceableFunction at(long address) {
        return byEntry.get(address);
    }

    /** The name of the function entered at {@code address}, or its hex address. */
    public String nameOf(long address) {
        TraceableFunction function = byEntry.get(address);
        return function != null ? function.name() : "0x" + Long.toHexString(address);
    }

    public int size() {
        return functions.size();
    }
}
