package io.fgraph.core;

import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.Symbol;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The functions of a program that fgraph can hook, from its ELF symbol table and its
 * {@code __patchable_function_entries} section. Functions that must never be hooked are left out:
 * the {@code -msave-restore} millicode ({@code __riscv_save_N}/{@code __riscv_restore_N}, which
 * links through {@code t0}, not {@code ra}) and setjmp/longjmp (a hijacked return address would be
 * saved in a {@code jmp_buf}).
 */
public final class FunctionTable {
    /** Names never hooked, whatever the filters say. */
    public static final Pattern NEVER_TRACED = Pattern.compile(
            "__riscv_save_\\d+|__riscv_restore_\\d+|_?setjmp|_?longjmp|__longjmp.*|sigsetjmp|__sigsetjmp");

    /** The setjmp family: fgraph watches their calls (never hooks them for users) to follow longjmps. */
    public static final Pattern SETJMP = Pattern.compile("_?setjmp|sigsetjmp|__sigsetjmp");

    private final List<TraceableFunction> functions;
    private final List<TraceableFunction> setjmpFunctions;
    private final Long2ObjectHashMap<TraceableFunction> byEntry = new Long2ObjectHashMap<>();

    private FunctionTable(List<TraceableFunction> functions, List<TraceableFunction> setjmpFunctions) {
        this.functions = Collections.unmodifiableList(functions);
        this.setjmpFunctions = List.copyOf(setjmpFunctions);
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
        for (Symbol symbol : elf.symbols().functions()) {
            if (symbol.size() > 0 && SETJMP.matcher(symbol.name()).matches()) {
                setjmps.add(new TraceableFunction(symbol.name(), symbol.address(), symbol.size(),
                        patchable.contains(symbol.address())));
            }
            if (symbol.size() <= 0 || NEVER_TRACED.matcher(symbol.name()).matches() || !seen.add(symbol.address())) {
                continue;
            }
            functions.add(new TraceableFunction(symbol.name(), symbol.address(), symbol.size(),
                    patchable.contains(symbol.address())));
        }
        functions.sort((a, b) -> Long.compareUnsigned(a.entry(), b.entry()));
        return new FunctionTable(functions, setjmps);
    }

    public static FunctionTable of(List<TraceableFunction> functions) {
        return new FunctionTable(new ArrayList<>(functions), List.of());
    }

    /** The setjmp family's functions (not in {@link #functions()}: they are never hooked for users). */
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
