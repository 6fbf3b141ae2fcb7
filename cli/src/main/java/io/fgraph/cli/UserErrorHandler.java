package io.fgraph.cli;

import picocli.CommandLine;

/** Prints user errors as "fgraph: message"; anything else is a bug and keeps its stack trace. */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult)
            throws Exception {
        if (ex instanceof UserError) {
            commandLine.getErr().println("fgraph: " + ex.getMessage());
            commandLine.getErr().flush();
            return UserError.EXIT_STATUS;
        }
        throw ex;
    }
}
