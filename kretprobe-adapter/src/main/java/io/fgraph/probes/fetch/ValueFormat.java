package io.fgraph.probes.fetch;

import io.fgraph.emulator.elf.Symbol;
import io.fgraph.emulator.elf.SymbolTable;

import java.util.Optional;

/**
 * Fetched values as ftrace prints them ({@code trace_probe.c}'s print functions): {@code u} and
 * bitfields in unsigned decimal, {@code s} in signed decimal, {@code x} as {@code 0x...}, a char
 * between single quotes, a string between double quotes, a symbol as {@code sym+0xoff/0xsize},
 * an array as {@code {a,b,c}}, an unreadable value as {@code (fault)}.
 */
public final class ValueFormat {
    private ValueFormat() {
    }

    public static String format(FetchType type, Object value, SymbolTable symbols) {
        if (value == FetchArg.FAULT || value == null) {
            return "(fault)";
        }
        FetchType element = type.element();
        if (value instanceof long[] values) {
            StringBuilder s = new StringBuilder("{");
            for (int i = 0; i < values.length; i++) {
                s.append(i == 0 ? "" : ",").append(number(element, values[i], symbols));
            }
            return s.append('}').toString();
        }
        if (value instanceof String[] values) {
            StringBuilder s = new StringBuilder("{");
            for (int i = 0; i < values.length; i++) {
                s.append(i == 0 ? "" : ",").append(values[i] == null ? "(fault)" : quoted(values[i]));
            }
            return s.append('}').toString();
        }
        if (value instanceof String text) {
            return quoted(text);
        }
        return number(element, (Long) value, symbols);
    }

    private static String number(FetchType type, long value, SymbolTable symbols) {
        return switch (type.kind()) {
            case SIGNED -> Long.toString(value);
            case UNSIGNED, BITFIELD -> Long.toUnsignedString(value);
            case HEX -> "0x" + Long.toHexString(value);
            case CHAR -> "'" + (char) (value & 0xFF) + "'";
            case SYMBOL -> symbol(symbols, value);
            case STRING, SYMSTR -> throw new IllegalArgumentException(type.text() + " is text, not a number");
        };
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    /** {@code sym+0xoff/0xsize} as Linux's {@code %pS}, or {@code 0x...} where no symbol covers the address. */
    public static String symbol(SymbolTable symbols, long address) {
        Optional<Symbol> symbol = symbols.containing(address);
        if (symbol.isEmpty()) {
            return "0x" + Long.toHexString(address);
        }
        Symbol s = symbol.get();
        return s.name() + "+0x" + Long.toHexString(address - s.address()) + "/0x" + Long.toHexString(s.size());
    }
}
