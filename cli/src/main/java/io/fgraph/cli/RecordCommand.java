package io.fgraph.cli;

import io.fgraph.core.Fgraph;
import io.fgraph.core.tracer.FunctionGraphOptions;
import io.fgraph.core.tracer.FunctionGraphTracer;
import io.fgraph.core.tracer.LibraryCalls;
import io.fgraph.core.trace.ProgramFunctions;
import io.fgraph.core.trace.BackPressure;
import io.fgraph.core.trace.RecordingOptions;
import io.fgraph.core.trace.TraceHeader;
import io.fgraph.core.trace.TraceFiles;
import io.fgraph.core.trace.TraceRecorder;
import io.fgraph.core.trace.TraceRecordingException;
import io.fgraph.core.trace.TraceSummary;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.VirtualClock;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.probes.event.ProbeDefinition;
import io.fgraph.probes.event.ProbeEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;

/** {@code fgraph record -o DIR PROGRAM.elf [ARGS...]}: run a guest under function_graph and record the trace. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Run a RISC-V ELF program under the function_graph tracer and record its trace into DIR.",
            "Read it back with 'fgraph info', 'replay', 'report', 'graph', 'dump'.",
            "Guest arguments that start with '-' go after '--'."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "<n>:the program's own exit code",
            "2:bad input (missing or malformed ELF file, bad option, DIR not empty)",
            "3:the recording failed, e.g. a full disk (the trace is readable up to the failure), "
                + "or the program's output could not be written",
            "121-127:the run stopped as for 'fgraph run'",
            "130:interrupted (Ctrl-C): the trace is closed, marked interrupted"})
public final class RecordCommand implements Callable<Integer> {
    static final int RECORDING_FAILED = 3;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true,
            description = "Directory to write the trace into (must not exist, or be empty).")
    Path output;

    @Parameters(index = "0", paramLabel = "PROGRAM.elf", description = "The guest program.")
    Path program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments passed to the guest.")
    List<String> arguments = new ArrayList<>();

    @Mixin
    MachineOptions machineOptions;

    @Mixin
    TraceOptions traceOptions;

    @Mixin
    ProbeOptions probeOptions;

    @Mixin
    PluginOptions pluginOptions;

    @Option(names = "--drop", description = "When the writer falls behind, drop events and count them "
            + "(lost-event records) instead of slowing the program down (default: lossless).")
    boolean drop;

    @Option(names = "--progress", description = "Always print a progress line on stderr (default: only when it is a terminal).")
    boolean progress;

    @Option(names = "--no-progress", description = "Never print the progress line.")
    boolean noProgress;

    @Override
    public Integer call() {
        if (progress && noProgress) {
            throw new UserError("--progress and --no-progress contradict each other: give one of them");
        }
        TraceFiles.prepareInBackground(); // Chronicle's set-up runs while the program is read and booted
        MachineConfig config = machineOptions.toConfig().withArguments(arguments);
        FunctionGraphOptions graphOptions = traceOptions.toOptions(LibraryCalls.LIBCALL);
        ElfFile elf = ProgramLoader.read(program);
        graphOptions = traceOptions.forProgram(graphOptions, elf);
        Plugins plugins = Plugins.load(pluginOptions.plugins);
        FunctionPatternCheck.warn(elf, program, traceOptions.patterns(), traceOptions.syntax(), System.err);
        List<ProbeDefinition> definitions = LiveProbes.definitions(probeOptions, elf, LiveProbes.comm(program));
        Machine machine = ProgramLoader.boot(program, elf, config, machineOptions);
        Fgraph fgraph = LiveTracing.install(machine, elf);
        FunctionPatternCheck.untraceable(fgraph, traceOptions.patterns(), traceOptions.verbose, System.err);
        // Probes are registered before the trace directory is claimed: a bad one leaves nothing behind.
        AtomicReference<TraceRecorder> recording = new AtomicReference<>();
        LiveProbes probes = LiveProbes.start(machine, elf, fgraph, probeOptions, definitions, hit ->
                recording.get().sink().probeHit(hit.task(), hit.cpu(), hit.time(), hit.event().id(), hit.address(), hit.traceFields()));
        Map<String, String> options = new LinkedHashMap<>(graphOptions.describe());
        options.put("harts", Integer.toString(config.harts()));
        if (ProgramLoader.isLinux(elf)) {
            options.put("platform", "linux"); // absent: bare metal, so bare-metal traces stay as they were
        }
        options.put("arguments", String.join(" ", arguments));
        options.put("back-pressure", drop ? "drop" : "block");
        for (ProbeEvent event : probes.events()) {
            event.definition().schema(event.id()).describe(options);
        }
        options.putAll(plugins.headerOptions());
        options.putAll(ProgramFunctions.headerOptions(fgraph.functions()));
        String name = program.getFileName().toString();
        TraceHeader header = TraceHeader.fromElf(elf, name, config.harts(), VirtualClock.FREQUENCY_HZ, options);
        // From here on, Ctrl-C stops the program and still closes the trace (as interrupted).
        try (Interruption interruption = Interruption.stopOnSignal(machine)) {
            TraceRecorder recorder;
            try {
                recorder = TraceRecorder.open(output, header, RecordingOptions.defaults()
                        .withBackPressure(drop ? BackPressure.DROP : BackPressure.BLOCK));
            } catch (IllegalArgumentException e) {
                throw new UserError("-o " + output + ": " + e.getMessage());
            } catch (IOException e) {
                if (IoErrors.isAboutThePath(e)) {
                    throw new UserError("-o " + output + ": " + IoErrors.reason(e, output));
                }
                System.err.println("fgraph: cannot record to " + output + ": " + IoErrors.reason(e, output));
                return RECORDING_FAILED;
            }
            // Events that cannot be recorded any more are not worth running the program for.
            recorder.onFailure(() -> machine.requestStop(StopReason.INTERRUPTED, RECORDING_FAILED, null,
                    "recording failed"));
            recording.set(recorder);
            recorder.countProbes(probes::counts);
            fgraph.register(new FunctionGraphTracer(recorder.sink(), graphOptions));
            plugins.register(fgraph, recorder.sink());
            Progress meter = Progress.start(noProgress ? "false" : progress ? "true" : "auto", machine, recorder);
            RunResult result;
            String failure = null;
            try {
                result = machine.run();
            } finally {
                meter.stop();
                if (interruption.interrupted()) {
                    recorder.markInterrupted();
                }
                try {
                    recorder.close();
                } catch (TraceRecordingException e) {
                    failure = e.getMessage();
                }
            }
            TraceSummary summary = recorder.summary();
            System.out.flush();
            PrintStream err = System.err;
            if (failure != null) {
                err.println("fgraph: " + failure + " (the trace is readable up to its last complete page)");
                return RECORDING_FAILED;
            }
            if (!result.message().isEmpty()) {
                err.println("fgraph: " + result.message());
            }
            plugins.finish(System.out);
            LiveTracing.reportProblems(fgraph, err);
            probes.summary(err);
            err.printf("fgraph: recorded %d events to %s (%d lost, %d calls not traced: shadow stack full)%s%s%n",
                    summary.eventsWritten(), output, summary.eventsLost(), fgraph.stats().overrun(),
                    summary.waits() == 0 ? "" : String.format(java.util.Locale.ROOT,
                            "; the program waited %.1f ms for the trace writer", summary.waitNanos() / 1e6),
                    summary.interrupted() ? "; interrupted before the program ended" : "");
            return result.exitStatus();
        }
    }
}
