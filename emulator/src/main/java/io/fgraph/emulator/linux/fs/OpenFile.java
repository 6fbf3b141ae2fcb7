package io.fgraph.emulator.linux.fs;

import io.fgraph.emulator.linux.Errno;

import java.io.IOException;

/**
 * An open file description (what {@code open} creates and {@code dup} shares): reads, writes,
 * seeks and status. Results are byte counts or {@code -errno}; a read or write that would wait
 * returns {@link #WOULD_BLOCK} (the caller blocks the thread and runs the call again later).
 * Called with the process lock held.
 */
public abstract class OpenFile {
    /** The call would block (an empty pipe with writers, a full one with readers). */
    public static final long WOULD_BLOCK = Long.MIN_VALUE;

    public static final int O_ACCMODE = 3;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;

    private int statusFlags;

    protected OpenFile(int statusFlags) {
        this.statusFlags = statusFlags;
    }

    /** The access mode and status flags ({@code fcntl(F_GETFL)}). */
    public int statusFlags() {
        return statusFlags;
    }

    /** {@code fcntl(F_SETFL)}: only O_APPEND and O_NONBLOCK change. */
    public void setStatusFlags(int flags) {
        int changeable = O_APPEND | O_NONBLOCK;
        statusFlags = (statusFlags & ~changeable) | (flags & changeable);
    }

    public boolean readable() {
        return (statusFlags & O_ACCMODE) != O_WRONLY;
    }

    public boolean writable() {
        return (statusFlags & O_ACCMODE) != O_RDONLY;
    }

    public long read(byte[] buffer, int length) {
        return -Errno.EINVAL;
    }

    public long write(byte[] buffer, int length) {
        return -Errno.EINVAL;
    }

    public long pread(byte[] buffer, int length, long offset) {
        return -Errno.ESPIPE;
    }

    public long pwrite(byte[] buffer, int length, long offset) {
        return -Errno.ESPIPE;
    }

    public long seek(long offset, int whence) {
        return -Errno.ESPIPE;
    }

    public long truncate(long length) {
        return -Errno.EINVAL;
    }

    public abstract FileStatus status() throws IOException;

    /** True for a terminal ({@code TCGETS} succeeds). */
    public boolean isTerminal() {
        return false;
    }

    /** The directory this is, as guest path components, or null when it is not a directory. */
    public java.util.List<String> directory() {
        return null;
    }

    /** Called when the last descriptor referring to it is closed. */
    public void close() {
    }

    /** For reports ({@code "pipe"}, a guest path). */
    public abstract String describe();
}
