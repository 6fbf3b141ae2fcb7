package io.fgraph.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;

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
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status (for tests). */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(new UserErrorHandler());
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            subcommand.getCommandSpec().version(VERSION); // so that 'fgraph run --version' answers too
        }
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
