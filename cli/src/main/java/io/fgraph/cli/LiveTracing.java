package io.fgraph.cli;

import io.fgraph.core.Fgraph;
import io.fgraph.core.FunctionFilter;
import io.fgraph.core.UserFailure;
import io.fgraph.core.tracer.FunctionGraphOptions;
import io.fgraph.core.tracer.FunctionGraphPrinter;
import io.fgraph.core.tracer.FunctionGraphTracer;
import io.fgraph.core.tracer.FunctionProfiler;
import io.fgraph.core.tracer.LibraryCalls;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.probes.event.HitLineFormat;
import io.fgraph.probes.event.ProbeHitListener;

import io.fgraph.emulator.StopReason;

import java.io.PrintStream;
import java.nio.file.Path;

/** {@code fgraph run --trace function_graph / --profile}: fgraph users printing as the guest runs. */
final class LiveTracing {
    private final Fgraph fgraph;
    private final FunctionGraphPrinter printer;
    private final OutputFile traceFile;
    private final FunctionProfiler profiler;
    private final Plugins plugins;

    private LiveTracing(Fgraph fgraph, FunctionGraphPrinter printer, OutputFile traceFile,
                        FunctionProfiler profiler, Plugins plugins) {
        this.fgraph = fgraph;
        this.printer = printer;
        this.traceFile = traceFile;
        this.profiler = profiler;
        this.plugins = plugins;
    }

    /** The run's fgraph, or null when neither a tracer nor the profiler runs. */
    Fgraph fgraph() {
        return fgraph;
    }

    /**
     * Where probe hits are printed: inside the live call graph, as ftrace's function_graph shows a
     * trace event ({@code /* EVENT: (sym+0x0/0x10) n=1 *}{@code /}, in order with the calls of
     * its cpu), or as ftrace's event lines on stdout when no graph is printed.
     */
    ProbeHitListener probeLines(HitLineFormat format) {
        if (printer != null) {
            return hit -> printer.comment(hit.cpu(), format.body(hit));
        }
        PrintStream stream = System.out;
        return hit -> {
            String line = format.format(hit);
            synchronized (format) {
                stream.println(line);
            }
        };
    }

    static LiveTracing start(Machine machine, ElfFile elf, String tracer, Path output, Path program, boolean profile,
                             TraceOptions options, Plugins plugins) {
        if (tracer != null && !tracer.equals("function_graph")) {
            throw new UserError("--trace=" + tracer + ": unknown tracer (available: function_graph)");
        }
        if (tracer == null && output != null) {
            throw new UserError("--trace-output needs --trace function_graph");
        }
        FunctionGraphOptions graphOptions = options.forProgram(options.toOptions(LibraryCalls.NEST), elf);
        if (tracer == null && !profile && plugins.isEmpty()) {
            return new LiveTracing(null, null, null, null, plugins);
        }
        Fgraph fgraph = install(machine, elf);
        FunctionPatternCheck.untraceable(fgraph, tracer != null ? options.patterns() : options.hookPatterns(),
                options.verbose, System.err);
        FunctionGraphPrinter printer = null;
        PrintStream stream = null;
        OutputFile traceFile = null;
        if (tracer != null) {
            if (output != null) {
                Outputs.notSame(output, "--trace-output", program, "the program");
                // A trace that cannot be written is not worth running the program for.
                traceFile = OutputFile.create(output, "--trace-output").onFailure(() -> machine.requestStop(
                        StopReason.INTERRUPTED, OutputFailedException.EXIT_STATUS, null, "cannot write " + output));
                stream = traceFile.print();
            } else {
                stream = System.out;
            }
            printer = new FunctionGraphPrinter(stream, fgraph.functions()::nameOf, machine.hartCount(), true);
            fgraph.register(new FunctionGraphTracer(printer.sink(), graphOptions));
        }
        if (printer != null) {
            printer.setPluginNames(plugins::name);
        }
        plugins.register(fgraph, printer != null ? printer.sink() : Plugins.stderrRecords(plugins::name));
        FunctionProfiler profiler = null;
        if (profile) {
            FunctionFilter filter = graphOptions.filter();
            profiler = new FunctionProfiler(filter, fgraph.functions()::nameOf, graphOptions.sleepTime(), graphOptions.graphTime());
            fgraph.register(profiler);
        }
        return new LiveTracing(fgraph, printer, traceFile, profiler, plugins);
    }

    /**
     * Flushes the trace, prints the profile and any tracer failure.
     *
     * @throws OutputFailedException if the trace could not be written
     */
    void finish(PrintStream out) {
        if (fgraph == null) {
            return;
        }
        if (printer != null) {
            try {
                printer.flush();
            } finally {
                if (traceFile != null) {
                    traceFile.close();
                }
            }
        }
        if (profiler != null) {
            out.println();
            profiler.print(out);
        }
        plugins.finish(out);
        reportProblems(fgraph, System.err);
        long overrun = fgraph.stats().overrun();
        if (overrun > 0) {
            System.err.println("fgraph: " + overrun + " calls not traced: shadow stack full");
        }
    }

    /**
     * Installs fgraph with one shadow stack per task: a hart on bare metal, a thread on Linux
     * ({@link io.fgraph.emulator.cpu.Hart#task()}); a program that leaves no room for its trampoline
     * is the user's to fix.
     */
    static Fgraph install(Machine machine, ElfFile elf) {
        try {
            return Fgraph.install(machine, elf, io.fgraph.emulator.cpu.Hart::task, io.fgraph.core.FrameLayout.DEFAULT_STACK_WORDS);
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** One line per disabled user, and the kill switch's reason if it tripped. */
    static void reportProblems(Fgraph fgraph, PrintStream err) {
        for (UserFailure failure : fgraph.failures()) {
            err.println("fgraph: " + failure);
        }
        if (fgraph.killReason() != null) {
            err.println("fgraph: tracing stopped: " + fgraph.killReason());
        }
    }
}
