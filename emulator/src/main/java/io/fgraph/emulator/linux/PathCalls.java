package io.fgraph.emulator.linux;

import io.fgraph.emulator.linux.fs.Device;
import io.fgraph.emulator.linux.fs.FileStatus;
import io.fgraph.emulator.linux.fs.GuestRoot;
import io.fgraph.emulator.linux.fs.HostDirectory;
import io.fgraph.emulator.linux.fs.HostFile;
import io.fgraph.emulator.linux.fs.IoErrno;
import io.fgraph.emulator.linux.fs.OpenFile;
import io.fgraph.emulator.linux.fs.StatLayout;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The system calls that take a path: every path goes through {@link GuestRoot}, so it resolves
 * inside the guest root; {@code /proc/self/exe} (the program) and {@code /dev/null},
 * {@code /dev/zero}, {@code /dev/full}, {@code /dev/random}, {@code /dev/urandom} exist whatever
 * the root holds.
 */
final class PathCalls {
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_TRUNC = 01000;
    static final int O_DIRECTORY = 0200000;
    static final int O_NOFOLLOW = 0400000;
    static final int O_PATH = 010000000;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_EACCESS = 0x200;
    static final int AT_EMPTY_PATH = 0x1000;
    static final int RENAME_NOREPLACE = 1;
    static final int F_OK = 0;
    static final int X_OK = 1;
    static final int W_OK = 2;
    static final int R_OK = 4;
    static final String PROC_SELF_EXE = "/proc/self/exe";

    private final LinuxProcess process;
    private final UserMemory user;
    private final GuestRoot root;

    PathCalls(LinuxProcess process, UserMemory user) {
        this.process = process;
        this.user = user;
        this.root = process.root();
    }

    void register(SystemCallTable table) {
        table.add(56, "dirfd path oflags mode", c -> openat(c.intArg(0), c.arg(1), c.intArg(2), c.intArg(3)));
        table.add(79, "dirfd path x atflags", c -> newfstatat(c.intArg(0), c.arg(1), c.arg(2), c.intArg(3)));
        table.add(291, "dirfd path atflags x x", c -> statx(c.intArg(0), c.arg(1), c.intArg(2), c.arg(4)));
        table.add(78, "dirfd path x d", c -> readlinkat(c.intArg(0), c.arg(1), c.arg(2), c.arg(3)));
        table.add(48, "dirfd path d", c -> faccessat(c.intArg(0), c.arg(1), c.intArg(2), 0));
        table.add(439, "dirfd path d atflags", c -> faccessat(c.intArg(0), c.arg(1), c.intArg(2), c.intArg(3)));
        table.add(35, "dirfd path atflags", c -> unlinkat(c.intArg(0), c.arg(1), c.intArg(2)));
        table.add(34, "dirfd path mode", c -> mkdirat(c.intArg(0), c.arg(1), c.intArg(2)));
        table.add(276, "dirfd path dirfd path d", c -> renameat2(c.intArg(0), c.arg(1), c.intArg(2), c.arg(3), c.intArg(4)));
        table.add(17, "x u", c -> getcwd(c.arg(0), c.arg(1)));
        table.add(49, "path", c -> chdir(c.arg(0)));
        table.add(50, "fd", c -> fchdir(c.intArg(0)));
        table.add(166, "mode", c -> process.setUmask(c.intArg(0)));
    }

    // ---- resolving ----

    /** A path argument after resolution: the host path and guest components, a special file, or an errno. */
    private record Lookup(GuestRoot.Resolved resolved, String special, int errno) {
        static Lookup error(int errno) {
            return new Lookup(null, null, errno);
        }

        boolean failed() {
            return errno != 0;
        }

        Path host() {
            return resolved.host();
        }
    }

    private Lookup lookup(int dirfd, long pathAddress, boolean followLast) {
        UserMemory.Text text = user.readString(pathAddress, GuestRoot.PATH_MAX);
        if (text.errno != 0) {
            return Lookup.error(text.errno);
        }
        return lookup(dirfd, text.value, followLast);
    }

