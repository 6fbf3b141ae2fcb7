package io.fgraph.emulator.linux;

import io.fgraph.emulator.linux.fs.FileTable;
import io.fgraph.emulator.linux.fs.HostDirectory;
import io.fgraph.emulator.linux.fs.OpenFile;
import io.fgraph.emulator.linux.fs.Pipe;
import io.fgraph.emulator.linux.fs.StatLayout;
import io.fgraph.emulator.task.Task;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The system calls on file descriptors: read and write (also vectored and positional), seek,
 * status, directory listing, descriptor management, pipes and the terminal ioctls. A read or
 * write that would wait (a pipe) blocks the thread and runs the call again when the pipe changes.
 */
final class FileCalls {
    static final int AT_FDCWD = -100;
    static final int O_CLOEXEC = 02000000;
    static final int TCGETS = 0x5401;
    static final int TCSETS = 0x5402;
    static final int TIOCGPGRP = 0x540F;
    static final int TIOCGWINSZ = 0x5413;
    static final int TIOCSWINSZ = 0x5414;
    static final int FIONREAD = 0x541B;
    static final int F_DUPFD = 0;
    static final int F_GETFD = 1;
    static final int F_SETFD = 2;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int F_GETLK = 5;
    static final int F_SETLK = 6;
    static final int F_SETLKW = 7;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int FD_CLOEXEC = 1;
    /** Most bytes one read or write moves (a larger one is a short read or write, as Linux's MAX_RW_COUNT). */
    static final int MAX_TRANSFER = 1 << 20;
    static final int IOV_MAX = 1024;
    /** {@code struct termios} (asm-generic): four flag words, c_line, 19 control characters. */
    static final int TERMIOS_SIZE = 36;

    private final LinuxProcess process;
    private final UserMemory user;
    private final FileTable files;
    /** Threads blocked on a pipe, by the pipe end they wait on. */
    private final Map<OpenFile, List<Task>> waiting = new IdentityHashMap<>();
    private long nextPipeInode = 1000;

    FileCalls(LinuxProcess process, UserMemory user) {
        this.process = process;
        this.user = user;
        this.files = process.files();
    }

    void register(SystemCallTable table) {
        table.add(57, "fd", c -> close(c, c.intArg(0)));
        table.add(63, "fd x u", c -> read(c, c.intArg(0), c.arg(1), c.arg(2)));
        table.add(64, "fd wbuf u", c -> write(c, c.intArg(0), c.arg(1), c.arg(2)));
        table.add(65, "fd x d", c -> vectored(c, c.intArg(0), c.arg(1), c.intArg(2), false));
        table.add(66, "fd x d", c -> vectored(c, c.intArg(0), c.arg(1), c.intArg(2), true));
        table.add(67, "fd x u l", c -> pread(c.intArg(0), c.arg(1), c.arg(2), c.arg(3)));
        table.add(68, "fd wbuf u l", c -> pwrite(c.intArg(0), c.arg(1), c.arg(2), c.arg(3)));
        table.add(62, "fd l whence", c -> lseek(c.intArg(0), c.arg(1), c.intArg(2)));
        table.add(80, "fd x", c -> fstat(c.intArg(0), c.arg(1)));
        table.add(61, "fd x u", c -> getdents64(c.intArg(0), c.arg(1), c.arg(2)));
        table.add(46, "fd l", c -> ftruncate(c.intArg(0), c.arg(1)));
        table.add(25, "fd d x", c -> fcntl(c.intArg(0), c.intArg(1), c.arg(2)));
        table.add(23, "fd", c -> dup(c.intArg(0)));
        table.add(24, "fd fd oflags", c -> dup3(c, c.intArg(0), c.intArg(1), c.intArg(2)));
        table.add(59, "x oflags", c -> pipe2(c.arg(0), c.intArg(1)));
        table.add(29, "fd ioctl x", c -> ioctl(c.intArg(0), c.intArg(1), c.arg(2)));
        table.add(82, "fd", c -> files.get(c.intArg(0)) == null ? -Errno.EBADF : 0);
        table.add(83, "fd", c -> files.get(c.intArg(0)) == null ? -Errno.EBADF : 0);
    }

    private long close(SystemCallContext call, int fd) {
        OpenFile file = files.get(fd);
        int result = files.close(fd);
        if (result == 0 && file != null) {
            wakeWaiters(file, call.now());
        }
        return result;
    }

    private long read(SystemCallContext call, int fd, long buffer, long count) {
        OpenFile file = files.get(fd);
        if (file == null || !file.readable()) {
            return -Errno.EBADF;
        }
        int length = (int) Math.min(Math.max(count, 0), MAX_TRANSFER);
        if (count < 0) {
            return -Errno.EINVAL;
        }
        if (!user.writable(buffer, length)) {
            return -Errno.EFAULT;
        }
        byte[] data = new byte[length];
        long n = file.read(data, length);
        if (n == OpenFile.WOULD_BLOCK) {
            return blockOn(call, file, "read");
        }
        if (n > 0) {
            user.write(buffer, data, (int) n);
            wakeWaiters(file, call.now());
        }
        return n;
    }

