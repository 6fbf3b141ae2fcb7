package io.fgraph.emulator.linux.fs;

import java.util.function.Consumer;

/**
 * The character devices a guest finds in {@code /dev}: {@code null}, {@code zero}, {@code full}
 * and {@code urandom}/{@code random} (bytes of the platform's seeded generator, so runs repeat).
 */
public final class Device extends OpenFile {
    /** What the guest may open, by name under {@code /dev}. */
    public enum Kind {
        NULL(3), ZERO(5), FULL(7), RANDOM(8), URANDOM(9);

        final int minor;

        Kind(int minor) {
            this.minor = minor;
        }
    }

    private final Kind kind;
    private final Consumer<byte[]> random;

    public Device(Kind kind, int statusFlags, Consumer<byte[]> random) {
        super(statusFlags);
        this.kind = kind;
        this.random = random;
    }

    /** The device {@code /dev/NAME} names, or null. */
    public static Kind named(String name) {
        return switch (name) {
            case "null" -> Kind.NULL;
            case "zero" -> Kind.ZERO;
            case "full" -> Kind.FULL;
            case "random" -> Kind.RANDOM;
            case "urandom" -> Kind.URANDOM;
            default -> null;
        };
    }

    @Override
    public long read(byte[] buffer, int length) {
        switch (kind) {
            case NULL:
                return 0;
            case ZERO:
            case FULL:
                java.util.Arrays.fill(buffer, 0, length, (byte) 0);
                return length;
            default:
                byte[] bytes = new byte[length];
                random.accept(bytes);
                System.arraycopy(bytes, 0, buffer, 0, length);
                return length;
        }
    }

    @Override
    public long write(byte[] buffer, int length) {
        return kind == Kind.FULL ? -io.fgraph.emulator.linux.Errno.ENOSPC : length;
    }

    @Override
    public long seek(long offset, int whence) {
        return 0;
    }

    @Override
    public FileStatus status() {
        return FileStatus.synthetic(FileStatus.S_IFCHR | 0666, (1L << 8) | kind.minor, 100 + kind.minor);
    }

    @Override
    public String describe() {
        return "/dev/" + kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