    private Lookup lookup(int dirfd, String path, boolean followLast) {
        if (path.isEmpty()) {
            return Lookup.error(Errno.ENOENT);
        }
        List<String> base;
        if (path.startsWith("/")) {
            base = List.of();
        } else if (dirfd == FileCalls.AT_FDCWD) {
            base = process.cwd();
        } else {
            OpenFile file = process.files().get(dirfd);
            if (file == null) {
                return Lookup.error(Errno.EBADF);
            }
            base = file.directory();
            if (base == null) {
                return Lookup.error(Errno.ENOTDIR);
            }
        }
        String special = special(base, path);
        if (special != null) {
            return new Lookup(null, special, 0);
        }
        GuestRoot.Resolved resolved = root.resolve(base, path, followLast);
        if (resolved.errno() != 0) {
            return Lookup.error(resolved.errno());
        }
        return new Lookup(resolved, null, 0);
    }

    /** The platform's own file a path names lexically ({@code /dev/null}, {@code /proc/self/exe}), or null. */
    private static String special(List<String> base, String path) {
        List<String> parts = new ArrayList<>(path.startsWith("/") ? List.of() : base);
        for (String part : GuestRoot.components(path)) {
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else if (!part.equals(".")) {
                parts.add(part);
            }
        }
        String joined = "/" + String.join("/", parts);
        if (joined.equals(PROC_SELF_EXE)) {
            return joined;
        }
        if (parts.size() == 2 && parts.get(0).equals("dev") && Device.named(parts.get(1)) != null) {
            return joined;
        }
        return null;
    }

    private FileStatus specialStatus(String special) throws IOException {
        if (special.equals(PROC_SELF_EXE)) {
            return FileStatus.of(process.linux().program(), true);
        }
        return new Device(Device.named(special.substring("/dev/".length())), 0, process::randomBytes).status();
    }

    // ---- the calls ----

    private long openat(int dirfd, long pathAddress, int flags, int mode) {
        boolean create = (flags & O_CREAT) != 0;
        boolean exclusive = create && (flags & O_EXCL) != 0;
        Lookup lookup = lookup(dirfd, pathAddress, (flags & O_NOFOLLOW) == 0 && !exclusive);
        if (lookup.failed()) {
            return -lookup.errno;
        }
        int accessMode = flags & OpenFile.O_ACCMODE;
        boolean cloexec = (flags & FileCalls.O_CLOEXEC) != 0;
        int statusFlags = flags & (OpenFile.O_ACCMODE | OpenFile.O_APPEND | OpenFile.O_NONBLOCK);
        if (lookup.special != null) {
            if (exclusive) {
                return -Errno.EEXIST;
            }
            OpenFile file;
            if (lookup.special.equals(PROC_SELF_EXE)) {
                if (accessMode != OpenFile.O_RDONLY) {
                    return -Errno.EACCES;
                }
                try {
                    Path program = process.linux().program();
                    file = new HostFile(FileChannel.open(program, StandardOpenOption.READ), program, PROC_SELF_EXE, statusFlags);
                } catch (IOException e) {
                    return -IoErrno.of(e);
                }
            } else {
                file = new Device(Device.named(lookup.special.substring("/dev/".length())), statusFlags, process::randomBytes);
            }
            return process.files().install(file, cloexec, 0);
        }
        Path host = lookup.host();
        boolean exists = Files.exists(host, LinkOption.NOFOLLOW_LINKS);
        if (exists && exclusive) {
            return -Errno.EEXIST;
        }
        if (exists && Files.isSymbolicLink(host)) {
            return -Errno.ELOOP; // O_NOFOLLOW on a link
        }
        if (exists && Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
            if (accessMode != OpenFile.O_RDONLY || create) {
                return -Errno.EISDIR;
            }
            return process.files().install(new HostDirectory(host, lookup.resolved.components(), statusFlags), cloexec, 0);
        }
        if ((flags & O_DIRECTORY) != 0) {
            return exists ? -Errno.ENOTDIR : -Errno.ENOENT;
        }
        if (!exists && !create) {
            return -Errno.ENOENT;
        }
        if (lookup.resolved.components().isEmpty()) {
            return -Errno.EISDIR;
        }
        Set<OpenOption> options = new HashSet<>();
        options.add(LinkOption.NOFOLLOW_LINKS);
        if (accessMode != OpenFile.O_WRONLY) {
            options.add(StandardOpenOption.READ);
        }
        if (accessMode != OpenFile.O_RDONLY) {
            options.add(StandardOpenOption.WRITE);
        }
        if ((flags & O_TRUNC) != 0 && accessMode != OpenFile.O_RDONLY) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        try {
            FileChannel channel;
            if (!exists) {
                options.add(StandardOpenOption.CREATE_NEW);
                channel = FileChannel.open(host, options, permissions(mode));
            } else {
                channel = FileChannel.open(host, options);
            }
            int fd = process.files().install(new HostFile(channel, host, lookup.resolved.guestPath(), statusFlags), cloexec, 0);
            if (fd < 0) {
                channel.close();
            }
            return fd;
        } catch (FileAlreadyExistsException e) {
            return -Errno.EEXIST;
        } catch (IOException e) {
            return -IoErrno.of(e);
        }
    }