    private long write(SystemCallContext call, int fd, long buffer, long count) {
        OpenFile file = files.get(fd);
        if (file == null || !file.writable()) {
            return -Errno.EBADF;
        }
        if (count < 0) {
            return -Errno.EINVAL;
        }
        int length = (int) Math.min(count, MAX_TRANSFER);
        byte[] data = user.read(buffer, length);
        if (data == null) {
            return -Errno.EFAULT;
        }
        long n = file.write(data, length);
        if (n == OpenFile.WOULD_BLOCK) {
            return blockOn(call, file, "write");
        }
        if (n == -Errno.EPIPE) {
            brokenPipe(call);
        }
        if (n > 0) {
            wakeWaiters(file, call.now());
        }
        return n;
    }

    /** A write to a pipe with no reader: SIGPIPE, which ends the process unless it is ignored. */
    private void brokenPipe(SystemCallContext call) {
        process.signals().raise(call, SignalCalls.SIGPIPE, "a write to a pipe with no reader");
    }

    private long vectored(SystemCallContext call, int fd, long iov, int count, boolean writing) {
        if (count < 0 || count > IOV_MAX) {
            return -Errno.EINVAL;
        }
        byte[] vector = user.read(iov, count * 16);
        if (vector == null) {
            return -Errno.EFAULT;
        }
        ByteBuffer b = ByteBuffer.wrap(vector).order(ByteOrder.LITTLE_ENDIAN);
        long total = 0;
        for (int i = 0; i < count; i++) {
            long base = b.getLong();
            long length = b.getLong();
            if (length < 0) {
                return -Errno.EINVAL;
            }
            if (length == 0) {
                continue;
            }
            long n = writing ? write(call, fd, base, length) : read(call, fd, base, length);
            if (n == SystemCall.RESTART && total == 0) {
                return n;
            }
            if (n == SystemCall.RESTART) {
                process.scheduler().wakeToRetry(call.task(), call.now()); // part done: return it
                unblock(call.task());
                return total;
            }
            if (n < 0) {
                return total > 0 ? total : n;
            }
            total += n;
            if (n < length) {
                break;
            }
        }
        return total;
    }

    private void unblock(Task task) {
        for (List<Task> tasks : waiting.values()) {
            tasks.remove(task);
        }
    }

    private long pread(int fd, long buffer, long count, long offset) {
        OpenFile file = files.get(fd);
        if (file == null || !file.readable()) {
            return -Errno.EBADF;
        }
        if (count < 0) {
            return -Errno.EINVAL;
        }
        int length = (int) Math.min(count, MAX_TRANSFER);
        if (!user.writable(buffer, length)) {
            return -Errno.EFAULT;
        }
        byte[] data = new byte[length];
        long n = file.pread(data, length, offset);
        if (n > 0) {
            user.write(buffer, data, (int) n);
        }
        return n;
    }

    private long pwrite(int fd, long buffer, long count, long offset) {
        OpenFile file = files.get(fd);
        if (file == null || !file.writable()) {
            return -Errno.EBADF;
        }
        if (count < 0) {
            return -Errno.EINVAL;
        }
        int length = (int) Math.min(count, MAX_TRANSFER);
        byte[] data = user.read(buffer, length);
        if (data == null) {
            return -Errno.EFAULT;
        }
        return file.pwrite(data, length, offset);
    }

    private long lseek(int fd, long offset, int whence) {
        OpenFile file = files.get(fd);
        return file == null ? -Errno.EBADF : file.seek(offset, whence);
    }

    private long fstat(int fd, long buffer) {
        OpenFile file = files.get(fd);
        if (file == null) {
            return -Errno.EBADF;
        }
        try {
            return user.write(buffer, StatLayout.stat(file.status())) ? 0 : -Errno.EFAULT;
        } catch (IOException e) {
            return -io.fgraph.emulator.linux.fs.IoErrno.of(e);
        }
    }

    private long getdents64(int fd, long buffer, long count) {
        OpenFile file = files.get(fd);
        if (file == null) {
            return -Errno.EBADF;
        }
        if (!(file instanceof HostDirectory directory)) {
            return -Errno.ENOTDIR;
        }
        int length = (int) Math.min(Math.max(count, 0), MAX_TRANSFER);
        if (!user.writable(buffer, length)) {
            return -Errno.EFAULT;
        }
        byte[] data = new byte[length];
        long n = directory.readEntries(data);
        if (n > 0) {
            user.write(buffer, data, (int) n);
        }
        return n;
    }

    private long ftruncate(int fd, long length) {
        OpenFile file = files.get(fd);
        if (file == null) {
            return -Errno.EBADF;
        }
        return length < 0 ? -Errno.EINVAL : file.truncate(length);
    }

