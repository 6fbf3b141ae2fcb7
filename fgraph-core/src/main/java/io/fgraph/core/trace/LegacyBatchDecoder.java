package io.fgraph.core.trace;

import java.util.zip.CRC32C;

import static io.fgraph.core.trace.LegacyEventLayout.*;

/** The excerpts of a format version 1 or 2 trace: batches of fixed-length records ({@link LegacyEventLayout}). */
final class LegacyBatchDecoder implements ExcerptDecoder {
    private final CRC32C crc = new CRC32C();
    private byte[] batch;
    private int position;
    private int limit;
    private int left;

    @Override
    public int open(byte[] body, int length) {
        if (length < BATCH_HEADER_LENGTH) {
            throw new Corrupted("length=" + length);
        }
        int count = LittleEndian.i32(body, BATCH_COUNT_OFFSET);
        int expected = LittleEndian.i32(body, BATCH_CRC_OFFSET);
        crc.reset();
        crc.update(body, BATCH_HEADER_LENGTH, length - BATCH_HEADER_LENGTH);
        if ((int) crc.getValue() != expected) {
            throw new Corrupted(String.format("checksum 0x%08x, expected 0x%08x", (int) crc.getValue(), expected));
        }
        if (count < 1) {
            throw new Corrupted("record count=" + count);
        }
        batch = body;
        limit = length;
        position = BATCH_HEADER_LENGTH;
        left = count;
        return count;
    }

    @Override
    public boolean singleTask() {
        return false;
    }

    @Override
    public int task() {
        return 0;
    }

    @Override
    public boolean next(TraceEvent e) {
        if (left == 0) {
            return false;
        }
        byte[] b = batch;
        int at = position;
        int length = at + HEADER_LENGTH <= limit ? recordLength(b, at) : -1;
        if (length < 0 || at + length > limit) {
            throw new Corrupted("record at batch offset " + at + " has kind=" + LittleEndian.u8(b, at)
                    + " and does not fit the batch (length=" + limit + ")");
        }
        int kind = LittleEndian.u8(b, at + KIND_OFFSET);
        int aux = LittleEndian.u16(b, at + AUX_OFFSET);
        e.kind = kind;
        e.cpu = LittleEndian.u8(b, at + CPU_OFFSET);
        e.task = LittleEndian.i32(b, at + TASK_OFFSET);
        e.time = LittleEndian.i64(b, at + TIME_OFFSET);
        e.length = length;
        switch (kind) {
            case KIND_ENTRY -> {
                e.function = LittleEndian.i64(b, at + ENTRY_FUNCTION_OFFSET);
                e.depth = LittleEndian.i32(b, at + ENTRY_DEPTH_OFFSET);
                e.argCount = aux;
                e.argBytes = b;
                e.argOffset = at + ENTRY_ARGS_OFFSET;
            }
            case KIND_RETURN -> {
                e.function = LittleEndian.i64(b, at + RETURN_FUNCTION_OFFSET);
                e.depth = LittleEndian.i32(b, at + RETURN_DEPTH_OFFSET);
                e.entryTime = LittleEndian.i64(b, at + RETURN_ENTRY_TIME_OFFSET);
                e.retval = LittleEndian.i64(b, at + RETURN_RETVAL_OFFSET);
                e.overrun = LittleEndian.i64(b, at + RETURN_OVERRUN_OFFSET);
                e.flags = aux;
            }
            case KIND_LOST -> e.lostCount = LittleEndian.i64(b, at + LOST_COUNT_OFFSET);
            case KIND_TASK_SWITCH -> e.nextTask = LittleEndian.i32(b, at + SWITCH_NEXT_TASK_OFFSET);
            case KIND_PROBE -> {
                e.probeId = LittleEndian.i32(b, at + PROBE_ID_OFFSET);
                e.address = LittleEndian.i64(b, at + PROBE_ADDRESS_OFFSET);
                e.fieldBytes = b;
                e.fieldOffset = at + PROBE_FIELDS_OFFSET;
                e.fieldLength = aux;
            }
            case KIND_VALUES -> {
                e.valuesEntryTime = LittleEndian.i64(b, at + VALUES_ENTRY_TIME_OFFSET);
                e.valueBytes = b;
                e.valueOffset = at + VALUES_BYTES_OFFSET;
                e.valueLength = aux;
            }
            default -> { // KIND_PAYLOAD: recordLength knows no other kind
                e.plugin = LittleEndian.i32(b, at + PAYLOAD_PLUGIN_OFFSET);
                e.payloadLength = aux;
                e.payloadBytes = b;
                e.payloadOffset = at + PAYLOAD_BYTES_OFFSET;
            }
        }
        position = at + length;
        if (--left == 0 && position != limit) {
            throw new Corrupted((limit - position) + " bytes after the last record");
        }
        return true;
    }
}
