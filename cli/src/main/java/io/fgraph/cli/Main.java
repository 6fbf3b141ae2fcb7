package io.fgraph.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

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
            status = UserErrorHandler.report(e);
        }
        System.exit(status);
    }

    /** Runs the command line and returns the exit status (for tests). */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(new UserErrorHandler());
        return commandLine.execute(args);
    }
}