    private long fcntl(int fd, int command, long argument) {
        OpenFile file = files.get(fd);
        if (file == null) {
            return -Errno.EBADF;
        }
        switch (command) {
            case F_DUPFD:
            case F_DUPFD_CLOEXEC:
                if (argument < 0 || argument >= FileTable.MAX_FILES) {
                    return -Errno.EINVAL;
                }
                return files.install(file, command == F_DUPFD_CLOEXEC, (int) argument);
            case F_GETFD:
                return files.closeOnExec(fd) ? FD_CLOEXEC : 0;
            case F_SETFD:
                files.setCloseOnExec(fd, (argument & FD_CLOEXEC) != 0);
                return 0;
            case F_GETFL:
                return file.statusFlags();
            case F_SETFL:
                file.setStatusFlags((int) argument);
                return 0;
            case F_GETLK:
                return 0; // no other process holds a lock: the struct says F_UNLCK as given
            case F_SETLK:
            case F_SETLKW:
                return 0; // one process: a record lock never conflicts
            default:
                return -Errno.EINVAL;
        }
    }

    private long dup(int fd) {
        OpenFile file = files.get(fd);
        return file == null ? -Errno.EBADF : files.install(file, false, 0);
    }

    private long dup3(SystemCallContext call, int from, int to, int flags) {
        OpenFile file = files.get(from);
        if (file == null) {
            return -Errno.EBADF;
        }
        if (from == to || (flags & ~O_CLOEXEC) != 0 || to < 0 || to >= FileTable.MAX_FILES) {
            return to < 0 || to >= FileTable.MAX_FILES ? -Errno.EBADF : -Errno.EINVAL;
        }
        OpenFile old = files.get(to);
        files.put(to, file, (flags & O_CLOEXEC) != 0);
        if (old != null) {
            wakeWaiters(old, call.now());
        }
        return to;
    }

    private long pipe2(long fds, int flags) {
        if ((flags & ~(O_CLOEXEC | OpenFile.O_NONBLOCK)) != 0) {
            return -Errno.EINVAL;
        }
        if (!user.writable(fds, 8)) {
            return -Errno.EFAULT;
        }
        Pipe pipe = new Pipe(nextPipeInode++, flags);
        boolean cloexec = (flags & O_CLOEXEC) != 0;
        int read = files.install(pipe.readEnd(), cloexec, 0);
        if (read < 0) {
            return read;
        }
        int write = files.install(pipe.writeEnd(), cloexec, 0);
        if (write < 0) {
            files.close(read);
            return write;
        }
        user.write32(fds, read);
        user.write32(fds + 4, write);
        return 0;
    }

    private long ioctl(int fd, int request, long argument) {
        OpenFile file = files.get(fd);
        if (file == null) {
            return -Errno.EBADF;
        }
        if (!file.isTerminal()) {
            return -Errno.ENOTTY;
        }
        switch (request) {
            case TCGETS: {
                ByteBuffer t = ByteBuffer.allocate(TERMIOS_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                // ICRNL|IXON, OPOST|ONLCR, B38400|CS8|CREAD, ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN
                t.putInt(0x500).putInt(0x5).putInt(0xBF).putInt(0x8A3B);
                return user.write(argument, t.array()) ? 0 : -Errno.EFAULT;
            }
            case TCSETS:
            case TCSETS + 1:
            case TCSETS + 2:
                return 0;
            case TIOCGWINSZ: {
                ByteBuffer w = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                w.putShort((short) 24).putShort((short) 80).putShort((short) 0).putShort((short) 0);
                return user.write(argument, w.array()) ? 0 : -Errno.EFAULT;
            }
            case TIOCGPGRP:
                return user.write32(argument, LinuxProcess.PID) ? 0 : -Errno.EFAULT;
            default:
                return -Errno.EINVAL;
        }
    }

    // ---- blocking on pipes ----

    private long blockOn(SystemCallContext call, OpenFile file, String what) {
        waiting.computeIfAbsent(file, f -> new ArrayList<>()).add(call.task());
        process.scheduler().block(call.hart(), what + " of " + file.describe(), Task.NO_DEADLINE, null);
        return SystemCall.RESTART;
    }

    /** Something happened on a pipe (data, room, an end closed): its waiters run their call again. */
    private void wakeWaiters(OpenFile changed, long now) {
        if (waiting.isEmpty()) {
            return;
        }
        List<OpenFile> ends = new ArrayList<>(waiting.keySet());
        for (OpenFile end : ends) {
            // the other end of the same pipe has the same inode: wake both sides, they retry
            if (end == changed || samePipe(end, changed)) {
                List<Task> tasks = waiting.remove(end);
                for (Task task : tasks) {
                    process.scheduler().wakeToRetry(task, now);
                }
            }
        }
    }

    private static boolean samePipe(OpenFile a, OpenFile b) {
        return a.describe().startsWith("pipe:") && a.describe().equals(b.describe());
    }
}
