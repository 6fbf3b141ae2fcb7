package io.fgraph.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file a command writes (an export, a trace text): a buffered print stream over a
 * {@link FailFastOutputStream}, so the first write error stops the command. {@link #close()}
 * closes the file even after a failure (a {@link PrintStream} does not: its close gives up at
 * the first unchecked exception, leaving the file open).
 */
final class OutputFile implements AutoCloseable {
    private final FailFastOutputStream raw;
    private final PrintStream print;

    private OutputFile(FailFastOutputStream raw) {
        this.raw = raw;
        this.print = Outputs.print(raw);
    }

    /**
     * Creates (or truncates) {@code file}, the output of option {@code option}.
     *
     * @throws UserError if it cannot be created
     */
    static OutputFile create(Path file, String option) {
        try {
            return new OutputFile(new FailFastOutputStream(Files.newOutputStream(file), file.toString()));
        } catch (IOException e) {
            throw new UserError(option + "=" + file + ": cannot write: " + IoErrors.reason(e, file));
        }
    }

    PrintStream print() {
        return print;
    }

    /** Runs {@code listener} once at the first write error (for example to stop the program being traced). */
    OutputFile onFailure(Runnable listener) {
        raw.onFailure(listener);
        return this;
    }

    /**
     * Flushes and closes the file.
     *
     * @throws OutputFailedException if a write failed, now or before
     */
    @Override
    public void close() {
        try {
            print.flush();
        } finally {
            raw.close();
        }
    }

    /** Closes the file after a failure elsewhere, which is what gets reported. */
    void closeQuietly() {
        try {
            close();
        } catch (OutputFailedException e) {
            // the first failure is already on its way
        }
    }
}
