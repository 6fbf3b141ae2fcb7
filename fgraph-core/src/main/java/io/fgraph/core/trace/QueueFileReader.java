package io.fgraph.core.trace;

import net.openhft.chronicle.wire.Wires;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the data excerpts of one Chronicle queue file ({@code .cq4}) with positional reads. It
 * never maps the file, so a file cut short or damaged is an answer ({@link End#TRUNCATED} at a byte
 * offset), never a fault in a mapped read. Chronicle's document framing (its {@code Wires}
 * constants), as this reader relies on it:
 * <pre>
 *  the file is a sequence of documents, each at a 4-byte aligned position:
 *  +-----------------+---------------------------+----------+
 *  | header u32      | body (length bytes)       | pad to 4 |  ...
 *  +-----------------+---------------------------+----------+
 *   bit 31  NOT_COMPLETE   the writer has not finished this document (or crashed in it)
 *   bit 30  META_DATA      Chronicle's own documents: the store header, its index arrays
 *   bits 0..29             the body length
 *   0x00000000             nothing written here yet: the end of the data so far
 *   0xC0000000             END_OF_DATA: the queue rolled on to the next cycle's file
 * </pre>
 * Metadata documents are skipped; every data document is one excerpt. Files are sparse and longer
 * than their data (Chronicle grows them in blocks), so a clean end is always a zero header inside
 * the file; reaching the physical end of the file before one means the file was cut short.
 */
final class QueueFileReader implements AutoCloseable {

    /** How the data of the file ended; {@link #MORE} while excerpts may follow. */
    enum End {
        MORE,
        /** A zero header: nothing more written (a closed trace, a crash, or a writer still running). */
        END_OF_DATA,
        /** A document the writer never finished (it crashed in it, or is still writing it). */
        INCOMPLETE,
        /** The END_OF_DATA marker: the queue continues in the next cycle's file. */
        END_OF_CYCLE,
        /** The file ends inside a header or a document: it was cut short. */
        TRUNCATED
    }

    private static final int HEADER_LENGTH = Integer.BYTES;
    private static final int WINDOW = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
    private long windowStart;
    private long size;
    private long position;
    private End end = End.MORE;
    private byte[] body = new byte[RecordingOptions.DEFAULT_BATCH_BYTES];
    private int length;
    private long excerptPosition;

    /** @throws IOException if the file cannot be opened (missing, a directory, no permission) */
    QueueFileReader(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
        window.limit(0);
    }

    /**
     * Moves to the next data excerpt; false at the end of the file's data (see {@link #end()}).
     *
     * @throws IOException if the file cannot be read
     */
    boolean next() throws IOException {
        while (end == End.MORE) {
            position = align(position);
            if (position + HEADER_LENGTH > size && !grown(position + HEADER_LENGTH)) {
                end = End.TRUNCATED;
                return false;
            }
            int header = intAt(position);
            if (header == Wires.NOT_INITIALIZED) {
                end = End.END_OF_DATA;
            } else if (header == Wires.END_OF_DATA) {
                end = End.END_OF_CYCLE;
            } else if ((header & Wires.NOT_COMPLETE) != 0) {
                end = End.INCOMPLETE;
            } else {
                int bodyLength = Wires.lengthOf(header);
                long bodyStart = position + HEADER_LENGTH;
                if (bodyStart + bodyLength > size && !grown(bodyStart + bodyLength)) {
                    end = End.TRUNCATED;
                    return false;
                }
                position = bodyStart + bodyLength;
                if ((header & Wires.META_DATA) == 0) {
                    read(bodyStart, bodyLength);
                    excerptPosition = bodyStart - HEADER_LENGTH;
                    return true;
                }
            }
        }
        return false;
    }

    /** The current excerpt's bytes, valid until the next call of {@link #next()}. */
    byte[] body() {
        return body;
    }

    /** The current excerpt's length. */
    int length() {
        return length;
    }

    /** The file offset of the current excerpt's header. */
    long excerptPosition() {
        return excerptPosition;
    }

    /** How the data ended (MORE until {@link #next()} returned false). */
    End end() {
        return end;
    }

    /** Where reading stopped: the offset of the header that ended the data, or of the cut. */
    long position() {
        return position;
    }

    /** The file's length when it was last checked. */
    long size() {
        return size;
    }

    Path file() {
        return file;
    }

    /** Rechecks the length of a file that may still be growing; true if it now holds {@code needed} bytes. */
    private boolean grown(long needed) throws IOException {
        size = channel.size();
        return needed <= size;
    }

    private static long align(long position) {
        return (position + HEADER_LENGTH - 1) & -HEADER_LENGTH;
    }

    private int intAt(long at) throws IOException {
        fill(at, HEADER_LENGTH);
        return window.getInt((int) (at - windowStart));
    }

    private void read(long at, int count) throws IOException {
        if (count > body.length) {
            body = new byte[Math.max(count, body.length * 2)];
        }
        length = count;
        if (count > WINDOW) {
            ByteBuffer direct = ByteBuffer.wrap(body, 0, count);
            readFully(direct, at);
            return;
        }
        fill(at, count);
        window.get((int) (at - windowStart), body, 0, count);
    }

    /** Makes the window hold bytes [at, at + count). */
    private void fill(long at, int count) throws IOException {
        if (at >= windowStart && at + count <= windowStart + window.limit()) {
            return;
        }
        window.clear();
        windowStart = at;
        long available = Math.min(WINDOW, size - at);
        window.limit((int) available);
        readFully(window, at);
        window.flip();
        if (window.limit() < count) {
            throw new IOException("short read at offset " + at + " of " + file);
        }
    }

    private void readFully(ByteBuffer into, long at) throws IOException {
        long offset = at;
        while (into.hasRemaining()) {
            int n = channel.read(into, offset);
            if (n < 0) {
                break;
            }
            offset += n;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // read-only: nothing to lose
        }
    }
}
