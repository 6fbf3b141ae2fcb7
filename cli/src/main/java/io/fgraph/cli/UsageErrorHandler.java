package io.fgraph.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;

/**
 * picocli's own errors (an unknown option, {@code --harts abc}, a missing argument) as one line,
 * {@code fgraph: <what> (try 'fgraph run --help')}, instead of the message followed by the whole
 * usage text.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("fgraph: " + message(ex) + " (try '" + command.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return UserError.EXIT_STATUS;
    }

    private static String message(CommandLine.ParameterException ex) {
        String message = String.valueOf(ex.getMessage()).strip().replaceAll("\\s*\\R\\s*", "; ");
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
            List<String> known = first.startsWith("-") ? List.copyOf(spec.optionsMap().keySet())
                    : List.copyOf(spec.subcommands().keySet());
            String typed = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            List<String> closest = ClosestNames.of(typed, known);
            if (!closest.isEmpty()) {
                message += "; did you mean " + String.join(" or ", closest) + "?";
            }
        }
        return message;
    }
}
