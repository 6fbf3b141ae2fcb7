package io.fgraph.probes.kretprobe;

import io.fgraph.emulator.elf.Symbol;
import io.fgraph.emulator.elf.SymbolTable;
import io.fgraph.probes.KprobeException;
import io.fgraph.probes.ProbeTarget;
import io.fgraph.probes.UnknownSymbolException;

/** Resolves a kretprobe's target to the entry address of the function it probes. */
final class ProbedFunctions {
    private ProbedFunctions() {
    }

    static long entry(ProbeTarget target, SymbolTable symbols) {
        if (target.symbol() == null) {
            Symbol function = symbols.containing(target.address())
                    .filter(s -> s.function() && s.address() == target.address())
                    .orElseThrow(() -> new KprobeException(target + ": no function starts there (a return probe goes at a function's entry)"));
            return function.address();
        }
        Symbol symbol = symbols.byName(target.symbol()).orElseThrow(() -> new UnknownSymbolException(target.symbol()));
        if (!symbol.function()) {
            throw new KprobeException(target + ": " + symbol.name() + " is not a function");
        }
        return symbol.address();
    }
}
