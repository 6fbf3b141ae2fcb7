package io.fgraph.probes.fetch;

/**
 * How a fetched value is read and shown, as Linux's probe argument types: {@code u8..u64} and
 * {@code s8..s64} (decimal), {@code x8..x64} (hex, the default {@code x64}), {@code char},
 * {@code string} (and {@code ustring}: guest memory has no user/kernel split), {@code symbol}
 * ({@code sym+0xoff/0xsize}), {@code symstr} (the same, stored as a string), bitfields
 * {@code b<width>@<offset>/<container>} (shown as unsigned), and arrays {@code TYPE[N]}
 * (N = 1..64, memory arguments only).
 *
 * @param kind   the base kind
 * @param size   bytes read for one element (1, 2, 4, 8; a bitfield's container; 8 for strings, a pointer)
 * @param bitWidth  a bitfield's width in bits, else 0
 * @param bitOffset a bitfield's offset in bits, else 0
 * @param count  array elements, 0 for a single value
 */
public record FetchType(Kind kind, int size, int bitWidth, int bitOffset, int count) {
    public enum Kind { UNSIGNED, SIGNED, HEX, CHAR, STRING, SYMBOL, SYMSTR, BITFIELD }

    public static final int MAX_ARRAY = 64;
    public static final FetchType X64 = new FetchType(Kind.HEX, 8, 0, 0, 0);
    public static final FetchType S64 = new FetchType(Kind.SIGNED, 8, 0, 0, 0);
    public static final FetchType S32 = new FetchType(Kind.SIGNED, 4, 0, 0, 0);
    public static final FetchType S16 = new FetchType(Kind.SIGNED, 2, 0, 0, 0);
    public static final FetchType S8 = new FetchType(Kind.SIGNED, 1, 0, 0, 0);
    public static final FetchType U16 = new FetchType(Kind.UNSIGNED, 2, 0, 0, 0);
    public static final FetchType U8 = new FetchType(Kind.UNSIGNED, 1, 0, 0, 0);
    public static final FetchType STRING = new FetchType(Kind.STRING, 8, 0, 0, 0);

    /**
     * Parses a type name.
     *
     * @throws IllegalArgumentException with the reason
     */
    public static FetchType parse(String text) {
        String base = text;
        int count = 0;
        int bracket = text.indexOf('[');
        if (bracket >= 0) {
            if (!text.endsWith("]")) {
                throw new IllegalArgumentException("array type '" + text + "' needs a closing ']'");
            }
            String digits = text.substring(bracket + 1, text.length() - 1);
            try {
                count = Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("array length '" + digits + "' is not a number");
            }
            if (count < 1 || count > MAX_ARRAY) {
                throw new IllegalArgumentException("array length " + count + ": must be 1.." + MAX_ARRAY);
            }
            base = text.substring(0, bracket);
        }
        FetchType type = base(base);
        return count == 0 ? type : new FetchType(type.kind, type.size, type.bitWidth, type.bitOffset, count);
    }

    private static FetchType base(String text) {
        switch (text) {
            case "char":
                return new FetchType(Kind.CHAR, 1, 0, 0, 0);
            case "string":
            case "ustring":
                return STRING;
            case "symbol":
                return new FetchType(Kind.SYMBOL, 8, 0, 0, 0);
            case "symstr":
                return new FetchType(Kind.SYMSTR, 8, 0, 0, 0);
            default:
                break;
        }
        if (text.startsWith("b")) {
            return bitfield(text);
        }
        if (text.length() >= 2 && "usx".indexOf(text.charAt(0)) >= 0) {
            int bits;
            try {
                bits = Integer.parseInt(text.substring(1));
            } catch (NumberFormatException e) {
                throw unknown(text);
            }
            if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
                throw unknown(text);
            }
            Kind kind = text.charAt(0) == 'u' ? Kind.UNSIGNED : text.charAt(0) == 's' ? Kind.SIGNED : Kind.HEX;
            return new FetchType(kind, bits / 8, 0, 0, 0);
        }
        throw unknown(text);
    }

    /** {@code b<width>@<offset>/<container>}. */
    private static FetchType bitfield(String text) {
        int at = text.indexOf('@');
        int slash = text.indexOf('/');
        if (at < 0 || slash < at) {
            throw new IllegalArgumentException("bitfield type '" + text + "': write b<bit-width>@<bit-offset>/<container-size>");
        }
        int width;
        int offset;
        int container;
        try {
            width = Integer.parseInt(text.substring(1, at));
            offset = Integer.parseInt(text.substring(at + 1, slash));
            container = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bitfield type '" + text + "': width, offset and container size are numbers");
        }
        if (container != 8 && container != 16 && container != 32 && container != 64) {
            throw new IllegalArgumentException("bitfield type '" + text + "': the container size is 8, 16, 32 or 64 bits");
        }
        if (width < 1 || offset < 0 || offset + width > container) {
            throw new IllegalArgumentException("bitfield type '" + text + "': " + width + " bits at bit " + offset
                    + " do not fit in " + container + " bits");
        }
        return new FetchType(Kind.BITFIELD, container / 8, width, offset, 0);
    }

    private static IllegalArgumentException unknown(String text) {
        return new IllegalArgumentException("unknown type '" + text + "' (u8..u64, s8..s64, x8..x64, char, string, "
                + "ustring, symbol, symstr, b<width>@<offset>/<container>, TYPE[N])");
    }

    /** True for the types whose value is text: {@code string}, {@code symstr}. */
    public boolean isText() {
        return kind == Kind.STRING || kind == Kind.SYMSTR;
    }

    public boolean isArray() {
        return count > 0;
    }

    /** The element type of an array type (itself for a single value). */
    public FetchType element() {
        return count == 0 ? this : new FetchType(kind, size, bitWidth, bitOffset, 0);
    }

    /** The canonical name, as a definition spells it. */
    public String text() {
        String base = switch (kind) {
            case UNSIGNED -> "u" + size * 8;
            case SIGNED -> "s" + size * 8;
            case HEX -> "x" + size * 8;
            case CHAR -> "char";
            case STRING -> "string";
            case SYMBOL -> "symbol";
            case SYMSTR -> "symstr";
            case BITFIELD -> "b" + bitWidth + "@" + bitOffset + "/" + size * 8;
        };
        return count == 0 ? base : base + "[" + count + "]";
    }

    /**
     * The value of one element from {@code raw}, the {@link #size()} bytes read (zero-extended):
     * sign-extended for {@code s}, the bits of a bitfield, as is otherwise.
     */
    public long convert(long raw) {
        int bits = size * 8;
        long value = bits == 64 ? raw : raw & ((1L << bits) - 1);
        switch (kind) {
            case SIGNED:
                return bits == 64 ? value : (value << (64 - bits)) >> (64 - bits);
            case BITFIELD:
                return (value >>> bitOffset) & (bitWidth == 64 ? -1L : (1L << bitWidth) - 1);
            default:
                return value;
        }
    }
}
