package io.fgraph.probes.fetch;

/**
 * A probe definition or fetch argument that does not parse, with the position of the problem
 * (1-based, in the whole text given), as Linux's {@code error_log} points at it.
 */
public final class FetchSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String text;
    private final int position;
    private final String reason;

    public FetchSpecException(String text, int position, String reason) {
        super("'" + text + "': " + reason + " (at position " + position + ")");
        this.text = text;
        this.position = position;
        this.reason = reason;
    }

    /** The text that failed to parse. */
    public String text() {
        return text;
    }

    /** 1-based position of the problem in {@link #text()}. */
    public int position() {
        return position;
    }

    public String reason() {
        return reason;
    }
}
