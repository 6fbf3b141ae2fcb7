package io.fgraph.cli;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes bytes on to an output stream and throws an {@link OutputFailedException} at its first
 * write error, and at every write after it: a {@link java.io.PrintStream} on top cannot swallow
 * the error (it catches only {@code IOException}s), so the command stops at once instead of
 * finishing with truncated output and exit status 0.
 */
final class FailFastOutputStream extends OutputStream {
    private final OutputStream out;
    private final String target;
    private volatile OutputFailedException failure;
    private volatile Runnable onFailure = () -> {
    };

    /** @param target names the output in the message, e.g. "standard output" or a path */
    FailFastOutputStream(OutputStream out, String target) {
        this.out = out;
        this.target = target;
    }

    @Override
    public void write(int b) {
        check();
        try {
            out.write(b);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        check();
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void flush() {
        check();
        try {
            out.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw failed(e);
        }
        check();
    }

    /** Runs {@code listener} once, at the first failure (for example to stop the program being traced). */
    FailFastOutputStream onFailure(Runnable listener) {
        onFailure = listener;
        return this;
    }

    /** The first failure, or null. */
    OutputFailedException failure() {
        return failure;
    }

    /** After a failure every use fails again, with a new exception (one may be suppressed by another). */
    private void check() {
        OutputFailedException f = failure;
        if (f != null) {
            throw new OutputFailedException(target, (IOException) f.getCause());
        }
    }

    private OutputFailedException failed(IOException e) {
        if (failure == null) {
            failure = new OutputFailedException(target, e);
            onFailure.run();
        }
        return failure;
    }
}
