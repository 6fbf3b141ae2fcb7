package io.fgraph.cli;

import io.fgraph.core.Fgraph;
import io.fgraph.core.TaskModel;
import io.fgraph.core.trace.TraceSummary;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.Symbol;
import io.fgraph.emulator.hook.ReturnAddressTranslator;
import io.fgraph.probes.KprobeException;
import io.fgraph.probes.KprobeFailure;
import io.fgraph.probes.Kprobes;
import io.fgraph.probes.UnknownSymbolException;
import io.fgraph.probes.event.ProbeDefinition;
import io.fgraph.probes.event.ProbeEvent;
import io.fgraph.probes.event.ProbeHitListener;
import io.fgraph.probes.fetch.FetchSpecException;
import io.fgraph.probes.kretprobe.ClassicKretprobes;
import io.fgraph.probes.kretprobe.FgraphKretprobes;
import io.fgraph.probes.kretprobe.KretprobeFailure;
import io.fgraph.probes.kretprobe.Kretprobes;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --probe} events of a run: parsed, registered as kprobes or return probes (of the
 * {@code --kretprobe} design; fprobe exits always on fgraph), and counted at exit.
 */
final class LiveProbes {
    private final Kprobes kprobes;
    private final List<Kretprobes> returns;
    private final List<ProbeEvent> events;

    private LiveProbes(Kprobes kprobes, List<Kretprobes> returns, List<ProbeEvent> events) {
        this.kprobes = kprobes;
        this.returns = returns;
        this.events = events;
    }

    /** The task name probe hits and {@code $comm} show: the program's file name without {@code .elf}. */
    static String comm(Path program) {
        String name = program.getFileName().toString();
        return name.endsWith(".elf") ? name.substring(0, name.length() - 4) : name;
    }

    /** The definitions of {@code options}, parsed; one-line errors name the definition and the position. */
    static List<ProbeDefinition> definitions(ProbeOptions options, ElfFile elf, String comm) {
        List<ProbeDefinition> definitions = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (String text : options.probes) {
            ProbeDefinition definition;
            try {
                definition = ProbeDefinition.parse(text, elf.symbols(), comm);
            } catch (FetchSpecException e) {
                throw new UserError("--probe " + e.getMessage());
            }
            String name = definition.group() + "/" + definition.event();
            String earlier = seen.put(name, text);
            if (earlier != null) {
                throw new UserError("--probe '" + text + "': event " + name + " is already defined by '" + earlier + "'");
            }
            definitions.add(definition);
        }
        return definitions;
    }

    /**
     * Registers one kprobe per definition ({@code fgraph}: the run's fgraph, or null), each hit going
     * to {@code listener}; nothing when there are no definitions.
     */
    static LiveProbes start(Machine machine, ElfFile elf, Fgraph fgraph, ProbeOptions options,
                            List<ProbeDefinition> definitions, ProbeHitListener listener) {
        boolean classic = options.classicKretprobes(); // a bad --kretprobe is an error even without --probe
        if (definitions.isEmpty()) {
            options.mode(); // a --kprobe-step without --probe is still an error
            return new LiveProbes(null, List.of(), List.of());
        }
        boolean fgraphReturns = definitions.stream().anyMatch(d -> d.kind() == ProbeDefinition.Kind.FEXIT
                || (d.kind() == ProbeDefinition.Kind.RETURN && !classic));
        Fgraph graph = fgraph == null && fgraphReturns ? LiveTracing.install(machine, elf) : fgraph;
        Kprobes kprobes = Kprobes.install(machine, elf, graph, options.mode());
        ClassicKretprobes classicReturns = null;
        FgraphKretprobes graphReturns = null;
        List<ProbeEvent> events = new ArrayList<>();
        for (ProbeDefinition definition : definitions) {
            ProbeEvent event = new ProbeEvent(events.size(), definition, listener);
            try {
                if (event.kprobe() != null) {
                    kprobes.register(event.kprobe());
                } else if (classic && definition.kind() == ProbeDefinition.Kind.RETURN) {
                    if (classicReturns == null) {
                        classicReturns = ClassicKretprobes.install(kprobes, elf, TaskModel.PER_HART,
                                graph != null ? graph : ReturnAddressTranslator.IDENTITY);
                    }
                    classicReturns.register(event.kretprobe());
                } else {
                    if (graphReturns == null) {
                        graphReturns = new FgraphKretprobes(graph, elf.symbols());
                    }
                    graphReturns.register(event.kretprobe());
                }
            } catch (UnknownSymbolException e) {
                throw new UserError("--probe '" + definition.text() + "': " + e.getMessage() + didYouMean(e.symbol(), elf));
            } catch (KprobeException e) {
                throw new UserError("--probe '" + definition.text() + "': " + e.getMessage());
            }
            events.add(event);
        }
        List<Kretprobes> returns = new ArrayList<>();
        if (classicReturns != null) {
            returns.add(classicReturns);
        }
        if (graphReturns != null) {
            returns.add(graphReturns);
        }
        return new LiveProbes(kprobes, returns, events);
    }

    private static String didYouMean(String symbol, ElfFile elf) {
        List<String> names = elf.symbols().functions().stream().map(Symbol::name).toList();
        List<String> closest = ClosestNames.of(symbol, names);
        return closest.isEmpty() ? "" : " (did you mean " + String.join(", ", closest) + "?)";
    }

    List<ProbeEvent> events() {
        return events;
    }

    /** The counters of every event, for the trace summary. */
    List<TraceSummary.ProbeCount> counts() {
        return events.stream().map(e -> new TraceSummary.ProbeCount(e.id(), e.hits(), e.nmissed())).toList();
    }

    /** {@code probe EVENT: N hits, M missed} per event, and any handler that failed. */
    void summary(PrintStream err) {
        for (ProbeEvent event : events) {
            err.println(event.summary());
        }
        if (kprobes != null) {
            for (KprobeFailure failure : kprobes.failures()) {
                err.println("fgraph: " + failure);
            }
        }
        for (Kretprobes design : returns) {
            for (KretprobeFailure failure : design.failures()) {
                err.println("fgraph: " + failure);
            }
        }
    }
}
