package io.fgraph.emulator.linux.fs;

import io.fgraph.emulator.linux.Errno;

/**
 * An in-memory pipe of {@link #CAPACITY} bytes and its two ends. A read of an empty pipe with a
 * writer left, or a write to a full pipe with a reader left, returns {@link OpenFile#WOULD_BLOCK};
 * a read with no writer left returns 0 (end of file), a write with no reader {@code -EPIPE}.
 */
public final class Pipe {
    public static final int CAPACITY = 65536;

    private final byte[] buffer = new byte[CAPACITY];
    private final long inode;
    private int head;
    private int count;
    private int readers = 1;
    private int writers = 1;
    private final ReadEnd readEnd;
    private final WriteEnd writeEnd;

    public Pipe(long inode, int flags) {
        this.inode = inode;
        this.readEnd = new ReadEnd(flags);
        this.writeEnd = new WriteEnd(flags);
    }

    public OpenFile readEnd() {
        return readEnd;
    }

    public OpenFile writeEnd() {
        return writeEnd;
    }

    private FileStatus pipeStatus() {
        return FileStatus.synthetic(FileStatus.S_IFIFO | 0600, 0, inode).withSize(count);
    }

    private final class ReadEnd extends OpenFile {
        ReadEnd(int flags) {
            super(O_RDONLY | (flags & O_NONBLOCK));
        }

        @Override
        public long read(byte[] out, int length) {
            if (count == 0) {
                if (writers == 0) {
                    return 0;
                }
                return (statusFlags() & O_NONBLOCK) != 0 ? -Errno.EAGAIN : WOULD_BLOCK;
            }
            int n = Math.min(length, count);
            for (int i = 0; i < n; i++) {
                out[i] = buffer[(head + i) % CAPACITY];
            }
            head = (head + n) % CAPACITY;
            count -= n;
            return n;
        }

        @Override
        public FileStatus status() {
            return pipeStatus();
        }

        @Override
        public void close() {
            readers--;
        }

        @Override
        public String describe() {
            return "pipe:[" + inode + "]";
        }
    }

    private final class WriteEnd extends OpenFile {
        WriteEnd(int flags) {
            super(O_WRONLY | (flags & O_NONBLOCK));
        }

        @Override
        public long write(byte[] in, int length) {
            if (readers == 0) {
                return -Errno.EPIPE;
            }
            int room = CAPACITY - count;
            if (room == 0) {
                return (statusFlags() & O_NONBLOCK) != 0 ? -Errno.EAGAIN : WOULD_BLOCK;
            }
            int n = Math.min(length, room);
            for (int i = 0; i < n; i++) {
                buffer[(head + count + i) % CAPACITY] = in[i];
            }
            count += n;
            return n;
        }

        @Override
        public FileStatus status() {
            return pipeStatus();
        }

        @Override
        public void close() {
            writers--;
        }

        @Override
        public String describe() {
            return "pipe:[" + inode + "]";
        }
    }
}