    private FileAttribute<Set<PosixFilePermission>> permissions(int mode) {
        int bits = mode & ~process.umask() & 0777;
        StringBuilder text = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            text.append((bits & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(text.toString()));
    }

    private FileStatus status(int dirfd, long pathAddress, int flags, long[] errno) throws IOException {
        if ((flags & AT_EMPTY_PATH) != 0) {
            UserMemory.Text text = user.readString(pathAddress, GuestRoot.PATH_MAX);
            if (text.errno == 0 && text.value.isEmpty()) {
                OpenFile file = dirfd == FileCalls.AT_FDCWD ? null : process.files().get(dirfd);
                if (dirfd == FileCalls.AT_FDCWD) {
                    return FileStatus.of(root.resolve(List.of(), "/" + String.join("/", process.cwd()), true).host(), false);
                }
                if (file == null) {
                    errno[0] = Errno.EBADF;
                    return null;
                }
                return file.status();
            }
        }
        Lookup lookup = lookup(dirfd, pathAddress, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (lookup.failed()) {
            errno[0] = lookup.errno;
            return null;
        }
        if (lookup.special != null) {
            return specialStatus(lookup.special);
        }
        return FileStatus.of(lookup.host(), false);
    }

    private long newfstatat(int dirfd, long pathAddress, long buffer, int flags) {
        long[] errno = {0};
        try {
            FileStatus status = status(dirfd, pathAddress, flags, errno);
            if (status == null) {
                return -errno[0];
            }
            return user.write(buffer, StatLayout.stat(status)) ? 0 : -Errno.EFAULT;
        } catch (IOException e) {
            return -IoErrno.of(e);
        }
    }

    private long statx(int dirfd, long pathAddress, int flags, long buffer) {
        long[] errno = {0};
        try {
            FileStatus status = status(dirfd, pathAddress, flags, errno);
            if (status == null) {
                return -errno[0];
            }
            return user.write(buffer, StatLayout.statx(status)) ? 0 : -Errno.EFAULT;
        } catch (IOException e) {
            return -IoErrno.of(e);
        }
    }

    private long readlinkat(int dirfd, long pathAddress, long buffer, long size) {
        if (size <= 0) {
            return -Errno.EINVAL;
        }
        Lookup lookup = lookup(dirfd, pathAddress, false);
        if (lookup.failed()) {
            return -lookup.errno;
        }
        String target;
        if (lookup.special != null) {
            if (!lookup.special.equals(PROC_SELF_EXE)) {
                return -Errno.EINVAL;
            }
            target = programGuestPath();
        } else {
            Path host = lookup.host();
            if (!Files.isSymbolicLink(host)) {
                return Files.exists(host, LinkOption.NOFOLLOW_LINKS) ? -Errno.EINVAL : -Errno.ENOENT;
            }
            try {
                target = Files.readSymbolicLink(host).toString();
            } catch (IOException e) {
                return -IoErrno.of(e);
            }
        }
        byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(bytes.length, size);
        return user.write(buffer, bytes, n) ? n : -Errno.EFAULT;
    }

    /** What /proc/self/exe links to: the program's guest path when it lies in the root, else /NAME. */
    private String programGuestPath() {
        try {
            Path program = process.linux().program().toRealPath();
            Path rootPath = root.hostRoot();
            if (program.startsWith(rootPath)) {
                return "/" + rootPath.relativize(program).toString();
            }
            return "/" + program.getFileName();
        } catch (IOException e) {
            return "/" + process.linux().program().getFileName();
        }
    }

    private long faccessat(int dirfd, long pathAddress, int mode, int flags) {
        if ((mode & ~7) != 0) {
            return -Errno.EINVAL;
        }
        Lookup lookup = lookup(dirfd, pathAddress, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (lookup.failed()) {
            return -lookup.errno;
        }
        Path host = lookup.special == null ? lookup.host()
                : lookup.special.equals(PROC_SELF_EXE) ? process.linux().program() : null;
        if (host == null) {
            return (mode & X_OK) != 0 ? -Errno.EACCES : 0;
        }
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            return -Errno.ENOENT;
        }
        if ((mode & R_OK) != 0 && !Files.isReadable(host)
                || (mode & W_OK) != 0 && !Files.isWritable(host)
                || (mode & X_OK) != 0 && !Files.isExecutable(host)) {
            return -Errno.EACCES;
        }
        return 0;
    }

    private long unlinkat(int dirfd, long pathAddress, int flags) {
        if ((flags & ~AT_REMOVEDIR) != 0) {
            return -Errno.EINVAL;
        }
        Lookup lookup = lookup(dirfd, pathAddress, false);
        if (lookup.failed()) {
            return -lookup.errno;
        }
        if (lookup.special != null) {
            return -Errno.EACCES;
        }
        if (lookup.resolved.components().isEmpty()) {
            return -Errno.EBUSY;
        }
        Path host = lookup.host();
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            return -Errno.ENOENT;
        }
        boolean directory = Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS);
        if ((flags & AT_REMOVEDIR) != 0 && !directory) {
            return -Errno.ENOTDIR;
        }
        if ((flags & AT_REMOVEDIR) == 0 && directory) {
            return -Errno.EISDIR;
        }
        try {
            Files.delete(host);
            return 0;
        } catch (IOException e) {
            return -IoErrno.of(e);
        }
    }

