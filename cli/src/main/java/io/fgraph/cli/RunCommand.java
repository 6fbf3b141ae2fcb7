package io.fgraph.cli;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.cpu.TranslationStats;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.probes.event.HitLineFormat;
import io.fgraph.probes.event.ProbeDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code fgraph run PROGRAM.elf [ARGS...]}: run a guest, print its output, exit with its exit code. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a RISC-V ELF program on the emulator, print its output and exit with its exit code.",
            "Guest arguments that start with '-' go after '--'."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "<n>:the program's own exit code",
            "2:bad input (missing or malformed ELF file, bad option)",
            "3:the output (the program's, or the trace) could not be written",
            "121:illegal instruction",
            "122:memory access outside RAM",
            "123:instruction limit reached",
            "124:unhandled trap (ecall/ebreak with no handler)",
            "125:all harts parked",
            "126:a Java hook failed",
            "127:the program read stdin again after its end with getchar() (SYS_READC cannot report end of file)",
            "130:interrupted (Ctrl-C), after printing what was gathered"})
public final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROGRAM.elf", description = "The guest program.")
    Path program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments passed to the guest.")
    List<String> arguments = new ArrayList<>();

    @Mixin
    MachineOptions machineOptions;

    @Option(names = "--stats", description = "Print instructions executed, wall time, MIPS and how much ran translated on stderr.")
    boolean stats;

    @Option(names = "--trace", paramLabel = "TRACER",
            description = "Trace the program live: function_graph prints its call graph in ftrace's format.")
    String tracer;

    @Option(names = "--trace-output", paramLabel = "FILE", description = "Write the trace text to FILE instead of stdout.")
    Path traceOutput;

    @Option(names = "--profile", description = "Profile every traced function and print the table at the end (stdout).")
    boolean profile;

    @Mixin
    TraceOptions traceOptions;

    @Mixin
    ProbeOptions probeOptions;

    @Mixin
    PluginOptions pluginOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        checkTracerOptions();
        MachineConfig config = machineOptions.toConfig().withArguments(arguments);
        if ((tracer != null || probeOptions.any()) && traceOutput == null) {
            // The live trace or the probe hits share stdout with the program: whole program lines between them.
            config = config.withLineBufferedConsole(true);
        }
        ElfFile elf = ProgramLoader.read(program);
        String comm = LiveProbes.comm(program);
        List<ProbeDefinition> definitions = LiveProbes.definitions(probeOptions, elf, comm);
        Plugins plugins = Plugins.load(pluginOptions.plugins);
        Machine machine = ProgramLoader.boot(program, elf, config, machineOptions);
        try (Interruption interruption = Interruption.stopOnSignal(machine)) {
            LiveTracing tracing = LiveTracing.start(machine, elf, tracer, traceOutput, program, profile, traceOptions, plugins);
            LiveProbes probes = LiveProbes.start(machine, elf, tracing.fgraph(), probeOptions, definitions,
                    tracing.probeLines(new HitLineFormat(elf.symbols(), comm)));
            if (tracer != null) {
                FunctionPatternCheck.warn(elf, program, traceOptions.patterns(), traceOptions.syntax(), System.err);
            } else if (profile) {
                FunctionPatternCheck.warn(elf, program, traceOptions.hookPatterns(), traceOptions.syntax(), System.err);
            }
            long start = System.nanoTime();
            RunResult result = machine.run();
            long elapsed = System.nanoTime() - start;
            tracing.finish(System.out);
            System.out.flush();
            OutputFailedException lostOutput = Outputs.standardOutputFailure();
            if (lostOutput != null) {
                throw lostOutput; // the program's output went nowhere (a hart thread may have reported it)
            }
            PrintStream err = System.err;
            if (!result.message().isEmpty()) {
                err.println("fgraph: " + result.message());
            }
            probes.summary(err);
            if (stats) {
                printStats(err, machine, result, elapsed);
            }
            return result.exitStatus();
        }
    }

    /** The tracer options {@code --profile} takes too. */
    static final List<String> PROFILE_OPTIONS = List.of("--hook", "--no-hook", "--no-sleep-time", "--no-graph-time");

    /**
     * The tracer options mean nothing without the tracer: refuse them rather than ignore them
     * ({@code --hook} and {@code --no-hook} also choose what {@code --profile} hooks, the time
     * options how it counts).
     */
    private void checkTracerOptions() {
        if (tracer != null) {
            return;
        }
        Set<String> tracerOptions = new HashSet<>();
        for (OptionSpec option : spec.mixins().get("traceOptions").options()) {
            tracerOptions.add(option.longestName());
        }
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            String name = option.longestName();
            if (!tracerOptions.contains(name)) {
                continue;
            }
            boolean profileOption = PROFILE_OPTIONS.contains(name);
            if (profileOption && profile) {
                continue;
            }
            throw new UserError(String.join("/", option.names()) + " is a tracer option: it needs --trace function_graph"
                    + (profileOption ? " or --profile" : profile
                            ? " (--profile uses only " + String.join(", ", PROFILE_OPTIONS.subList(0, 3)) + " and "
                                    + PROFILE_OPTIONS.get(3) + ")" : ""));
        }
    }

    static void printStats(PrintStream err, Machine machine, RunResult result, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double mips = result.instructions() / Math.max(seconds, 1e-9) / 1e6;
        err.printf(Locale.ROOT, "instructions: %d%n", result.instructions());
        for (int i = 0; i < machine.hartCount() && machine.hartCount() > 1; i++) {
            err.printf(Locale.ROOT, "  hart %d: %d%n", i, machine.hart(i).instret());
        }
        if (machine.platform() instanceof io.fgraph.emulator.linux.LinuxProcess process) {
            err.printf(Locale.ROOT, "threads: %d%n", process.threadsCreated());
            err.printf(Locale.ROOT, "task switches: %d%n", process.scheduler().switches());
        }
        err.printf(Locale.ROOT, "wall time: %.3f s%n", seconds);
        err.printf(Locale.ROOT, "MIPS: %.1f%n", mips);
        if (!machine.config().translation().enabled()) {
            err.println("translated: off");
        } else {
            TranslationStats translation = machine.translationStats();
            double share = 100.0 * translation.translatedInstructions() / Math.max(result.instructions(), 1);
            err.printf(Locale.ROOT, "translated: %d instructions (%.1f%%) by %d units of %d blocks, %d dropped%n",
                    translation.translatedInstructions(), share, translation.units(), translation.blocks(),
                    translation.dropped());
        }
        err.printf(Locale.ROOT, "stop: %s%n", result.reason().name().toLowerCase(Locale.ROOT));
    }
}
