package io.fgraph.cli;

/** A mistake in the user's input: reported as one line on stderr, never as a stack trace. */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit status for bad input (a missing file, a malformed ELF, a bad option value). */
    static final int EXIT_STATUS = 2;

    UserError(String message) {
        super(message);
    }
}
