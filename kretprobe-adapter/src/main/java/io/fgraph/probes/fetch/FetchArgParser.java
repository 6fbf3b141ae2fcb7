package io.fgraph.probes.fetch;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.elf.Symbol;

import java.util.Optional;

/**
 * Parses one fetch argument of Linux's {@code kprobe_events} language
 * ({@code Documentation/trace/kprobetrace.rst}):
 * <pre>
 *  [NAME=]FETCHARG[:TYPE]
 *  FETCHARG := %REG | @ADDR | @SYM[+|-OFFS] | $stackN | $stack | $argN | $retval | $comm
 *            | +|-[u]OFFS(FETCHARG) | \IMM | \"TEXT"
 * </pre>
 * A missing NAME is {@code argN} (N the argument's position, from 1); a missing TYPE is {@code x64}
 * ({@code string} for {@code $comm} and {@code \"TEXT"}). Registers are RISC-V ABI names
 * ({@code %a0}, {@code %sp}, {@code %s0}/{@code %fp}), {@code %x0..%x31} and {@code %pc}. A
 * departure from Linux: {@code string} on a register or {@code $argN} reads the string the value
 * points to (Linux wants {@code +0(%a0):string}; both work).
 */
public final class FetchArgParser {
    private static final int MAX_DEPTH = 8;

    private final FetchScope scope;

    public FetchArgParser(FetchScope scope) {
        this.scope = scope;
    }

    /**
     * Parses {@code text.substring(start, end)}, the {@code index}-th argument (from 1) of a definition.
     *
     * @throws FetchSpecException with the 1-based position in {@code text}
     */
    public FetchArg parse(String text, int start, int end, int index) {
        return new Cursor(text, start, end).argument(index);
    }

    /** Parses a whole argument given alone. */
    public FetchArg parse(String argument) {
        return parse(argument, 0, argument.length(), 1);
    }

    private final class Cursor {
        final String text;
        final int start;
        final int end;

        Cursor(String text, int start, int end) {
            this.text = text;
            this.start = start;
            this.end = end;
        }

        FetchSpecException error(int at, String reason) {
            return new FetchSpecException(text, at + 1, reason);
        }

        FetchArg argument(int index) {
            int body = start;
            String name = "arg" + index;
            int equals = text.indexOf('=', start);
            if (equals >= 0 && equals < end && !text.substring(start, equals).contains("\"")) {
                name = text.substring(start, equals);
                if (!isIdentifier(name)) {
                    throw error(start, "argument name '" + name + "' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
                }
                body = equals + 1;
            }
            if (body == end) {
                throw error(body, "no fetch argument after '" + name + "='");
            }
            int colon = typeColon(body);
            int fetchEnd = colon < 0 ? end : colon;
            FetchLocation location = location(body, fetchEnd, 0);
            FetchType type;
            if (colon < 0) {
                type = location instanceof FetchLocation.Text ? FetchType.STRING : FetchType.X64;
            } else {
                if (colon + 1 == end) {
                    throw error(colon + 1, "no type after ':'");
                }
                try {
                    type = FetchType.parse(text.substring(colon + 1, end));
                } catch (IllegalArgumentException e) {
                    throw error(colon + 1, e.getMessage());
                }
            }
            check(location, type, body, colon + 1);
            return new FetchArg(name, location, type, scope.symbols());
        }

        private void check(FetchLocation location, FetchType type, int at, int typeAt) {
            if (location instanceof FetchLocation.Text && (type.kind() != FetchType.Kind.STRING || type.isArray())) {
                throw error(typeAt, location.text() + " is text: its type can only be string");
            }
            if (type.isArray() && !location.isMemory()) {
                throw error(at, "an array type needs memory (+OFFS(...), @ADDR or @SYM), not " + location.text());
            }
        }

        /** The ':' that starts the type: the last one outside parentheses and quotes, or -1. */
        private int typeColon(int from) {
            int depth = 0;
            boolean quoted = false;
            int colon = -1;
            for (int i = from; i < end; i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && c == '(') {
                    depth++;
                } else if (!quoted && c == ')') {
                    depth--;
                } else if (!quoted && depth == 0 && c == ':') {
                    colon = i;
                }
            }
            return colon;
        }

        FetchLocation location(int from, int to, int depth) {
            if (from >= to) {
                throw error(from, "a fetch argument is missing");
            }
            if (depth > MAX_DEPTH) {
                throw error(from, "more than " + MAX_DEPTH + " nested dereferences");
            }
            char first = text.charAt(from);
            switch (first) {
                case '%':
                    return register(from + 1, to);
                case '@':
                    return memory(from + 1, to);
                case '$':
                    return variable(from, to);
                case '+':
                case '-':
                    return deref(from, to, depth);
                case '\\':
                    return immediate(from + 1, to);
                default:
                    throw error(from, "unknown fetch argument '" + text.substring(from, to) + "' (give %REG, @ADDR, "
                            + "@SYM[+|-OFFS], $stackN, $stack, $argN, $retval, $comm, +|-[u]OFFS(FETCHARG) or \\IMM)");
            }
        }

        private FetchLocation register(int from, int to) {
            String name = text.substring(from, to);
            if (name.equals("pc")) {
                return new FetchLocation.ProgramCounter();
            }
            int number = registerNumber(name);
            if (number < 0) {
                throw error(from, "unknown register '" + name + "' (RISC-V ABI names: zero, ra, sp, gp, tp, t0-t6, "
                        + "s0-s11, fp, a0-a7; or x0-x31, pc)");
            }
            return new FetchLocation.Register(number);
        }

