package io.fgraph.core.trace;

import java.util.Locale;
import java.util.function.LongFunction;

/**
 * One typed value of a call, as a {@link EventLayout#KIND_VALUES} record holds it, and its text
 * as uftrace prints it ({@link #format}): {@code d} decimal (hex past 100000, small negative
 * 32-bit values as negatives), {@code i} signed decimal, {@code u} unsigned decimal (hex past
 * 100000), {@code x} hex ({@code 0x2a}, {@code 0} for zero), {@code s} a quoted string with C
 * escapes ({@code NULL} for a null pointer), {@code c} a quoted character, {@code f} a floating
 * point number ({@code 1.500000}), {@code p} {@code &name} of the function pointed at, else hex.
 *
 * @param format    the format letter
 * @param size      the bytes the number was read from (1, 2, 4, 8)
 * @param slot      bit 7: a floating-point argument; bits 0-6: the argument's number, 0 for the return value
 * @param number    the number read (zero-extended), for every format but {@code s}
 * @param text      the string read, for {@code s}
 * @param textState -1 for a string read, {@link EventLayout#VALUE_NULL} or {@link EventLayout#VALUE_FAULT}
 */
public record CallValue(char format, int size, int slot, long number, String text, int textState) {
    static CallValue number(char format, int size, int slot, long number) {
        return new CallValue(format, size, slot, number, null, -1);
    }

    static CallValue text(int slot, int state, String text) {
        return new CallValue('s', Long.BYTES, slot, 0, text, state);
    }

    /** True for the return value, false for an argument. */
    public boolean isReturnValue() {
        return (slot & ~EventLayout.VALUE_SLOT_FLOAT) == 0;
    }

    /** True for a floating-point argument ({@code fpargN}). */
    public boolean isFloatArgument() {
        return (slot & EventLayout.VALUE_SLOT_FLOAT) != 0;
    }

    /** The argument's number (from 1), 0 for the return value. */
    public int index() {
        return slot & ~EventLayout.VALUE_SLOT_FLOAT;
    }

    /** The value sign-extended from its size. */
    public long signed() {
        int bits = size * 8;
        return bits >= 64 ? number : (number << (64 - bits)) >> (64 - bits);
    }

    /** The value cut to its size. */
    public long unsigned() {
        int bits = size * 8;
        return bits >= 64 ? number : number & ((1L << bits) - 1);
    }

    /**
     * The value as uftrace prints it.
     *
     * @param symbolAt the name of the function at an address, or null (for {@code p})
     */
    public String format(LongFunction<String> symbolAt) {
        switch (format) {
            case 's' -> {
                if (textState == EventLayout.VALUE_NULL) {
                    return "NULL";
                }
                if (textState == EventLayout.VALUE_FAULT) {
                    return "(fault)";
                }
                StringBuilder s = new StringBuilder("\"");
                for (char c : text.toCharArray()) {
                    escape(s, c);
                }
                return s.append('"').toString();
            }
            case 'c' -> {
                StringBuilder s = new StringBuilder("'");
                escape(s, (char) (number & 0xff));
                return s.append('\'').toString();
            }
            case 'f' -> {
                double d = size == 4 ? Float.intBitsToFloat((int) number) : Double.longBitsToDouble(number);
                return String.format(Locale.ROOT, "%f", d);
            }
            case 'p' -> {
                long address = unsigned();
                String name = address == 0 || symbolAt == null ? null : symbolAt.apply(address);
                return name != null ? "&" + name : address == 0 ? "0" : "0x" + Long.toHexString(address);
            }
            case 'x' -> {
                long v = unsigned();
                return v == 0 ? "0" : "0x" + Long.toHexString(v);
            }
            case 'i' -> {
                return Long.toString(signed());
            }
            case 'u' -> {
                long v = unsigned();
                return Long.compareUnsigned(v, 100000) > 0 ? "0x" + Long.toHexString(v) : Long.toUnsignedString(v);
            }
            default -> {
                long v = signed();
                long low = unsigned();
                if (size >= 4 && Long.compareUnsigned(low, 0xffff0000L) > 0 && Long.compareUnsigned(low, 0xffffffffL) <= 0) {
                    return Integer.toString((int) low); // uftrace shows a small negative int naturally
                }
                if (size == 4 && v < 0 && (int) v > -0x10000) {
                    return Long.toString(v);
                }
                if (v > 100000 || v < -100000) {
                    return "0x" + Long.toHexString(size >= 8 ? v : unsigned());
                }
                return Long.toString(v);
            }
        }
    }

    /** C's escapes for what printf("%c") would not show plainly, as uftrace's print_escaped_char. */
    private static void escape(StringBuilder s, char c) {
        switch (c) {
            case '\n' -> s.append("\\n");
            case '\t' -> s.append("\\t");
            case '\r' -> s.append("\\r");
            case '\\' -> s.append("\\\\");
            case '"' -> s.append("\\\"");
            case '\'' -> s.append("\\'");
            case '\0' -> s.append("\\0");
            default -> {
                if (c < 0x20 || c == 0x7f) {
                    s.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                } else {
                    s.append(c);
                }
            }
        }
    }
}
