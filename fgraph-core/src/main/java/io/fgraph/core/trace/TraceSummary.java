package io.fgraph.core.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a clean close knows about a recording, stored as {@link TraceFiles#SUMMARY_FILE}: a few
 * {@code key=value} lines, written atomically (temporary file, then rename). A trace without it
 * was not closed: the recorder crashed, or is still running.
 *
 * @param eventsWritten records in the trace (including lost records)
 * @param eventsLost    events that are not in the trace: dropped by a full ring (each drop is also
 *                      counted in a lost record), refused after a stop or a failure, or discarded
 *                      by a failed writer
 * @param dropped       the part of {@code eventsLost} dropped by a full ring (DROP policy)
 * @param batches       Chronicle excerpts written
 * @param bytes         batch bytes written (records and batch headers)
 * @param failure       the writer's failure as one line, or empty if the recording ended cleanly
 */
public record TraceSummary(long eventsWritten, long eventsLost, long dropped, long batches, long bytes,
                           String failure) {

    static final String FIRST_LINE = "fgraph-trace-summary 1";

    public boolean failed() {
        return !failure.isEmpty();
    }

    void write(Path dir) throws IOException {
        StringBuilder s = new StringBuilder(FIRST_LINE).append('\n')
                .append("events=").append(eventsWritten).append('\n')
                .append("lost=").append(eventsLost).append('\n')
                .append("dropped=").append(dropped).append('\n')
                .append("batches=").append(batches).append('\n')
                .append("bytes=").append(bytes).append('\n')
                .append("failure=").append(failure.replace('\n', ' ')).append('\n');
        Path temporary = dir.resolve(TraceFiles.SUMMARY_FILE + ".tmp");
        Files.writeString(temporary, s, StandardCharsets.UTF_8);
        Files.move(temporary, TraceFiles.summary(dir), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** The summary of the trace in {@code dir}, or empty if it has none (it was not closed). */
    static Optional<TraceSummary> read(Path dir) {
        Path file = TraceFiles.summary(dir);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TraceFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(FIRST_LINE)) {
            throw new TraceFormatException("corrupted: " + file + " does not start with '" + FIRST_LINE + "'");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq > 0) {
                values.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
            }
        }
        try {
            return Optional.of(new TraceSummary(number(values, "events"), number(values, "lost"),
                    number(values, "dropped"), number(values, "batches"), number(values, "bytes"),
                    values.getOrDefault("failure", "")));
        } catch (NumberFormatException e) {
            throw new TraceFormatException("corrupted: " + file + ": " + e.getMessage());
        }
    }

    private static long number(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new NumberFormatException("missing " + key);
        }
        return Long.parseLong(value);
    }
}
