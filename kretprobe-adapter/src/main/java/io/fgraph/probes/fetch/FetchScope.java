package io.fgraph.probes.fetch;

import io.fgraph.emulator.elf.SymbolTable;

/**
 * What fetch arguments may refer to where they are parsed.
 *
 * @param symbols       the program's symbols ({@code @SYM}, the {@code symbol} types)
 * @param comm          what {@code $comm} gives: the task's name
 * @param functionEntry the probe is at a function's entry ({@code $argN} is valid only there)
 * @param returnProbe   the probe fires at a return ({@code $retval} is valid only there)
 * @param saved         a return probe's {@code $argN}, read at the entry (null for other probes)
 */
public record FetchScope(SymbolTable symbols, String comm, boolean functionEntry, boolean returnProbe, EntryArguments saved) {
    public FetchScope(SymbolTable symbols, String comm, boolean functionEntry, boolean returnProbe) {
        this(symbols, comm, functionEntry, returnProbe, returnProbe ? new EntryArguments() : null);
    }
}
