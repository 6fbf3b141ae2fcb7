package io.fgraph.probes.event;

import io.fgraph.emulator.elf.SymbolTable;
import io.fgraph.core.trace.ProbeSchema;
import io.fgraph.probes.fetch.FetchArg;
import io.fgraph.probes.fetch.ValueFormat;

import java.util.List;
import java.util.Locale;

/**
 * A hit as ftrace's trace file shows a kprobe event:
 * <pre>
 *             fib-0       [000]     0.000412: p_fib_0: (fib+0x0/0x3c) n=20
 * </pre>
 * {@code COMM-TASK [CPU] SECONDS.MICROS: EVENT: (SYMBOL+0xOFF/0xSIZE) NAME=VALUE ...}, the time
 * in virtual seconds; without ftrace's flags column (there are no interrupts to show). A return
 * probe's hit shows where the function returned to and the function, as ftrace does:
 * {@code r_fib_0: (main+0x2a/0x5c <- fib) ret=55}.
 */
public final class HitLineFormat {
    private final SymbolTable symbols;
    private final String comm;

    public HitLineFormat(SymbolTable symbols, String comm) {
        this.symbols = symbols;
        this.comm = comm;
    }

    public String format(ProbeHit hit) {
        long micros = hit.time() / 1_000;
        return String.format(Locale.ROOT, "%16s-%-7d [%03d] %5d.%06d: ", comm, hit.task(), hit.cpu(),
                micros / 1_000_000, micros % 1_000_000) + body(hit);
    }

    /** The line without the task, cpu and time: {@code EVENT: (SYMBOL+0xOFF/0xSIZE) NAME=VALUE ...}. */
    public String body(ProbeHit hit) {
        StringBuilder s = new StringBuilder(96);
        s.append(hit.event().name()).append(": (").append(ValueFormat.symbol(symbols, hit.address()));
        ProbeDefinition definition = hit.event().definition();
        if (definition.kind().atReturn()) {
            s.append(" <- ").append(ProbeSchema.returnedFrom(definition.canonical()));
        }
        s.append(')');
        List<FetchArg> args = hit.event().args();
        for (int i = 0; i < args.size(); i++) {
            FetchArg arg = args.get(i);
            s.append(' ').append(arg.name()).append('=').append(ValueFormat.format(arg.type(), hit.values()[i], symbols));
        }
        return s.toString();
    }
}
