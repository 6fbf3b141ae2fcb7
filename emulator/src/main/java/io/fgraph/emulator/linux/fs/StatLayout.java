package io.fgraph.emulator.linux.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The byte layouts of {@code struct stat} (asm-generic, riscv64: 128 bytes) and
 * {@code struct statx} (256 bytes), the one owner of both.
 *
 * <pre>
 *  struct stat:   0 st_dev   8 st_ino   16 st_mode(4)  20 st_nlink(4)  24 st_uid(4)  28 st_gid(4)
 *                32 st_rdev  40 pad     48 st_size     56 st_blksize(4) 60 pad(4)   64 st_blocks
 *                72 st_atime 80 atime_nsec  88 st_mtime 96 mtime_nsec  104 st_ctime 112 ctime_nsec  120 unused
 *  struct statx:  0 stx_mask(4) 4 stx_blksize(4) 8 stx_attributes 16 stx_nlink(4) 20 stx_uid(4) 24 stx_gid(4)
 *                28 stx_mode(2) 30 pad  32 stx_ino  40 stx_size  48 stx_blocks  56 stx_attributes_mask
 *                64 stx_atime {tv_sec 8, tv_nsec 4, pad 4}  80 stx_btime  96 stx_ctime  112 stx_mtime
 *               128 stx_rdev_major(4) 132 stx_rdev_minor(4) 136 stx_dev_major(4) 140 stx_dev_minor(4)  144.. spare
 * </pre>
 */
public final class StatLayout {
    public static final int STAT_SIZE = 128;
    public static final int STATX_SIZE = 256;
    /** STATX_BASIC_STATS: every field of struct stat is filled. */
    public static final int STATX_BASIC_STATS = 0x7FF;

    private StatLayout() {
    }

    public static byte[] stat(FileStatus s) {
        ByteBuffer b = ByteBuffer.allocate(STAT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, s.device()).putLong(8, s.inode()).putInt(16, s.mode()).putInt(20, (int) s.links())
                .putInt(24, s.uid()).putInt(28, s.gid()).putLong(32, s.rdev()).putLong(48, s.size())
                .putInt(56, s.blockSize()).putLong(64, s.blocks())
                .putLong(72, s.accessSeconds()).putLong(80, s.accessNanos())
                .putLong(88, s.modifySeconds()).putLong(96, s.modifyNanos())
                .putLong(104, s.changeSeconds()).putLong(112, s.changeNanos());
        return b.array();
    }

    public static byte[] statx(FileStatus s) {
        ByteBuffer b = ByteBuffer.allocate(STATX_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, STATX_BASIC_STATS).putInt(4, s.blockSize()).putInt(16, (int) s.links()).putInt(20, s.uid())
                .putInt(24, s.gid()).putShort(28, (short) s.mode()).putLong(32, s.inode()).putLong(40, s.size())
                .putLong(48, s.blocks());
        b.putLong(64, s.accessSeconds()).putInt(72, s.accessNanos());
        b.putLong(96, s.changeSeconds()).putInt(104, s.changeNanos());
        b.putLong(112, s.modifySeconds()).putInt(120, s.modifyNanos());
        b.putInt(128, major(s.rdev())).putInt(132, minor(s.rdev()));
        b.putInt(136, major(s.device())).putInt(140, minor(s.device()));
        return b.array();
    }

    /** Linux's {@code new_encode_dev} split of a device number. */
    static int major(long dev) {
        return (int) (((dev >>> 8) & 0xFFF) | ((dev >>> 32) & ~0xFFFL));
    }

    static int minor(long dev) {
        return (int) ((dev & 0xFF) | ((dev >>> 12) & ~0xFFL));
    }
}
