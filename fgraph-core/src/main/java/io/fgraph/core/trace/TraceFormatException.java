package io.fgraph.core.trace;

/**
 * A trace cannot be read: the directory is missing, is not a trace, is truncated or corrupted, or
 * was written by a newer format version. The message is one line that starts with the problem,
 * e.g. {@code "corrupted: page 12 in DIR/events/20260101H.cq4 at byte 524288: checksum 0x1a2b3c4d,
 * expected 0x5e6f7a8b"}.
 * Unchecked, because cursors discover corruption while iterating.
 */
public final class TraceFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TraceFormatException(String message) {
        super(message);
    }

    public TraceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
