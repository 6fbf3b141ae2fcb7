package io.fgraph.probes;

/**
 * A probe that cannot be registered, with the reason in one line: an unknown symbol, an offset
 * inside an instruction or past the function, an instruction that cannot be displaced.
 */
public class KprobeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KprobeException(String message) {
        super(message);
    }

    public KprobeException(String message, Throwable cause) {
        super(message, cause);
    }
}
