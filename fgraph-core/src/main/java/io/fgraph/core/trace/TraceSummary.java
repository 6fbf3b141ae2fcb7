package io.fgraph.core.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a clean close knows about a recording, stored as {@link TraceFiles#SUMMARY_FILE}: a few
 * {@code key=value} lines, written atomically (temporary file, then rename). A trace without it
 * was not closed: the recorder crashed, or is still running. The recorder {@link #reserve reserves}
 * the temporary file when the recording starts and overwrites it in place at the end, so that the
 * summary of a recording that filled the disk can still be written.
 *
 * @param traceId       the recording's id ({@link TraceHeader#traceId()}), {@code ""} in version 1 traces
 * @param eventsWritten records in the trace (including lost records)
 * @param eventsLost    events that are not in the trace: dropped by a full ring (each drop is also
 *                      counted in a lost record), refused after a stop or a failure, or discarded
 *                      by a failed writer
 * @param dropped       the part of {@code eventsLost} dropped by a full ring (DROP policy)
 * @param batches       Chronicle excerpts written
 * @param bytes         batch bytes written (records and batch headers)
 * @param failure       the writer's failure as one line, or empty if the recording ended cleanly
 * @param interrupted   the recording was stopped before the program ended (Ctrl-C)
 * @param probes        the probes' counters at the end ({@code probe.ID=HITS MISSED} lines), by id
 */
public record TraceSummary(String traceId, long eventsWritten, long eventsLost, long dropped, long batches, long bytes,
                           String failure, boolean interrupted, List<ProbeCount> probes) {

    /** A probe's counters: hits (its handler ran: one PROBE record each) and misses (it did not run). */
    public record ProbeCount(int id, long hits, long missed) {
    }

    /** A summary of a recording without probes. */
    public TraceSummary(String traceId, long eventsWritten, long eventsLost, long dropped, long batches, long bytes,
                        String failure, boolean interrupted) {
        this(traceId, eventsWritten, eventsLost, dropped, batches, bytes, failure, interrupted, List.of());
    }

    static final String FIRST_LINE = "fgraph-trace-summary 1";
    static final String PROBE_PREFIX = "probe.";
    /** Bytes reserved for the summary when the recording starts: far more than it takes. */
    static final int RESERVED_LENGTH = 4096;

    public TraceSummary {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(failure, "failure");
        probes = List.copyOf(probes);
    }

    public boolean failed() {
        return !failure.isEmpty();
    }

    /** Writes the temporary summary file with {@link #RESERVED_LENGTH} bytes, to be overwritten by {@link #write}. */
    static void reserve(Path dir) throws IOException {
        Files.write(temporary(dir), new byte[RESERVED_LENGTH], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    static Path temporary(Path dir) {
        return dir.resolve(TraceFiles.SUMMARY_FILE + ".tmp");
    }

    /** Writes the summary over the reserved temporary file (no new disk space needed), then renames it. */
    void write(Path dir) throws IOException {
        StringBuilder s = new StringBuilder(FIRST_LINE).append('\n')
                .append("trace-id=").append(traceId).append('\n')
                .append("events=").append(eventsWritten).append('\n')
                .append("lost=").append(eventsLost).append('\n')
                .append("dropped=").append(dropped).append('\n')
                .append("batches=").append(batches).append('\n')
                .append("bytes=").append(bytes).append('\n')
                .append("failure=").append(failure.replace('\n', ' ')).append('\n')
                .append("interrupted=").append(interrupted).append('\n');
        for (ProbeCount probe : probes) {
            s.append(PROBE_PREFIX).append(probe.id()).append('=').append(probe.hits()).append(' ').append(probe.missed()).append('\n');
        }
        Path temporary = temporary(dir);
        ByteBuffer bytes = ByteBuffer.wrap(s.toString().getBytes(StandardCharsets.UTF_8));
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long at = 0;
            while (bytes.hasRemaining()) {
                at += out.write(bytes, at);
            }
            out.truncate(at);
        }
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
            throw new TraceFormatException("missing: cannot read " + file + ": " + QueueExcerpts.reason(e), e);
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
            List<ProbeCount> probes = new ArrayList<>();
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (e.getKey().startsWith(PROBE_PREFIX)) {
                    String[] counts = e.getValue().split(" ");
                    if (counts.length != 2) {
                        throw new NumberFormatException(e.getKey() + "=" + e.getValue() + ": not HITS MISSED");
                    }
                    probes.add(new ProbeCount(Integer.parseInt(e.getKey().substring(PROBE_PREFIX.length())),
                            Long.parseLong(counts[0]), Long.parseLong(counts[1])));
                }
            }
            return Optional.of(new TraceSummary(values.getOrDefault("trace-id", ""), number(values, "events"),
                    number(values, "lost"), number(values, "dropped"), number(values, "batches"),
                    number(values, "bytes"), values.getOrDefault("failure", ""),
                    Boolean.parseBoolean(values.getOrDefault("interrupted", "false")), probes));
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
