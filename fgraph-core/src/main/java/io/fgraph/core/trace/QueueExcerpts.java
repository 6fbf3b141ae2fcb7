package io.fgraph.core.trace;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The excerpts of a trace's event queue, file after file in cycle order ({@link TraceFiles#eventFiles}),
 * each read by a {@link QueueFileReader}. Reading stops at the first file that was cut short:
 * what follows a gap is not read. Problems opening or reading a file are
 * {@link TraceFormatException}s with one line.
 */
final class QueueExcerpts implements AutoCloseable {
    private final List<Path> files;
    private int next;
    private QueueFileReader current;
    private String truncation;

    QueueExcerpts(List<Path> files) {
        this.files = files;
    }

    /** Moves to the next excerpt; false when there are no more (see {@link #truncation()}). */
    boolean next() {
        while (true) {
            if (current == null) {
                if (next == files.size() || truncation != null) {
                    return false;
                }
                current = open(files.get(next++));
            }
            try {
                if (current.next()) {
                    return true;
                }
            } catch (IOException e) {
                throw new TraceFormatException("missing: cannot read " + current.file() + ": " + reason(e), e);
            }
            if (current.end() == QueueFileReader.End.TRUNCATED) {
                truncation = current.file() + " is cut short at byte " + current.size()
                        + " (inside the excerpt at byte " + current.position() + ")";
            }
            current.close();
            current = null;
        }
    }

    /** The current excerpt's bytes, valid until the next call of {@link #next()}. */
    byte[] body() {
        return current.body();
    }

    int length() {
        return current.length();
    }

    /** Where the current excerpt is, for messages: the file and the offset of its header. */
    String where() {
        return current.file() + " at byte " + current.excerptPosition();
    }

    /** Null if the data ended where its writer stopped, else where the files were cut short. */
    String truncation() {
        return truncation;
    }

    private static QueueFileReader open(Path file) {
        if (Files.isDirectory(file)) {
            throw new TraceFormatException("corrupted: " + file + " is a directory, not an events file");
        }
        try {
            return new QueueFileReader(file);
        } catch (IOException e) {
            throw new TraceFormatException("missing: cannot read " + file + ": " + reason(e), e);
        }
    }

    /** The operating system's reason, without the path that the exception message repeats. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
