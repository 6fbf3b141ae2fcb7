package io.fgraph.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code fgraph} command. */
@Command(name = "fgraph", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Function-graph tracing of RISC-V programs on an emulated CPU.",
        subcommands = {RunCommand.class, RecordCommand.class, InfoCommand.class, ReplayCommand.class,
            ReportCommand.class, GraphCommand.class, DumpCommand.class, ExportCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static final String VERSION = "fgraph 0.1.0";

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
        CommandLine commandLine = new CommandLine(new Main());
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

    /** One line instead of the JVM's trace: the guest's RAM and fgraph's structures live in the Java heap. */
    private static int outOfMemory(PrintStream err) {
        long heapMiB = Runtime.getRuntime().maxMemory() >> 20;
        err.println("fgraph: out of memory: the Java heap (at most " + heapMiB + " MiB) cannot hold the guest's RAM "
                + "and fgraph's data; use a smaller --ram-size, or a larger heap (FGRAPH_JAVA_OPTS=-Xmx4g)");
        err.flush();
        return UserError.EXIT_STATUS;
    }
}
