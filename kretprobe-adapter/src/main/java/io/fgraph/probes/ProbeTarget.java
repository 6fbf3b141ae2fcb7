package io.fgraph.probes;

/**
 * Where a probe goes, as Linux's dynamic events write it: {@code SYMBOL[+OFFS]} or an address.
 * Offsets and addresses are decimal, or hexadecimal with {@code 0x}.
 *
 * @param symbol  the symbol, or null for a raw address
 * @param offset  bytes from the symbol's start (0 for a raw address)
 * @param address the raw address (0 when a symbol is given)
 */
public record ProbeTarget(String symbol, long offset, long address) {
    public ProbeTarget {
        if (symbol != null && (symbol.isEmpty() || offset < 0)) {
            throw new IllegalArgumentException("target=" + symbol + "+" + offset + ": needs a symbol and an offset >= 0");
        }
    }

    public static ProbeTarget symbol(String symbol, long offset) {
        return new ProbeTarget(symbol, offset, 0);
    }

    public static ProbeTarget address(long address) {
        return new ProbeTarget(null, 0, address);
    }

    /** Parses {@code fib}, {@code fib+0x10}, {@code fib+16} or {@code 0x80000010}. */
    public static ProbeTarget parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty probe location: give SYMBOL[+OFFS] or an address");
        }
        if (Character.isDigit(text.charAt(0))) {
            return address(number(text, text));
        }
        int plus = text.indexOf('+');
        if (plus < 0) {
            checkSymbol(text, text);
            return symbol(text, 0);
        }
        String symbol = text.substring(0, plus);
        checkSymbol(symbol, text);
        return symbol(symbol, number(text.substring(plus + 1), text));
    }

    private static void checkSymbol(String symbol, String text) {
        if (symbol.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "': no symbol before '+'");
        }
        for (int i = 0; i < symbol.length(); i++) {
            char c = symbol.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '$')) {
                throw new IllegalArgumentException("'" + text + "': '" + c + "' cannot be part of a symbol name");
            }
        }
    }

    /** A decimal or {@code 0x} hexadecimal number, as Linux's {@code kstrtoul(s, 0)}. */
    static long number(String digits, String text) {
        try {
            if (digits.startsWith("0x") || digits.startsWith("0X")) {
                return Long.parseUnsignedLong(digits.substring(2), 16);
            }
            return Long.parseUnsignedLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': '" + digits + "' is not a number (decimal, or hex with 0x)");
        }
    }

    @Override
    public String toString() {
        if (symbol == null) {
            return "0x" + Long.toHexString(address);
        }
        return offset == 0 ? symbol : symbol + "+0x" + Long.toHexString(offset);
    }
}