    private long mkdirat(int dirfd, long pathAddress, int mode) {
        Lookup lookup = lookup(dirfd, pathAddress, false);
        if (lookup.failed()) {
            return -lookup.errno;
        }
        if (lookup.special != null || lookup.resolved.components().isEmpty()) {
            return -Errno.EEXIST;
        }
        try {
            Files.createDirectory(lookup.host(), permissions(mode));
            return 0;
        } catch (FileAlreadyExistsException e) {
            return -Errno.EEXIST;
        } catch (IOException e) {
            return -IoErrno.of(e);
        }
    }

    private long renameat2(int fromDir, long fromPath, int toDir, long toPath, int flags) {
        if ((flags & ~RENAME_NOREPLACE) != 0) {
            return -Errno.EINVAL;
        }
        Lookup from = lookup(fromDir, fromPath, false);
        if (from.failed()) {
            return -from.errno;
        }
        Lookup to = lookup(toDir, toPath, false);
        if (to.failed()) {
            return -to.errno;
        }
        if (from.special != null || to.special != null) {
            return -Errno.EXDEV;
        }
        if (from.resolved.components().isEmpty() || to.resolved.components().isEmpty()) {
            return -Errno.EBUSY;
        }
        if (!Files.exists(from.host(), LinkOption.NOFOLLOW_LINKS)) {
            return -Errno.ENOENT;
        }
        boolean targetExists = Files.exists(to.host(), LinkOption.NOFOLLOW_LINKS);
        if (targetExists && (flags & RENAME_NOREPLACE) != 0) {
            return -Errno.EEXIST;
        }
        List<String> source = from.resolved.components();
        List<String> target = to.resolved.components();
        if (target.size() > source.size() && target.subList(0, source.size()).equals(source)) {
            return -Errno.EINVAL; // a directory into itself
        }
        try {
            if (targetExists) {
                Files.move(from.host(), to.host(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(from.host(), to.host(), StandardCopyOption.ATOMIC_MOVE);
            }
            return 0;
        } catch (IOException e) {
            return -IoErrno.of(e);
        }
    }

    private long getcwd(long buffer, long size) {
        byte[] path = ("/" + String.join("/", process.cwd())).getBytes(StandardCharsets.UTF_8);
        byte[] withNul = java.util.Arrays.copyOf(path, path.length + 1);
        if (size < withNul.length) {
            return -Errno.ERANGE;
        }
        return user.write(buffer, withNul) ? withNul.length : -Errno.EFAULT;
    }

    private long chdir(long pathAddress) {
        Lookup lookup = lookup(FileCalls.AT_FDCWD, pathAddress, true);
        if (lookup.failed()) {
            return -lookup.errno;
        }
        if (lookup.special != null) {
            return -Errno.ENOTDIR;
        }
        Path host = lookup.host();
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            return -Errno.ENOENT;
        }
        if (!Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
            return -Errno.ENOTDIR;
        }
        process.setCwd(lookup.resolved.components());
        return 0;
    }

    private long fchdir(int fd) {
        OpenFile file = process.files().get(fd);
        if (file == null) {
            return -Errno.EBADF;
        }
        if (file.directory() == null) {
            return -Errno.ENOTDIR;
        }
        process.setCwd(file.directory());
        return 0;
    }
}
