package io.fgraph.core.trace;

import net.openhft.chronicle.core.time.TimeProvider;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongSupplier;

/**
 * Makes sure that every byte Chronicle writes into the event queue is backed by disk before
 * Chronicle writes it. Chronicle maps its files and lets them grow sparsely; a store into a hole of
 * a file that cannot grow (a full disk) is a SIGBUS, which kills the JVM (or surfaces as an
 * {@code InternalError} in whichever thread touched the page). So the writer thread reserves
 * ahead with ordinary writes of zeros, which fail with an {@link IOException} instead:
 * <pre>
 *  cycle file: [ Chronicle's header, indexes | excerpts ... | reserved zeros ......... | sparse ...
 *                                                           ^ head                    ^ reserved
 *  before each excerpt: reserved &gt;= head + excerpt + MARGIN, else zeros are written up to that + CHUNK
 * </pre>
 * <ul>
 *   <li>{@code metadata.cq4t} and each cycle's file are created here, zero-filled, before Chronicle
 *       opens them; Chronicle takes a zero file for a new one, as it takes its own pre-created files.
 *   <li>Chronicle rolls to a new cycle by {@link #clock()}, which moves only in {@link #beforeAppend},
 *       after the new cycle's file was reserved: Chronicle never rolls into a file of its own.
 *       The clock never goes back, whatever the wall clock does.
 *   <li>{@code MARGIN} covers what Chronicle writes besides an excerpt's bytes: its 4-byte header
 *       and padding, the 8 bytes it clears after the end, and a new index array (indexCount x 8
 *       bytes) when the current one is full.
 * </ul>
 * Writing zeros ahead costs one positional write per {@link #CHUNK} of trace, into the page cache
 * that the mapped writes then fill. {@link #close()} cuts the current file back to its data.
 * Single-threaded: the writer thread.
 */
final class QueueSpace implements AutoCloseable {
    static final int CHUNK = 1 << 20;
    private static final int PAGE = 4096;
    /** Chronicle's table store is 128 KiB at creation. */
    static final int METADATA_LENGTH = 128 << 10;
    private static final long INDEX_ARRAY = (long) TraceFiles.ROLL_CYCLE.defaultIndexCount() * Long.BYTES;
    /** Where the first excerpt of a new file can start at the latest: store header, index2index, first index. */
    private static final long FIRST_EXCERPT = 2 * INDEX_ARRAY + (64 << 10);
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(CHUNK).asReadOnlyBuffer();

    private final Path eventsDir;
    private final long margin;
    private final LongSupplier wallClock;
    private final WriterClock clock;
    private int cycle = Integer.MIN_VALUE;
    private Path file;
    private String fileName;
    private FileChannel channel;
    private long head;
    private long reserved;
    private boolean appended;

    /**
     * @param maxExcerpt the longest excerpt the writer appends
     * @param wallClock  milliseconds since the epoch (tests move it across midnight)
     */
    QueueSpace(Path eventsDir, int maxExcerpt, LongSupplier wallClock) {
        this.eventsDir = eventsDir;
        this.margin = maxExcerpt + INDEX_ARRAY + PAGE;
        this.wallClock = wallClock;
        this.clock = new WriterClock(wallClock.getAsLong());
    }

    /** The time Chronicle rolls by: moved only by {@link #beforeAppend}. */
    TimeProvider clock() {
        return clock;
    }

    /** Creates the events directory's metadata file, zero-filled, before Chronicle opens the queue. */
    void createMetadata() throws IOException {
        create(eventsDir.resolve(TraceFiles.METADATA_FILE), METADATA_LENGTH);
    }

    /**
     * Reserves room for the next excerpt of {@code length} bytes, rolling the clock on (and
     * reserving the next cycle's file first) when the wall clock entered a new cycle.
     *
     * @throws IOException if the disk has no room: nothing was mapped or written by Chronicle
     */
    void beforeAppend(int length) throws IOException {
        long now = Math.max(clock.millis, wallClock.getAsLong());
        int next = (int) (now / TraceFiles.ROLL_CYCLE.lengthInMillis()); // RollCycle.current, epoch 0
        if (next != cycle) {
            startCycle(next, length);
        }
        clock.millis = now;
        long needed = head + length + margin;
        if (reserved < needed) {
            zeros(reserved, needed + CHUNK);
            reserved = needed + CHUNK;
        }
    }

    /**
     * Records where the excerpt just appended ended, and that Chronicle wrote it into the reserved file.
     *
     * @throws IllegalStateException if Chronicle wrote another file than the one reserved (a new
     *                               Chronicle version naming files differently): recording stops
     */
    void afterAppend(File written, long end) {
        if (written == null || !written.getAbsolutePath().equals(fileName)) {
            throw new IllegalStateException("Chronicle wrote " + written + " but the writer reserved " + file);
        }
        head = end;
        appended = true;
    }

    private void startCycle(int next, int length) throws IOException {
        closeFile();
        Path path = TraceFiles.cycleFile(eventsDir, next);
        long size = FIRST_EXCERPT + length + margin;
        create(path, size);
        file = path;
        fileName = path.toAbsolutePath().toString();
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        cycle = next;
        head = FIRST_EXCERPT;
        reserved = size;
        appended = false;
    }

    private static void create(Path path, long size) throws IOException {
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            write(out, path, 0, size);
        } catch (IOException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    private void zeros(long from, long to) throws IOException {
        write(channel, file, from, to);
    }

    private static void write(FileChannel out, Path path, long from, long to) throws IOException {
        long at = from;
        try {
            while (at < to) {
                ByteBuffer chunk = ZEROS.duplicate();
                chunk.limit((int) Math.min(CHUNK, to - at));
                while (chunk.hasRemaining()) {
                    at += out.write(chunk, at);
                }
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + path + ": " + QueueExcerpts.reason(e), e);
        }
    }

    /**
     * Cuts the current file back to its data, plus the zero header that ends it, rounded up to a
     * page. Call after the queue is closed.
     */
    @Override
    public void close() throws IOException {
        try {
            if (channel != null && appended) {
                long end = dataEnd();
                if (end < channel.size()) {
                    channel.truncate(end);
                }
            }
        } finally {
            closeFile();
        }
    }

    /**
     * Where Chronicle's data ends: the end of the last excerpt, or of an index array Chronicle
     * appended after it while indexing it (one every 2^25 excerpts), whose documents are walked
     * here as the reader walks them ({@link QueueFileReader}).
     */
    private long dataEnd() throws IOException {
        ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long at = head;
        while (true) {
            at = (at + 3) & -4L;
            word.clear();
            if (channel.read(word, at) < Integer.BYTES) {
                break;
            }
            int header = word.getInt(0);
            if (header == 0 || (header & net.openhft.chronicle.wire.Wires.NOT_COMPLETE) != 0) {
                break;
            }
            at += Integer.BYTES + net.openhft.chronicle.wire.Wires.lengthOf(header);
        }
        return (at + Long.BYTES + PAGE - 1) & -PAGE;
    }

    private void closeFile() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** Chronicle's time: set by the writer thread, read by Chronicle (on the writer thread, and maybe others). */
    private static final class WriterClock implements TimeProvider {
        volatile long millis;

        WriterClock(long millis) {
            this.millis = millis;
        }

        @Override
        public long currentTimeMillis() {
            return millis;
        }
    }
}
