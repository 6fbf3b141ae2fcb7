package io.fgraph.core.trace;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.util.zip.CRC32C;

/**
 * Events in file order, optionally only those of one task. Reads one batch (excerpt) at a time
 * into a reused array, checks its CRC and record framing, and walks the records in place.
 */
final class QueueEventCursor implements EventCursor {
    /** Pass as {@code task} to see every task. */
    static final long ALL_TASKS = Long.MIN_VALUE;

    private final ExcerptTailer tailer;
    private final String source;
    private final long task;
    private final TraceEvent event = new TraceEvent();
    private final CRC32C crc = new CRC32C();
    private byte[] batch = new byte[RecordingOptions.DEFAULT_BATCH_BYTES];
    private int position;
    private int limit;
    private int recordsLeft;
    private long batchNumber = -1;

    QueueEventCursor(SingleChronicleQueue queue, String source, long task) {
        this.tailer = queue.createTailer().toStart();
        this.source = source;
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
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return false;
            }
            Bytes<?> bytes = dc.wire().bytes();
            long length = bytes.readRemaining();
            batchNumber++;
            if (length < EventLayout.BATCH_HEADER_LENGTH || length > Integer.MAX_VALUE - 8) {
                throw corrupted("length=" + length);
            }
            if (length > batch.length) {
                batch = new byte[(int) length];
            }
            bytes.read(batch, 0, (int) length);
            limit = (int) length;
        } catch (TraceFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TraceFormatException("corrupted: cannot read batch " + (batchNumber + 1) + " in " + source + " ("
                    + TraceRecorder.oneLine(e) + ")", e);
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
        position = EventLayout.BATCH_HEADER_LENGTH;
        recordsLeft = count;
        return true;
    }

    private TraceFormatException corrupted(String what) {
        return new TraceFormatException("corrupted: batch " + batchNumber + " in " + source + ": " + what);
    }

    @Override
    public TraceEvent event() {
        return event;
    }

    @Override
    public void close() {
        tailer.close();
    }
}