        private FetchLocation memory(int from, int to) {
            if (from >= to) {
                throw error(from, "'@' needs an address or a symbol");
            }
            if (Character.isDigit(text.charAt(from))) {
                long address = number(from, to);
                return new FetchLocation.Fixed(address, "@0x" + Long.toHexString(address));
            }
            int sign = from;
            while (sign < to && text.charAt(sign) != '+' && text.charAt(sign) != '-') {
                sign++;
            }
            String name = text.substring(from, sign);
            long offset = 0;
            if (sign < to) {
                offset = number(sign + 1, to);
                if (text.charAt(sign) == '-') {
                    offset = -offset;
                }
            }
            Optional<Symbol> symbol = scope.symbols().byName(name);
            if (symbol.isEmpty()) {
                throw error(from, "unknown symbol '" + name + "'");
            }
            String spelling = "@" + name + (offset == 0 ? "" : (offset > 0 ? "+" : "-") + Math.abs(offset));
            return new FetchLocation.Fixed(symbol.get().address() + offset, spelling);
        }

        private FetchLocation variable(int from, int to) {
            String name = text.substring(from, to);
            if (name.equals("$stack")) {
                return new FetchLocation.StackPointer();
            }
            if (name.equals("$retval")) {
                if (!scope.returnProbe()) {
                    throw error(from, "$retval is only for return probes");
                }
                return new FetchLocation.ReturnValue();
            }
            if (name.equals("$comm")) {
                return new FetchLocation.Text(scope.comm(), "$comm");
            }
            if (name.startsWith("$stack")) {
                return new FetchLocation.StackEntry((int) index(from + 6, to, 0, name));
            }
            if (name.startsWith("$arg")) {
                int n = (int) index(from + 4, to, 1, name);
                if (!scope.functionEntry()) {
                    throw error(from, name + " is only for a probe at a function entry (offset 0)");
                }
                if (scope.returnProbe()) {
                    return new FetchLocation.SavedArgument(n, scope.saved().slot(n), scope.saved());
                }
                return new FetchLocation.Argument(n);
            }
            throw error(from, "unknown variable '" + name + "' ($stackN, $stack, $argN, $retval, $comm)");
        }

        private long index(int from, int to, int min, String name) {
            for (int i = from; i < to; i++) {
                if (!Character.isDigit(text.charAt(i))) {
                    throw error(from, "unknown variable '" + name + "' ($stackN, $stack, $argN, $retval, $comm)");
                }
            }
            if (from == to) {
                throw error(from, name + " needs a number");
            }
            long n;
            try {
                n = Long.parseLong(text.substring(from, to));
            } catch (NumberFormatException e) {
                throw error(from, "'" + text.substring(from, to) + "' is too large");
            }
            if (n < min || n > 1024) {
                throw error(from, name + ": the number must be " + min + "..1024");
            }
            return n;
        }

        private FetchLocation deref(int from, int to, int depth) {
            boolean negative = text.charAt(from) == '-';
            int at = from + 1;
            boolean user = at < to && text.charAt(at) == 'u';
            if (user) {
                at++;
            }
            int open = text.indexOf('(', at);
            if (open < 0 || open >= to) {
                throw error(from, "a dereference is +|-[u]OFFS(FETCHARG): no '('");
            }
            if (text.charAt(to - 1) != ')') {
                throw error(to - 1, "a dereference ends with ')'");
            }
            long offset = number(at, open);
            FetchLocation base = location(open + 1, to - 1, depth + 1);
            if (base instanceof FetchLocation.Text) {
                throw error(open + 1, base.text() + " is text: it cannot be dereferenced");
            }
            return new FetchLocation.Deref(negative ? -offset : offset, base, user);
        }

        private FetchLocation immediate(int from, int to) {
            if (from < to && text.charAt(from) == '"') {
                if (to - from < 2 || text.charAt(to - 1) != '"') {
                    throw error(from, "an immediate string is \\\"TEXT\" with a closing quote");
                }
                String value = text.substring(from + 1, to - 1);
                return new FetchLocation.Text(value, "\\\"" + value + "\"");
            }
            boolean negative = from < to && text.charAt(from) == '-';
            long value = number(negative ? from + 1 : from, to);
            return new FetchLocation.Immediate(negative ? -value : value);
        }

        /** A decimal or {@code 0x} hexadecimal number filling [from, to). */
        private long number(int from, int to) {
            String digits = text.substring(from, to);
            if (digits.isEmpty()) {
                throw error(from, "a number is missing");
            }
            try {
                if (digits.startsWith("0x") || digits.startsWith("0X")) {
                    return Long.parseUnsignedLong(digits.substring(2), 16);
                }
                return Long.parseUnsignedLong(digits);
            } catch (NumberFormatException e) {
                throw error(from, "'" + digits + "' is not a number (decimal, or hex with 0x)");
            }
        }
    }

    /** The register number of an ABI name, {@code fp} or {@code xN}; -1 if none. */
    static int registerNumber(String name) {
        if (name.equals("fp")) {
            return Hart.FP;
        }
        for (int i = 0; i < 32; i++) {
            if (Hart.abiName(i).equals(name)) {
                return i;
            }
        }
        if (name.length() >= 2 && name.charAt(0) == 'x') {
            try {
                int n = Integer.parseInt(name.substring(1));
                if (n >= 0 && n < 32 && Integer.toString(n).equals(name.substring(1))) {
                    return n;
                }
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    static boolean isIdentifier(String name) {
        if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
                return false;
            }
        }
        return name.charAt(0) < 128;
    }
}
