package io.fgraph.emulator.linux.fs;

import io.fgraph.emulator.linux.Errno;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** A regular file of the host, inside the guest root (or the program itself, for /proc/self/exe). */
public final class HostFile extends OpenFile {
    private final FileChannel channel;
    private final Path host;
    private final String guestPath;

    public HostFile(FileChannel channel, Path host, String guestPath, int statusFlags) {
        super(statusFlags);
        this.channel = channel;
        this.host = host;
        this.guestPath = guestPath;
    }

    @Override
    public long read(byte[] buffer, int length) {
        if (!readable()) {
            return -Errno.EBADF;
        }
        try {
            int n = channel.read(ByteBuffer.wrap(buffer, 0, length));
            return n < 0 ? 0 : n;
        } catch (IOException e) {
            return -IoErrno.of(e);
        }
    }

    @Override
    public long write(byte[] buffer, int length) {
        if (!writable()) {
            return -Errno.EBADF;
        }
        try {
            if ((statusFlags() & O_APPEND) != 0) {
                channel.position(channel.size());
            }
            ByteBuffer data = ByteBuffer.wrap(buffer, 0, length);
            while (data.hasRemaining()) {
                channel.write(data);
            }
            return length;
        } catch (IOException e) {
            return -IoErrno.of(e);
        }
    }

    @Override
    public long pread(byte[] buffer, int length, long offset) {
        if (!readable()) {
            return -Errno.EBADF;
        }
        if (offset < 0) {
            return -Errno.EINVAL;
        }
        try {
            int n = channel.read(ByteBuffer.wrap(buffer, 0, length), offset);
            return n < 0 ? 0 : n;
        } catch (IOException e) {
            return -IoErrno.of(e);
        }
    }

    @Override
    public long pwrite(byte[] buffer, int length, long offset) {
        if (!writable()) {
            return -Errno.EBADF;
        }
        if (offset < 0) {
            return -Errno.EINVAL;
        }
        try {
            ByteBuffer data = ByteBuffer.wrap(buffer, 0, length);
            long at = offset;
            while (data.hasRemaining()) {
                at += channel.write(data, at);
            }
            return length;
        } catch (IOException e) {
            return -IoErrno.of(e);
        }
    }

    @Override
    public long seek(long offset, int whence) {
        try {
            long base = switch (whence) {
                case 0 -> 0;
                case 1 -> channel.position();
                case 2 -> channel.size();
                default -> -1;
            };
            if (base < 0) {
                return -Errno.EINVAL;
            }
            long target = base + offset;
            if (target < 0) {
                return -Errno.EINVAL;
            }
            channel.position(target);
            return target;
        } catch (IOException e) {
            return -IoErrno.of(e);
        }
    }

    @Override
    public long truncate(long length) {
        if (!writable()) {
            return -Errno.EINVAL;
        }
        try {
            long size = channel.size();
            if (length < size) {
                channel.truncate(length);
            } else if (length > size) {
                channel.write(ByteBuffer.allocate(1), length - 1);
            }
            return 0;
        } catch (IOException e) {
            return -IoErrno.of(e);
        }
    }

    @Override
    public FileStatus status() throws IOException {
        try {
            return FileStatus.of(host, false).withSize(channel.size());
        } catch (IOException e) {
            // unlinked while open: what the channel still knows
            return FileStatus.synthetic(FileStatus.S_IFREG | 0644, 0, 0).withSize(channel.size());
        }
    }

    /** The whole file from {@code offset} up to {@code length} bytes (a private file mapping reads it in). */
    public byte[] contents(long offset, int length) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(length);
        long at = offset;
        while (data.hasRemaining()) {
            int n = channel.read(data, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        byte[] bytes = new byte[data.position()];
        data.flip();
        data.get(bytes);
        return bytes;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing the guest can be told: close has already succeeded for it
        }
    }

    @Override
    public String describe() {
        return guestPath;
    }
}
