package io.fgraph.core.trace;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a reader checks about a trace as a whole, beyond each batch's own CRC: that its header,
 * events and summary belong to one recording (the same trace id in all three), and, at the end
 * of every full pass, that the events read are the events the summary counted. Events cut short
 * (a truncated {@code .cq4}) are not an error as long as something was read: the pass ends at the
 * last complete batch and {@link #truncation()} says so.
 */
final class TraceCheck {
    /** A pass that ended where a file was cut short. */
    record Truncation(String message, long events, long batches) {
    }

    private final Path dir;
    private final TraceHeader header;
    private final Optional<TraceSummary> summary;
    private volatile Truncation truncation;

    /** @throws TraceFormatException if the summary belongs to another recording than the header */
    TraceCheck(Path dir, TraceHeader header, Optional<TraceSummary> summary) {
        this.dir = dir;
        this.header = header;
        this.summary = summary;
        summary.ifPresent(s -> {
            if (!s.traceId().equals(header.traceId())) {
                throw new TraceFormatException("corrupted: " + TraceFiles.summary(dir) + " belongs to another recording "
                        + "(trace id " + shown(s.traceId()) + ", " + TraceFiles.HEADER_FILE + " has "
                        + shown(header.traceId()) + ")");
            }
        });
    }

    /** Whether the first excerpt must be the identity (format version 2 on). */
    boolean expectsIdentity() {
        return header.formatVersion() >= TraceHeader.TRACE_ID_VERSION;
    }

    /** Checks the first excerpt of the events: the identity of the header's recording. */
    void identity(byte[] excerpt, int length, String where) {
        if (!EventLayout.isIdentity(excerpt, length)) {
            throw new TraceFormatException("corrupted: the first excerpt of the events (" + where
                    + ") is not a trace identity");
        }
        String id = EventLayout.identityTraceId(excerpt);
        if (!id.equals(header.traceId())) {
            throw new TraceFormatException("corrupted: the events in " + TraceFiles.events(dir)
                    + " belong to another recording (trace id " + id + ", " + TraceFiles.HEADER_FILE + " has "
                    + header.traceId() + ")");
        }
    }

    /**
     * Called once at the end of each full pass.
     *
     * @param cut            null if the data ended where its writer stopped, else where a file was cut short
     * @param identitySeen   whether the identity excerpt was read
     * @param records        records in the batches read
     * @param batches        batches read
     * @param bytes          batch bytes read
     * @throws TraceFormatException if nothing at all was readable from a cut file, if the events are
     *                              missing, or if a complete pass disagrees with the summary
     */
    void end(String cut, boolean identitySeen, long records, long batches, long bytes) {
        if (cut != null) {
            if (batches == 0) {
                throw new TraceFormatException("truncated: nothing readable before the cut: " + cut);
            }
            truncation = new Truncation("incomplete: events file truncated: " + cut + "; " + records
                    + " events in " + batches + " batches read before the cut", records, batches);
            return;
        }
        if (expectsIdentity() && !identitySeen) {
            throw new TraceFormatException("missing: no events in " + TraceFiles.events(dir)
                    + summary.map(s -> " (" + TraceFiles.SUMMARY_FILE + " says " + s.eventsWritten() + " events)").orElse("")
                    + ": the events file was deleted, renamed or emptied");
        }
        summary.ifPresent(s -> {
            if (s.eventsWritten() != records || s.batches() != batches || s.bytes() != bytes) {
                throw new TraceFormatException("corrupted: " + TraceFiles.summary(dir) + " says " + s.eventsWritten()
                        + " events in " + s.batches() + " batches (" + s.bytes() + " bytes), the events files hold "
                        + records + " events in " + batches + " batches (" + bytes + " bytes)");
            }
        });
    }

    /** Where the last full pass found the events cut short, if it did. */
    Optional<Truncation> truncation() {
        return Optional.ofNullable(truncation);
    }

    private static String shown(String id) {
        return id.isEmpty() ? "(none)" : id;
    }
}
