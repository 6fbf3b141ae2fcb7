package io.fgraph.emulator.linux;

import io.fgraph.emulator.memory.PagedMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Copies between guest memory and the kernel, with the guest's permissions ({@code copy_from_user},
 * {@code copy_to_user}): a bad address is -EFAULT for the call, never a fault of the platform.
 */
final class UserMemory {
    private final PagedMemory memory;

    UserMemory(PagedMemory memory) {
        this.memory = memory;
    }

    /** The {@code length} bytes at {@code address}, or null if they are not all readable. */
    byte[] read(long address, int length) {
        if (length < 0 || !memory.accessible(address, length, PagedMemory.PROT_READ)) {
            return null;
        }
        return memory.read(address, length);
    }

    /** Writes {@code data} at {@code address}; false if the range is not all writable. */
    boolean write(long address, byte[] data, int length) {
        if (!memory.accessible(address, length, PagedMemory.PROT_WRITE)) {
            return false;
        }
        memory.write(address, data, 0, length);
        return true;
    }

    boolean write(long address, byte[] data) {
        return write(address, data, data.length);
    }

    boolean writable(long address, long length) {
        return memory.accessible(address, length, PagedMemory.PROT_WRITE);
    }

    boolean write64(long address, long value) {
        return write(address, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    boolean write32(long address, int value) {
        return write(address, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    /** The 64-bit word at {@code address}, or null when it is not readable. */
    Long read64(long address) {
        byte[] bytes = read(address, 8);
        return bytes == null ? null : ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** A {@code struct timespec} as nanoseconds; null if unreadable, -1 if its fields are out of range. */
    Long readTimespec(long address) {
        byte[] bytes = read(address, 16);
        if (bytes == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long seconds = b.getLong();
        long nanos = b.getLong();
        if (seconds < 0 || nanos < 0 || nanos >= 1_000_000_000L) {
            return -1L;
        }
        if (seconds > Long.MAX_VALUE / 1_000_000_000L - 1) {
            return Long.MAX_VALUE / 2;
        }
        return seconds * 1_000_000_000L + nanos;
    }

    boolean writeTimespec(long address, long nanos) {
        return write(address, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(Math.floorDiv(nanos, 1_000_000_000L)).putLong(Math.floorMod(nanos, 1_000_000_000L)).array());
    }

    /** The NUL-terminated string at {@code address} of at most {@code max} bytes before the NUL. */
    static final class Text {
        final String value;
        final int errno;

        Text(String value, int errno) {
            this.value = value;
            this.errno = errno;
        }
    }

    /** A path or name: -EFAULT if unreadable, -ENAMETOOLONG without a NUL in {@code max} bytes. */
    Text readString(long address, int max) {
        byte[] collected = new byte[Math.min(max, 256)];
        int length = 0;
        long at = address;
        while (true) {
            if (length == max) {
                return new Text(null, Errno.ENAMETOOLONG);
            }
            if (!memory.accessible(at, 1, PagedMemory.PROT_READ)) {
                return new Text(null, Errno.EFAULT);
            }
            int pageLeft = (int) Math.min(4096 - (at & 4095), max - length);
            byte[] chunk = memory.read(at, pageLeft);
            for (byte b : chunk) {
                if (b == 0) {
                    return new Text(new String(collected, 0, length, StandardCharsets.UTF_8), 0);
                }
                if (length == collected.length) {
                    collected = java.util.Arrays.copyOf(collected, Math.min(max, collected.length * 2));
                }
                collected[length++] = b;
                if (length == max) {
                    return new Text(null, Errno.ENAMETOOLONG);
                }
            }
            at += pageLeft;
        }
    }
}
