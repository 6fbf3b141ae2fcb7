package io.fgraph.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code fgraph} command. */
@Command(name = "fgraph", mixinStandardHelpOptions = true, version = "fgraph 0.1.0",
        description = "Function-graph tracing of RISC-V programs on an emulated CPU.",
        subcommands = {RunCommand.class, RecordCommand.class, InfoCommand.class, ReplayCommand.class,
            ReportCommand.class, GraphCommand.class, DumpCommand.class, ExportCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'fgraph run PROGRAM.elf'");
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
        // Help and version text: a write error is remembered by standard output and reported by main.
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(Outputs.swallowing(System.out), StandardCharsets.UTF_8),
                true));
        return commandLine.execute(args);
    }
}
