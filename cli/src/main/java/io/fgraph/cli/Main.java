package io.fgraph.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The {@code fgraph} command. */
@Command(name = "fgraph", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Function-graph tracing of RISC-V programs on an emulated CPU.")
public final class Main implements Runnable {
    static final String VERSION = "fgraph 0.1.0";

    /**
     * The subcommands, in the order the help lists them. Building picocli's model of a command is
     * reflection over its options and mixins, a quarter of a second for all of them at start-up:
     * a command line names its subcommand first, and only that one is built (see {@link #commandLine}).
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("run", RunCommand::new);
        SUBCOMMANDS.put("record", RecordCommand::new);
        SUBCOMMANDS.put("info", InfoCommand::new);
        SUBCOMMANDS.put("replay", ReplayCommand::new);
        SUBCOMMANDS.put("report", ReportCommand::new);
        SUBCOMMANDS.put("graph", GraphCommand::new);
        SUBCOMMANDS.put("dump", DumpCommand::new);
        SUBCOMMANDS.put("export", ExportCommand::new);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command (run, record, info, replay, report, graph, dump, export)");
    }

    public static void main(String[] args) {
        Outputs.installStandardOutput();
        int status = execute(args);
        try {
            System.out.flush();
        } catch (OutputFailedException e) {
            // reported below, unless the command did already
        }
        OutputFailedException lost = Outputs.standardOutputFailure();
        if (lost != null && !UserErrorHandler.outputFailureReported()) {
            status = UserErrorHandler.report(lost);
        }
        System.exit(status);
    }

    /** Runs the command line and returns the exit status (for tests). */
    public static int execute(String... args) {
        CommandLine commandLine = commandLine(args.length > 0 ? args[0] : null);
        commandLine.setExecutionExceptionHandler(new UserErrorHandler());
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            subcommand.getCommandSpec().version(VERSION); // so that 'fgraph run --version' answers too
        }
        // Help and version text: a write error is remembered by standard output and reported by main.
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(Outputs.swallowing(System.out), StandardCharsets.UTF_8),
                true));
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            return outOfMemory(System.err);
        }
    }

    /**
     * The command line for arguments that begin with {@code first}: with only that subcommand when
     * it names one (other than {@code help}, which describes the others), else with all of them
     * (the top-level help, the version, a missing or mistyped command and its suggestions).
     * Either parses and runs the same command in the same way.
     */
    static CommandLine commandLine(String first) {
        CommandLine commandLine = new CommandLine(new Main());
        Supplier<Object> only = first == null || first.equals("help") ? null : SUBCOMMANDS.get(first);
        if (only != null) {
            commandLine.addSubcommand(first, only.get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
        }
        return commandLine;
    }

    /** One line instead of the JVM's trace: the guest's RAM and fgraph's structures live in the Java heap. */
    private static int outOfMemory(PrintStream err) {
        long heapMiB = Runtime.getRuntime().maxMemory() >> 20;
        err.println("fgraph: out of memory: the Java heap (at most " + heapMiB + " MiB) cannot hold the guest's RAM "
                + "and fgraph's data; use a smaller --ram-size, or a larger heap (FGRAPH_JAVA_OPTS=-Xmx4g)");
        err.flush();
        return UserError.EXIT_STATUS;
    }
}
