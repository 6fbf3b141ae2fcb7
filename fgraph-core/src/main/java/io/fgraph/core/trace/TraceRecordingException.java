package io.fgraph.core.trace;

/**
 * Recording stopped because the writer failed (a full disk, an I/O error, a bug). Thrown by
 * {@link TraceRecorder#close()} after the trace was closed cleanly up to the last written page.
 * The message is one line, e.g.
 * {@code "recording stopped after 1200 events: writer failed: IOException: No space left on device"}.
 */
public final class TraceRecordingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TraceRecordingException(String message, Throwable cause) {
        super(message, cause);
    }
}
