package io.fgraph.probes.fetch;

import io.fgraph.core.trace.ProbeSchema;
import io.fgraph.emulator.elf.SymbolTable;

/**
 * Fetched values as ftrace prints them: {@code u} and bitfields in unsigned decimal, {@code s} in
 * signed decimal, {@code x} as {@code 0x...}, a char between single quotes, a string between double
 * quotes, a symbol as {@code sym+0xoff/0xsize}, an array as {@code {a,b,c}}, an unreadable value as
 * {@code (fault)}. The formats themselves are {@link ProbeSchema.Format}'s, which the trace readers
 * use too: a hit looks the same live and replayed.
 */
public final class ValueFormat {
    private ValueFormat() {
    }

    public static String format(FetchType type, Object value, SymbolTable symbols) {
        return of(type).format(value == FetchArg.FAULT ? null : value, symbols);
    }

    /** How a value of {@code type} is shown. */
    public static ProbeSchema.Format of(FetchType type) {
        return switch (type.kind()) {
            case UNSIGNED, BITFIELD -> ProbeSchema.Format.UNSIGNED;
            case SIGNED -> ProbeSchema.Format.SIGNED;
            case HEX -> ProbeSchema.Format.HEX;
            case CHAR -> ProbeSchema.Format.CHAR;
            case SYMBOL -> ProbeSchema.Format.SYMBOL;
            case STRING, SYMSTR -> ProbeSchema.Format.TEXT;
        };
    }

    /** {@code sym+0xoff/0xsize} as Linux's {@code %pS}, or {@code 0x...} where no symbol covers the address. */
    public static String symbol(SymbolTable symbols, long address) {
        return ProbeSchema.symbol(symbols, address);
    }
}
