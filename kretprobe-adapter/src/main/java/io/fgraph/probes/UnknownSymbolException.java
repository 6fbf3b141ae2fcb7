package io.fgraph.probes;

/** A probe names a symbol the program does not have (callers may suggest the closest names). */
public final class UnknownSymbolException extends KprobeException {
    private static final long serialVersionUID = 1L;

    private final String symbol;

    public UnknownSymbolException(String symbol) {
        super(symbol + ": no such symbol in the program");
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
