package io.fgraph.emulator.platform;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The guest's open files: the console ({@link SemihostingConsole}, opened as ":tt"), the
 * ":semihosting-features" pseudo file, and host files resolved against a root directory. Handles
 * are small integers; 0, 1 and 2 are open from the start on stdin, stdout and stderr, so that
 * picolibc's {@code read(0, ...)} and {@code write(1, ...)}, which pass the file descriptor as the
 * handle, reach the console and see its end of file (an unknown handle answers -1, which
 * picolibc's {@code read} turns into "one byte more than asked for": a read loop never ended).
 */
final class SemihostingFiles {
    /** Linux errno values reported through SYS_ERRNO. */
    static final int ENOENT = 2;
    static final int EIO = 5;
    static final int EBADF = 9;
    static final int EACCES = 13;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;

    private static final String[] MODES = {"r", "rb", "r+", "r+b", "w", "wb", "w+", "w+b", "a", "ab", "a+", "a+b"};
    /** Magic "SHFB" then feature byte 0: bit 0 SH_EXT_EXIT_EXTENDED, bit 1 SH_EXT_STDOUT_STDERR. */
    private static final byte[] FEATURES = {'S', 'H', 'F', 'B', 0x03};

    private interface Handle {
    }

    private static final class ConsoleIn implements Handle {
    }

    private static final class ConsoleOut implements Handle {
        final boolean stderr;

        ConsoleOut(boolean stderr) {
            this.stderr = stderr;
        }
    }

    private static final class MemoryFile implements Handle {
        final byte[] bytes;
        int position;

        MemoryFile(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    private static final class HostFile implements Handle {
        final RandomAccessFile file;
        final boolean append;

        HostFile(RandomAccessFile file, boolean append) {
            this.file = file;
            this.append = append;
        }
    }

    private final Map<Long, Handle> handles = new HashMap<>();
    /** The handles open from the start: stdin, stdout, stderr. */
    static final long STDIN = 0;
    static final long STDOUT = 1;
    static final long STDERR = 2;

    private final Path root;
    private final SemihostingConsole console;
    private long nextHandle = STDERR + 1;
    int errno;

    SemihostingFiles(Path root, SemihostingConsole console) {
        this.root = root;
        this.console = console;
        handles.put(STDIN, new ConsoleIn());
        handles.put(STDOUT, new ConsoleOut(false));
        handles.put(STDERR, new ConsoleOut(true));
    }

    long open(String name, long mode) {
        if (mode < 0 || mode >= MODES.length) {
            errno = EINVAL;
            return -1;
        }
        String m = MODES[(int) mode];
        Handle handle;
        if (name.equals(":tt")) {
            handle = m.startsWith("r") ? new ConsoleIn() : new ConsoleOut(m.startsWith("a"));
        } else if (name.equals(":semihosting-features")) {
            if (!m.startsWith("r")) {
                errno = EACCES;
                return -1;
            }
            handle = new MemoryFile(FEATURES);
        } else {
            try {
                handle = openHost(root.resolve(name), m);
            } catch (IOException e) {
                errno = e instanceof java.io.FileNotFoundException && !Files.exists(root.resolve(name)) ? ENOENT : EACCES;
                return -1;
            } catch (RuntimeException e) {
                errno = EINVAL;
                return -1;
            }
        }
        long id = nextHandle++;
        handles.put(id, handle);
        return id;
    }

    private static HostFile openHost(Path path, String mode) throws IOException {
        boolean read = mode.startsWith("r");
        boolean plus = mode.contains("+");
        if (read && !plus) {
            return new HostFile(new RandomAccessFile(path.toFile(), "r"), false);
        }
        if (read) {
            if (!Files.exists(path)) {
                throw new java.io.FileNotFoundException(path.toString());
            }
            return new HostFile(new RandomAccessFile(path.toFile(), "rw"), false);
        }
        RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
        boolean append = mode.startsWith("a");
        if (!append) {
            file.setLength(0);
        } else {
            file.seek(file.length());
        }
        return new HostFile(file, append);
    }

    long close(long id) {
        Handle handle = handles.remove(id);
        if (handle == null) {
            errno = EBADF;
            return -1;
        }
        if (handle instanceof HostFile) {
            try {
                ((HostFile) handle).file.close();
            } catch (IOException e) {
                errno = EIO;
                return -1;
            }
        }
        return 0;
    }

    /** Writes; returns the number of bytes NOT written (semihosting convention), or -1 for a bad handle. */
    long write(long id, byte[] data) {
        Handle handle = handles.get(id);
        try {
            if (handle instanceof ConsoleOut) {
                console.write(((ConsoleOut) handle).stderr, data);
                return 0;
            }
            if (handle instanceof HostFile) {
                HostFile file = (HostFile) handle;
                if (file.append) {
                    file.file.seek(file.file.length());
                }
                file.file.write(data);
                return 0;
            }
        } catch (IOException e) {
            errno = EIO;
            return data.length;
        }
        errno = EBADF;
        return -1;
    }

    /** Reads up to {@code length} bytes; returns them (possibly fewer), or null for a bad handle. */
    byte[] read(long id, int length) {
        Handle handle = handles.get(id);
        try {
            if (handle instanceof ConsoleIn) {
                return console.read(length);
            }
            if (handle instanceof MemoryFile) {
                MemoryFile file = (MemoryFile) handle;
                int n = Math.max(0, Math.min(length, file.bytes.length - file.position));
                byte[] result = java.util.Arrays.copyOfRange(file.bytes, file.position, file.position + n);
                file.position += n;
                return result;
            }
            if (handle instanceof HostFile) {
                byte[] buffer = new byte[length];
                int n = length == 0 ? 0 : ((HostFile) handle).file.read(buffer, 0, length);
                return n <= 0 ? new byte[0] : java.util.Arrays.copyOf(buffer, n);
            }
        } catch (IOException e) {
            errno = EIO;
            return new byte[0];
        }
        errno = EBADF;
        return null;
    }

    /** A byte of stdin, -1 at its end, {@link SemihostingConsole#READ_PAST_END} when read again after it. */
    int readConsoleChar() {
        try {
            return console.readChar();
        } catch (IOException e) {
            errno = EIO;
            return -1;
        }
    }

    long isTty(long id) {
        Handle handle = handles.get(id);
        if (handle == null) {
            errno = EBADF;
            return -1;
        }
        return handle instanceof ConsoleIn || handle instanceof ConsoleOut ? 1 : 0;
    }

    long seek(long id, long position) {
        Handle handle = handles.get(id);
        try {
            if (handle instanceof HostFile && position >= 0) {
                ((HostFile) handle).file.seek(position);
                return 0;
            }
            if (handle instanceof MemoryFile && position >= 0) {
                ((MemoryFile) handle).position = (int) Math.min(position, ((MemoryFile) handle).bytes.length);
                return 0;
            }
        } catch (IOException e) {
            errno = EIO;
            return -1;
        }
        errno = handle == null ? EBADF : EINVAL;
        return -1;
    }

    long length(long id) {
        Handle handle = handles.get(id);
        try {
            if (handle instanceof HostFile) {
                return ((HostFile) handle).file.length();
            }
            if (handle instanceof MemoryFile) {
                return ((MemoryFile) handle).bytes.length;
            }
        } catch (IOException e) {
            errno = EIO;
            return -1;
        }
        errno = handle == null ? EBADF : EINVAL;
        return -1;
    }

    long remove(String name) {
        try {
            Files.delete(root.resolve(name));
            return 0;
        } catch (java.nio.file.NoSuchFileException e) {
            errno = ENOENT;
        } catch (IOException | RuntimeException e) {
            errno = EACCES;
        }
        return -1;
    }

    long rename(String from, String to) {
        try {
            Files.move(root.resolve(from), root.resolve(to), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return 0;
        } catch (java.nio.file.NoSuchFileException e) {
            errno = ENOENT;
        } catch (IOException | RuntimeException e) {
            errno = EACCES;
        }
        return -1;
    }

    void flush() {
        try {
            console.flush();
        } catch (IOException e) {
            // The console is gone; nothing more to say to it.
        }
    }

    void closeAll() {
        for (Handle handle : handles.values()) {
            if (handle instanceof HostFile) {
                try {
                    ((HostFile) handle).file.close();
                } catch (IOException e) {
                    // best effort at the end of the run
                }
            }
        }
        handles.clear();
        flush();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
