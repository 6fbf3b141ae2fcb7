package io.fgraph.core.tracer;

import java.util.Locale;

/**
 * One value uftrace's {@code -A}/{@code -R} asks for at a call, in uftrace's syntax:
 * <pre>
 *   argN[/FORMAT[SIZE]][%REG|%stack+N]    an integer (or pointer) argument, N from 1
 *   fpargN[/SIZE][%REG]                   a floating-point argument (hard-float programs)
 *   retval[/FORMAT[SIZE]]                 the return value
 *   FORMAT: d (default: decimal, hex past 100000), i (signed), u (unsigned), x (hex), s (string),
 *           c (char), f (floating point), p (a function pointer: its name)
 *   SIZE:   8, 16, 32, 64 bits (default 64; c is 8, f is 64)
 * </pre>
 * Where an argument is, per the RISC-V psABI: {@code argN} is {@code a(N-1)} for N up to 8 and
 * then the stack ({@code arg9} at {@code 0(sp)} on entry, {@code arg10} at {@code 8(sp)});
 * {@code fpargN} is {@code fa(N-1)}. {@code %a3}, {@code %fa1} name a register instead;
 * {@code %stack+N} the N-th 64-bit word above the entry stack pointer.
 *
 * @param kind     argument, floating-point argument or return value
 * @param index    the argument's number (from 1), 0 for the return value
 * @param format   how it is read and shown
 * @param size     bytes read (1, 2, 4, 8)
 * @param register a register to read instead of the psABI place ({@code a0..a7} as 10..17,
 *                 {@code fa0..fa7} as 10..17 of the float file), or -1
 * @param stackWord a stack word to read instead ({@code %stack+N}), or -1
 */
public record ValueSpec(Kind kind, int index, Format format, int size, int register, int stackWord) {
    public enum Kind { ARG, FPARG, RETVAL }

    /** uftrace's formats, with their letters. */
    public enum Format {
        AUTO('d'), SIGNED('i'), UNSIGNED('u'), HEX('x'), STRING('s'), CHAR('c'), FLOAT('f'), POINTER('p');

        public final char letter;

        Format(char letter) {
            this.letter = letter;
        }

        public static Format of(char letter) {
            for (Format f : values()) {
                if (f.letter == letter) {
                    return f;
                }
            }
            return null;
        }
    }

    /** Arguments in registers (a0..a7) before the stack. */
    public static final int REGISTER_ARGUMENTS = 8;

    /** The spec as uftrace writes it ({@code arg1/s}, {@code fparg2/32}, {@code retval/x32}). */
    public String text() {
        StringBuilder s = new StringBuilder();
        switch (kind) {
            case ARG -> s.append("arg").append(index);
            case FPARG -> s.append("fparg").append(index);
            case RETVAL -> s.append("retval");
        }
        if (kind == Kind.FPARG) {
            if (size != 8) {
                s.append('/').append(size * 8);
            }
        } else if (format != Format.AUTO || size != 8) {
            s.append('/').append(format.letter);
            if (size != defaultSize(format)) {
                s.append(size * 8);
            }
        }
        if (register >= 0) {
            s.append('%').append(kind == Kind.FPARG ? "fa" : "a").append(register - 10);
        } else if (stackWord >= 0) {
            s.append("%stack+").append(stackWord);
        }
        return s.toString();
    }

    private static int defaultSize(Format f) {
        return f == Format.CHAR ? 1 : 8;
    }

    /**
     * Parses one spec; {@code returnValue} says which kind the option takes ({@code -R}: retval
     * only, {@code -A}: arguments only).
     *
     * @throws IllegalArgumentException {@code spec='...': why}
     */
    public static ValueSpec parse(String text, boolean returnValue) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String location = null;
        int percent = t.indexOf('%');
        if (percent >= 0) {
            location = t.substring(percent + 1);
            t = t.substring(0, percent);
        }
        String type = null;
        int slash = t.indexOf('/');
        if (slash >= 0) {
            type = t.substring(slash + 1);
            t = t.substring(0, slash);
        }
        Kind kind;
        int index = 0;
        if (t.equals("retval")) {
            kind = Kind.RETVAL;
        } else if (t.startsWith("fparg")) {
            kind = Kind.FPARG;
            index = argument(text, t.substring(5));
        } else if (t.startsWith("arg")) {
            kind = Kind.ARG;
            index = argument(text, t.substring(3));
        } else {
            throw bad(text, "expected argN, fpargN or retval");
        }
        if (returnValue != (kind == Kind.RETVAL)) {
            throw bad(text, returnValue ? "a return value spec is retval[/FORMAT]" : "retval goes with the return values");
        }
        Format format = kind == Kind.FPARG ? Format.FLOAT : Format.AUTO;
        int size = 8;
        if (type != null && !type.isEmpty()) {
            String bits = type;
            if (kind != Kind.FPARG) {
                Format f = Format.of(type.charAt(0));
                if (f == null) {
                    throw bad(text, "unknown format '" + type.charAt(0) + "' (d, i, u, x, s, c, f, p)");
                }
                format = f;
                bits = type.substring(1);
                size = defaultSize(f);
            }
            if (!bits.isEmpty()) {
                size = switch (bits) {
                    case "8" -> 1;
                    case "16" -> 2;
                    case "32" -> 4;
                    case "64" -> 8;
                    default -> throw bad(text, "size " + bits + ": must be 8, 16, 32 or 64 bits");
                };
            }
        }
        if (format == Format.FLOAT && size != 4 && size != 8) {
            throw bad(text, "a floating-point value is 32 or 64 bits");
        }
        if ((format == Format.STRING || format == Format.POINTER) && size != 8) {
            throw bad(text, "a pointer is 64 bits");
        }
        int register = -1;
        int stackWord = -1;
        if (location != null) {
            if (kind == Kind.RETVAL) {
                throw bad(text, "a return value has no location to give");
            }
            if (location.startsWith("stack")) {
                String n = location.substring(5);
                stackWord = number(text, n.startsWith("+") ? n.substring(1) : n.isEmpty() ? "0" : n);
            } else {
                String prefix = kind == Kind.FPARG ? "fa" : "a";
                if (!location.startsWith(prefix) || location.length() != prefix.length() + 1
                        || location.charAt(prefix.length()) < '0' || location.charAt(prefix.length()) > '7') {
                    throw bad(text, "register '" + location + "': " + (kind == Kind.FPARG ? "fa0..fa7" : "a0..a7")
                            + " or stack+N");
                }
                register = 10 + (location.charAt(prefix.length()) - '0');
            }
        }
        return new ValueSpec(kind, index, format, size, register, stackWord);
    }

    private static int argument(String text, String digits) {
        int n = number(text, digits);
        if (n < 1) {
            throw bad(text, "arguments are numbered from 1");
        }
        return n;
    }

    private static int number(String text, String digits) {
        try {
            int n = Integer.parseInt(digits);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(text, "'" + digits + "' is not a number");
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("spec='" + text + "': " + why);
    }
}
