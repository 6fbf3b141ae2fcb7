package io.fgraph.emulator.linux.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * What {@code stat} tells about a file, in Linux's terms (the host's own values for host files:
 * inode, device, mode, owner, times).
 */
public record FileStatus(long device, long inode, int mode, long links, int uid, int gid, long rdev, long size,
                         int blockSize, long blocks, long accessSeconds, int accessNanos, long modifySeconds,
                         int modifyNanos, long changeSeconds, int changeNanos) {
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;
    static final int BLOCK_SIZE = 4096;

    /** The status of a host file; {@code follow} false gives a link's own status ({@code lstat}). */
    public static FileStatus of(Path path, boolean follow) throws IOException {
        LinkOption[] options = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        Map<String, Object> a = Files.readAttributes(path, "unix:*", options);
        long size = ((Number) a.get("size")).longValue();
        FileTime access = (FileTime) a.get("lastAccessTime");
        FileTime modify = (FileTime) a.get("lastModifiedTime");
        FileTime change = (FileTime) a.get("ctime");
        return new FileStatus(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue(),
                ((Number) a.get("mode")).intValue(), ((Number) a.get("nlink")).longValue(),
                ((Number) a.get("uid")).intValue(), ((Number) a.get("gid")).intValue(),
                ((Number) a.get("rdev")).longValue(), size, BLOCK_SIZE, (size + 511) / 512,
                seconds(access), nanos(access), seconds(modify), nanos(modify), seconds(change), nanos(change));
    }

    /** A file that exists only in the platform (a console, a pipe, /dev/null). */
    public static FileStatus synthetic(int mode, long rdev, long inode) {
        return new FileStatus(0x15, inode, mode, 1, 0, 0, rdev, 0, BLOCK_SIZE, 0, 0, 0, 0, 0, 0, 0);
    }

    /** The same status with another size (an open file that grew). */
    public FileStatus withSize(long newSize) {
        return new FileStatus(device, inode, mode, links, uid, gid, rdev, newSize, blockSize, (newSize + 511) / 512,
                accessSeconds, accessNanos, modifySeconds, modifyNanos, changeSeconds, changeNanos);
    }

    public boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    /** The {@code d_type} of a directory entry for this mode. */
    public int directoryEntryType() {
        return switch (mode & S_IFMT) {
            case S_IFIFO -> 1;
            case S_IFCHR -> 2;
            case S_IFDIR -> 4;
            case S_IFBLK -> 6;
            case S_IFREG -> 8;
            case S_IFLNK -> 10;
            case S_IFSOCK -> 12;
            default -> 0;
        };
    }

    private static long seconds(FileTime time) {
        return time == null ? 0 : Math.floorDiv(time.toInstant().getEpochSecond(), 1);
    }

    private static int nanos(FileTime time) {
        return time == null ? 0 : time.toInstant().getNano();
    }
}
