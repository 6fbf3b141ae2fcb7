package io.fgraph.emulator.linux;

import io.fgraph.emulator.memory.Memory;

import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code --strace}: one line per system call with its arguments and result, in strace's format
 * ({@code openat(AT_FDCWD, "input.txt", O_RDONLY) = 3}, {@code = -1 ENOENT (No such file or
 * directory)}); with several threads each line starts with {@code [pid TID] }. A call that blocks
 * prints {@code <unfinished ...>} and, when it is woken, {@code <... futex resumed>) = 0}.
 *
 * <p>The argument kinds of a call's signature (see {@link SystemCallTable}):
 * {@code d} int, {@code l} long, {@code u} unsigned, {@code x} hex or NULL, {@code fd}, {@code dirfd}
 * ({@code AT_FDCWD}), {@code path} (a string), {@code wbuf} (the bytes written; the next argument
 * is their count), {@code oflags}, {@code mode} (octal), {@code prot}, {@code mflags} (mmap),
 * {@code clock}, {@code futex}, {@code clone}, {@code sig}, {@code how}, {@code whence},
 * {@code atflags}, {@code ioctl}, {@code madv}, {@code res} (rlimit).
 */
final class Strace {
    private static final int MAX_STRING = 32;
    /** O_CREAT and the directory bit of O_TMPFILE: open takes a mode with them. */
    private static final long O_CREAT_OR_TMPFILE = 0100 | 020000000;

    private final PrintStream out;
    private final Memory memory;

    Strace(PrintStream out, Memory memory) {
        this.out = out;
        this.memory = memory;
    }

    /** The call line up to the closing parenthesis: {@code openat(AT_FDCWD, "x", O_RDONLY}. */
    String call(String name, String[] kinds, long[] args) {
        StringBuilder line = new StringBuilder(name).append('(');
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i].equals("mode") && i > 0 && kinds[i - 1].equals("oflags") && (args[i - 1] & O_CREAT_OR_TMPFILE) == 0) {
                continue; // as strace: open's mode only when it creates a file
            }
            if (i > 0) {
                line.append(", ");
            }
            line.append(argument(kinds[i], args[i], i + 1 < args.length ? args[i + 1] : 0));
        }
        return line.toString();
    }

    synchronized void finished(String prefix, String call, long result, boolean hexResult) {
        out.println(prefix + call + ") = " + result(result, hexResult));
        out.flush();
    }

    synchronized void unfinished(String prefix, String call) {
        out.println(prefix + call + " <unfinished ...>");
        out.flush();
    }

    synchronized void resumed(String prefix, String name, long result) {
        out.println(prefix + "<... " + name + " resumed>) = " + result(result, false));
        out.flush();
    }

    synchronized void noReturn(String prefix, String call) {
        out.println(prefix + call + ") = ?");
        out.flush();
    }

    synchronized void note(String prefix, String text) {
        out.println(prefix + text);
        out.flush();
    }

    static String result(long value, boolean hex) {
        if (Errno.isError(value)) {
            int errno = (int) -value;
            return "-1 " + Errno.name(errno) + " (" + Errno.message(errno) + ")";
        }
        return hex ? "0x" + Long.toHexString(value) : Long.toString(value);
    }

    private String argument(String kind, long value, long next) {
        switch (kind) {
            case "d": return Integer.toString((int) value);
            case "l": return Long.toString(value);
            case "u": return Long.toUnsignedString(value);
            case "x": return value == 0 ? "NULL" : "0x" + Long.toHexString(value);
            case "fd": return Integer.toString((int) value);
            case "dirfd": return (int) value == FileCalls.AT_FDCWD ? "AT_FDCWD" : Integer.toString((int) value);
            case "path": return value == 0 ? "NULL" : quote(readString(value, 4096), 4096);
            case "wbuf": return bytes(value, next);
            case "mode": return (value & 07777) == 0 ? "0" : String.format(Locale.ROOT, "0%o", value & 07777);
            case "oflags": return FlagNames.openFlags((int) value);
            case "prot": return FlagNames.prot((int) value);
            case "mflags": return FlagNames.mapFlags((int) value);
            case "clock": return FlagNames.clock((int) value);
            case "futex": return FlagNames.futexOp((int) value);
            case "clone": return FlagNames.cloneFlags(value);
            case "sig": return FlagNames.signal((int) value);
            case "how": return FlagNames.sigprocmaskHow((int) value);
            case "whence": return FlagNames.whence((int) value);
            case "atflags": return FlagNames.atFlags((int) value);
            case "ioctl": return FlagNames.ioctl((int) value);
            case "madv": return FlagNames.madvise((int) value);
            case "res": return FlagNames.rlimit((int) value);
            default: return "0x" + Long.toHexString(value);
        }
    }

    private String readString(long address, int max) {
        try {
            return memory.readCString(address, max);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String bytes(long address, long count) {
        if (count < 0) {
            return "0x" + Long.toHexString(address);
        }
        int shown = (int) Math.min(count, MAX_STRING);
        byte[] data;
        try {
            data = memory.read(address, shown);
        } catch (RuntimeException e) {
            return "0x" + Long.toHexString(address);
        }
        StringBuilder text = new StringBuilder("\"");
        for (byte b : data) {
            escape(text, b & 0xFF);
        }
        text.append('"');
        if (count > MAX_STRING) {
            text.append("...");
        }
        return text.toString();
    }

    private static String quote(String s, int max) {
        if (s == null) {
            return "(bad address)";
        }
        StringBuilder text = new StringBuilder("\"");
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            escape(text, b & 0xFF);
        }
        return text.append('"').toString();
    }

    private static void escape(StringBuilder text, int c) {
        switch (c) {
            case '\n': text.append("\\n"); break;
            case '\t': text.append("\\t"); break;
            case '\r': text.append("\\r"); break;
            case '"': text.append("\\\""); break;
            case '\\': text.append("\\\\"); break;
            default:
                if (c < 0x20 || c >= 0x7F) {
                    text.append(String.format(Locale.ROOT, "\\%o", c));
                } else {
                    text.append((char) c);
                }
        }
    }
}
