package io.fgraph.core;

import java.util.List;

/**
 * A function that can be hooked at its entry: its symbols, and how.
 *
 * @param names     every name of the entry (aliases), the public one first
 *                  ({@link io.fgraph.emulator.elf.Symbol#PUBLIC_NAME_FIRST}): outputs show it, filters match any
 * @param patchable true when the compiler left NOPs at {@code entry} ({@code -fpatchable-function-entry});
 *                  false when the entry hook must displace the function's first instruction
 */
public record TraceableFunction(List<String> names, long entry, long size, boolean patchable) {
    public TraceableFunction {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("names=[]: a function needs a name");
        }
    }

    public TraceableFunction(String name, long entry, long size, boolean patchable) {
        this(List.of(name), entry, size, patchable);
    }

    /** The public name. */
    public String name() {
        return names.get(0);
    }
}
