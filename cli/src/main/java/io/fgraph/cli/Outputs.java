package io.fgraph.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the commands write: standard output and files, all through a {@link FailFastOutputStream},
 * so a write error stops the command with one line and exit status 3 instead of being swallowed;
 * and the checks that keep an output from overwriting an input.
 */
final class Outputs {
    private static volatile FailFastOutputStream standardOutput;

    private Outputs() {
    }

    /**
     * Replaces {@link System#out} by a stream on file descriptor 1 that throws at its first write
     * error (the JVM's own swallows them). Called once by {@link Main#main}; tests capture
     * {@code System.out} instead.
     */
    static void installStandardOutput() {
        FailFastOutputStream out = new FailFastOutputStream(new FileOutputStream(FileDescriptor.out), "standard output");
        standardOutput = out;
        System.setOut(new PrintStream(new BufferedOutputStream(out, 1 << 13), true, StandardCharsets.UTF_8));
    }

    /** The first write error of standard output, if {@link #installStandardOutput} installed it; else null. */
    static OutputFailedException standardOutputFailure() {
        FailFastOutputStream out = standardOutput;
        return out == null ? null : out.failure();
    }

    /**
     * Standard output, buffered (System.out flushes every line: too slow for millions of lines);
     * flush at the end. Write errors are thrown (see {@link #installStandardOutput}).
     */
    static PrintStream stdout() {
        return new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
    }

    /**
     * {@code out} for writers that report errors through {@code checkError()} (picocli's help):
     * an {@link OutputFailedException} becomes the {@code IOException} they expect.
     */
    static OutputStream swallowing(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (OutputFailedException e) {
                    throw e.getCause();
                }
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void flush() throws IOException {
                try {
                    out.flush();
                } catch (OutputFailedException e) {
                    throw e.getCause();
                }
            }
        };
    }

    /** A buffered UTF-8 print stream on {@code out}. */
    static PrintStream print(java.io.OutputStream out) {
        return new PrintStream(new BufferedOutputStream(out, 1 << 16), false, StandardCharsets.UTF_8);
    }

    /**
     * Refuses an output that would overwrite the trace being read: a path inside {@code traceDir}.
     *
     * @throws UserError if {@code output} is inside {@code traceDir}
     */
    static void notInside(Path output, String option, Path traceDir) {
        Path out = real(output);
        Path trace = real(traceDir);
        if (out.startsWith(trace)) {
            throw new UserError(option + "=" + output + ": is inside the trace directory " + traceDir
                    + " (it would overwrite the trace being read)");
        }
    }

    /**
     * Refuses an output that is another file the command reads or writes.
     *
     * @param what what {@code other} is, e.g. "the program"
     * @throws UserError if {@code output} is the same file as {@code other}
     */
    static void notSame(Path output, String option, Path other, String what) {
        if (real(output).equals(real(other))) {
            throw new UserError(option + "=" + output + ": is " + what + " " + other + " (it would be overwritten)");
        }
    }

    /** The real path of {@code path}, or of its nearest existing ancestor with the rest appended. */
    private static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }

}
