package io.fgraph.cli;

import picocli.CommandLine;

/**
 * Prints user errors and output errors as "fgraph: message"; anything else is a bug and keeps its
 * stack trace.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult)
            throws Exception {
        if (ex instanceof UserError) {
            commandLine.getErr().println("fgraph: " + ex.getMessage());
            commandLine.getErr().flush();
            return UserError.EXIT_STATUS;
        }
        if (ex instanceof OutputFailedException) {
            return report((OutputFailedException) ex);
        }
        throw ex;
    }

    private static volatile boolean outputFailureReported;

    /** Whether {@link #report} printed (or, for a closed pipe, decided not to print) an output failure. */
    static boolean outputFailureReported() {
        return outputFailureReported;
    }

    /** One line for an output that failed (none for a closed pipe); returns the exit status. */
    static int report(OutputFailedException e) {
        outputFailureReported = true;
        if (e.brokenPipe()) {
            return OutputFailedException.BROKEN_PIPE_STATUS;
        }
        System.err.println("fgraph: " + e.getMessage());
        System.err.flush();
        return OutputFailedException.EXIT_STATUS;
    }
}
