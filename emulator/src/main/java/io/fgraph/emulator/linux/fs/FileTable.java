package io.fgraph.emulator.linux.fs;

import io.fgraph.emulator.linux.Errno;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process's file descriptors: each refers to an {@link OpenFile} (shared by {@code dup}) and
 * has its own close-on-exec flag. A description is closed when its last descriptor is.
 */
public final class FileTable {
    /** RLIMIT_NOFILE: descriptors 0..MAX_FILES-1. */
    public static final int MAX_FILES = 1024;

    private final List<OpenFile> files = new ArrayList<>();
    private final List<Boolean> closeOnExec = new ArrayList<>();
    private final Map<OpenFile, Integer> references = new IdentityHashMap<>();

    /** The file of {@code fd}, or null. */
    public OpenFile get(int fd) {
        return fd >= 0 && fd < files.size() ? files.get(fd) : null;
    }

    /** Installs {@code file} at the lowest free descriptor at or above {@code minimum}; -EMFILE when none. */
    public int install(OpenFile file, boolean cloexec, int minimum) {
        for (int fd = Math.max(0, minimum); fd < MAX_FILES; fd++) {
            if (get(fd) == null) {
                put(fd, file, cloexec);
                return fd;
            }
        }
        return -Errno.EMFILE;
    }

    /** Puts {@code file} at {@code fd}, closing what was there ({@code dup3}). */
    public void put(int fd, OpenFile file, boolean cloexec) {
        while (files.size() <= fd) {
            files.add(null);
            closeOnExec.add(false);
        }
        OpenFile old = files.get(fd);
        files.set(fd, file);
        closeOnExec.set(fd, cloexec);
        references.merge(file, 1, Integer::sum);
        if (old != null) {
            release(old);
        }
    }

    /** Closes {@code fd}: 0, or -EBADF. */
    public int close(int fd) {
        OpenFile file = get(fd);
        if (file == null) {
            return -Errno.EBADF;
        }
        files.set(fd, null);
        release(file);
        return 0;
    }

    private void release(OpenFile file) {
        int left = references.merge(file, -1, Integer::sum);
        if (left <= 0) {
            references.remove(file);
            file.close();
        }
    }

    public boolean closeOnExec(int fd) {
        return get(fd) != null && closeOnExec.get(fd);
    }

    public void setCloseOnExec(int fd, boolean value) {
        if (get(fd) != null) {
            closeOnExec.set(fd, value);
        }
    }

    /** Closes every descriptor (the process ended). */
    public void closeAll() {
        for (int fd = 0; fd < files.size(); fd++) {
            if (files.get(fd) != null) {
                close(fd);
            }
        }
    }
}
