package io.fgraph.core;

/**
 * A function that can be hooked at its entry: its symbol, and how.
 *
 * @param patchable true when the compiler left NOPs at {@code entry} ({@code -fpatchable-function-entry});
 *                  false when the entry hook must displace the function's first instruction
 */
public record TraceableFunction(String name, long entry, long size, boolean patchable) {
}
