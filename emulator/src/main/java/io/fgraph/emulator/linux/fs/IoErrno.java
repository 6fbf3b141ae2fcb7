package io.fgraph.emulator.linux.fs;

import io.fgraph.emulator.linux.Errno;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/** The errno a host I/O failure means to the guest. */
public final class IoErrno {
    private IoErrno() {
    }

    public static int of(IOException e) {
        if (e instanceof NoSuchFileException) {
            return Errno.ENOENT;
        }
        if (e instanceof FileAlreadyExistsException) {
            return Errno.EEXIST;
        }
        if (e instanceof AccessDeniedException) {
            return Errno.EACCES;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return Errno.ENOTEMPTY;
        }
        if (e instanceof NotDirectoryException) {
            return Errno.ENOTDIR;
        }
        if (e instanceof NotLinkException) {
            return Errno.EINVAL;
        }
        if (e instanceof FileSystemLoopException) {
            return Errno.ELOOP;
        }
        String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (reason != null) {
            String r = reason.toLowerCase(java.util.Locale.ROOT);
            if (r.contains("no space")) {
                return Errno.ENOSPC;
            }
            if (r.contains("is a directory")) {
                return Errno.EISDIR;
            }
            if (r.contains("not a directory")) {
                return Errno.ENOTDIR;
            }
            if (r.contains("read-only file system")) {
                return Errno.EROFS;
            }
            if (r.contains("too many levels")) {
                return Errno.ELOOP;
            }
            if (r.contains("cross-device")) {
                return Errno.EXDEV;
            }
            if (r.contains("file too large")) {
                return Errno.EFBIG;
            }
            if (r.contains("not empty")) {
                return Errno.ENOTEMPTY;
            }
            if (r.contains("permission denied") || r.contains("operation not permitted")) {
                return Errno.EACCES;
            }
        }
        return Errno.EIO;
    }
}
