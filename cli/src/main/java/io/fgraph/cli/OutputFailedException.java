package io.fgraph.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An output the command writes (standard output, a file) refused a write: a full disk,
 * {@code /dev/full}, a closed pipe. Unchecked, so that it gets through {@link java.io.PrintStream},
 * which would swallow an {@link IOException}; the command stops and reports it in one line.
 */
final class OutputFailedException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    /** Exit status for an output that could not be written. */
    static final int EXIT_STATUS = 3;
    /** Exit status after a closed pipe (as a process killed by SIGPIPE): nothing is printed. */
    static final int BROKEN_PIPE_STATUS = 141;

    OutputFailedException(String target, IOException cause) {
        super("cannot write " + target + ": " + reason(cause), cause);
    }

    /** The reader went away ({@code fgraph replay DIR | head}): not worth a message. */
    boolean brokenPipe() {
        return "Broken pipe".equals(getCause().getMessage());
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
