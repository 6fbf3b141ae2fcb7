package io.fgraph.emulator.platform;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The guest's arguments as one semihosting command line (what {@code SYS_GET_CMDLINE} returns),
 * refused when the guest could not get them back intact.
 *
 * <p>The arguments are joined with single spaces, as QEMU joins its {@code arg=} values. The guest
 * side is picolibc 1.8's semihosting start-up code ({@code crt0-semihost}), which asks for the line
 * into a 1024-byte buffer, splits it at spaces (runs of spaces count as one; there is no quoting or
 * escaping) into {@code argv[1..62]} of a 64-entry {@code argv}, and sets {@code argv[0]} itself.
 * So an argument that is empty or holds a space or a NUL, more than 62 arguments, or a line of
 * 1024 bytes or more cannot arrive as given; QEMU passes them anyway and the guest silently gets
 * other arguments, or none at all. Here they are refused with the reason.
 */
public final class GuestCommandLine {
    /** picolibc's {@code cmdline} buffer, terminating NUL included. */
    public static final int BUFFER_LENGTH = 1024;
    /** The longest line that fits: {@link #BUFFER_LENGTH} less the NUL. */
    public static final int MAX_LENGTH = BUFFER_LENGTH - 1;
    /** picolibc's {@code argv} has 64 entries: {@code argv[0]}, at most 62 arguments, the NULL. */
    public static final int MAX_ARGUMENTS = 62;
    private static final String WHO = "picolibc's semihosting start-up code";
    private static final int MAX_QUOTED = 40;

    private GuestCommandLine() {
    }

    /**
     * Joins {@code arguments} (the guest's {@code argv[1..]}) into the command line.
     *
     * @throws ProgramLoadException naming the first argument the guest could not receive as given
     */
    public static String encode(List<String> arguments) throws ProgramLoadException {
        if (arguments.size() > MAX_ARGUMENTS) {
            throw new ProgramLoadException(arguments.size() + " guest arguments: " + WHO + " takes at most "
                    + MAX_ARGUMENTS + " (the rest would be dropped)");
        }
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            String which = "guest argument argv[" + (i + 1) + "]";
            if (argument.isEmpty()) {
                throw new ProgramLoadException(which + " is empty: " + WHO
                        + " splits its command line at spaces and cannot receive an empty argument");
            }
            if (argument.indexOf(' ') >= 0) {
                throw new ProgramLoadException(which + " " + quote(argument) + " contains a space: " + WHO
                        + " splits its command line at spaces and has no quoting");
            }
            if (argument.indexOf('\0') >= 0) {
                throw new ProgramLoadException(which + " " + quote(argument) + " contains a NUL character");
            }
        }
        String line = String.join(" ", arguments);
        int length = line.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_LENGTH) {
            throw new ProgramLoadException("the guest command line is " + length + " bytes: " + WHO
                    + " takes at most " + MAX_LENGTH + " (its buffer is " + BUFFER_LENGTH + " bytes)");
        }
        return line;
    }

    /** {@code 'a b'}, shortened and with control characters escaped so that the message stays one line. */
    private static String quote(String argument) {
        StringBuilder out = new StringBuilder("'");
        int end = Math.min(argument.length(), MAX_QUOTED);
        for (int i = 0; i < end; i++) {
            char c = argument.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(argument.length() > MAX_QUOTED ? "...'" : "'").toString();
    }
}
