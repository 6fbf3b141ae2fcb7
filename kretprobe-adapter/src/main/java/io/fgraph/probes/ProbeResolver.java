package io.fgraph.probes;

import io.fgraph.core.Fgraph;
import io.fgraph.core.TraceableFunction;
import io.fgraph.emulator.elf.Symbol;
import io.fgraph.emulator.elf.SymbolTable;
import io.fgraph.emulator.memory.Memory;
import io.fgraph.emulator.memory.MemoryFault;

import java.util.Optional;

/**
 * Turns a {@link ProbeTarget} into an address on an instruction boundary: the function is decoded
 * from its start (instruction lengths only: a breakpoint already written keeps the length of the
 * instruction it replaced), and an offset inside an instruction is an error naming that
 * instruction. Where fgraph hooks an entry through its patchable NOPs, the NOPs are one unit: the
 * 4-byte trap fgraph writes covers them.
 */
final class ProbeResolver {
    /** A resolved target: the address, the function it is in, and its {@code symbol+0xoffset} name. */
    record Resolved(long address, Symbol function, String location) {
    }

    private final SymbolTable symbols;
    private final Memory memory;
    private final Fgraph fgraph;

    ProbeResolver(SymbolTable symbols, Memory memory, Fgraph fgraph) {
        this.symbols = symbols;
        this.memory = memory;
        this.fgraph = fgraph;
    }

    Resolved resolve(ProbeTarget target) {
        Symbol function;
        long address;
        if (target.symbol() != null) {
            Symbol symbol = symbols.byName(target.symbol()).orElseThrow(() -> new UnknownSymbolException(target.symbol()));
            address = symbol.address() + target.offset();
            if (symbol.size() > 0 && target.offset() >= symbol.size()) {
                throw new KprobeException(String.format("%s: past the end of %s (0x%x bytes)", target, symbol.name(), symbol.size()));
            }
            function = code(symbol, target);
        } else {
            address = target.address();
            function = functionContaining(address, target);
        }
        if ((address & 1) != 0) {
            throw new KprobeException(target + ": an odd address is never an instruction's");
        }
        if (!memory.contains(address, 2)) {
            throw new KprobeException(String.format("%s: 0x%x is outside RAM", target, address));
        }
        long offset = address - function.address();
        String location = offset == 0 ? function.name() : function.name() + "+0x" + Long.toHexString(offset);
        checkBoundary(function, address, location);
        return new Resolved(address, function, location);
    }

    /** The function (or assembly label) holding {@code address}: where its instructions are decoded from. */
    private Symbol functionContaining(long address, ProbeTarget target) {
        Optional<Symbol> symbol = symbols.containing(address);
        if (symbol.isEmpty()) {
            throw new KprobeException(String.format("%s: no function contains 0x%x (a probe is checked against "
                    + "the instructions decoded from its function's start)", target, address));
        }
        return code(symbol.get(), target);
    }

    /** A function symbol, or a size-0 label (hand-written assembly); a sized object is data, not code. */
    private static Symbol code(Symbol symbol, ProbeTarget target) {
        if (!symbol.function() && symbol.size() > 0) {
            throw new KprobeException(String.format("%s: %s is a data object (0x%x bytes), not code", target, symbol.name(), symbol.size()));
        }
        return symbol;
    }

    private void checkBoundary(Symbol function, long address, String location) {
        long start = function.address();
        long at = start;
        if (nopsUnit(start) && address > start && address < start + 4) {
            throw new KprobeException(String.format("%s: inside the patchable NOPs at %s, which fgraph's entry hook "
                    + "replaces as one 4-byte instruction: probe %s itself", location, function.name(), function.name()));
        }
        try {
            while (Long.compareUnsigned(at, address) < 0) {
                int low = memory.fetch16(at);
                int length = (low & 3) == 3 ? 4 : 2;
                if (Long.compareUnsigned(address, at + length) < 0) {
                    String bits = length == 4
                            ? String.format("0x%08x", low | (memory.fetch16(at + 2) << 16))
                            : String.format("0x%04x", low);
                    long offset = at - start;
                    throw new KprobeException(String.format("%s: inside the %d-byte instruction %s at %s%s: "
                            + "probes go on instruction boundaries", location, length, bits, function.name(),
                            offset == 0 ? "" : "+0x" + Long.toHexString(offset)));
                }
                at += length;
            }
        } catch (MemoryFault e) {
            throw new KprobeException(String.format("%s: the code of %s cannot be read at 0x%x", location, function.name(), e.address()));
        }
    }

    /** True when fgraph hooks the function at {@code start} through patchable NOPs. */
    private boolean nopsUnit(long start) {
        if (fgraph == null || !fgraph.hooksEntry(start)) {
            return false;
        }
        TraceableFunction function = fgraph.functions().at(start);
        return function != null && function.patchable();
    }
}
