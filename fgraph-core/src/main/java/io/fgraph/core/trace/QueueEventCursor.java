package io.fgraph.core.trace;

import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Events in file order, optionally only those of one task. Reads one excerpt at a time
 * ({@link QueueExcerpts}), checks the first one is the trace's identity, then checks each batch's
 * CRC and record framing and walks its records in place. At the end it hands what it read to the
 * reader's {@link TraceCheck}, which compares it with the summary.
 */
final class QueueEventCursor implements EventCursor {
    /** Pass as {@code task} to see every task. */
    static final long ALL_TASKS = Long.MIN_VALUE;

    private final QueueExcerpts excerpts;
    private final TraceCheck check;
    private final long task;
    private final TraceEvent event = new TraceEvent();
    private final CRC32C crc = new CRC32C();
    private byte[] batch;
    private int position;
    private int limit;
    private int recordsLeft;
    private long batchNumber = -1;
    private boolean identitySeen;
    private boolean ended;
    private long records;
    private long bytes;
    private String where;

    QueueEventCursor(List<Path> files, TraceCheck check, long task) {
        this.excerpts = new QueueExcerpts(files);
        this.check = check;
        this.task = task;
    }

    @Override
    public boolean next() {
        while (true) {
            while (recordsLeft > 0) {
                int length = EventLayout.recordLength(batch, position);
                if (length < 0 || position + length > limit) {
                    throw corrupted("record at batch offset " + position + " has kind="
                            + LittleEndian.u8(batch, position) + " and does not fit the batch (length=" + limit + ")");
                }
                event.wrap(batch, position, length);
                position += length;
                recordsLeft--;
                if (recordsLeft == 0 && position != limit) {
                    throw corrupted((limit - position) + " bytes after the last record");
                }
                if (task == ALL_TASKS || event.task() == task) {
                    return true;
                }
            }
            if (!readBatch()) {
                return false;
            }
        }
    }

    private boolean readBatch() {
        while (true) {
            if (ended || !excerpts.next()) {
                if (!ended) {
                    ended = true;
                    check.end(excerpts.truncation(), identitySeen, records, batchNumber + 1, bytes);
                }
                return false;
            }
            batch = excerpts.body();
            limit = excerpts.length();
            if (!identitySeen && check.expectsIdentity()) {
                check.identity(batch, limit, excerpts.where());
                identitySeen = true;
                continue;
            }
            break;
        }
        batchNumber++;
        where = excerpts.where();
        if (limit < EventLayout.BATCH_HEADER_LENGTH) {
            throw corrupted("length=" + limit);
        }
        int count = LittleEndian.i32(batch, EventLayout.BATCH_COUNT_OFFSET);
        int expected = LittleEndian.i32(batch, EventLayout.BATCH_CRC_OFFSET);
        crc.reset();
        crc.update(batch, EventLayout.BATCH_HEADER_LENGTH, limit - EventLayout.BATCH_HEADER_LENGTH);
        if ((int) crc.getValue() != expected) {
            throw corrupted(String.format("checksum 0x%08x, expected 0x%08x", (int) crc.getValue(), expected));
        }
        if (count < 1) {
            throw corrupted("record count=" + count);
        }
        records += count;
        bytes += limit;
        position = EventLayout.BATCH_HEADER_LENGTH;
        recordsLeft = count;
        return true;
    }

    private TraceFormatException corrupted(String what) {
        return new TraceFormatException("corrupted: batch " + batchNumber + " in " + where + ": " + what);
    }

    @Override
    public TraceEvent event() {
        return event;
    }

    @Override
    public void close() {
        excerpts.close();
    }
}
