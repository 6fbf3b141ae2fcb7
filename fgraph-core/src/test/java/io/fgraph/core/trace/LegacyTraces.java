package io.fgraph.core.trace;

import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

import static io.fgraph.core.trace.LegacyEventLayout.*;

/**
 * Writes traces of format versions 1 and 2 as fgraph wrote them before version 3 (batches of
 * fixed-length records, {@link LegacyEventLayout}), for the tests of reading them.
 */
final class LegacyTraces {
    private LegacyTraces() {
    }

    /**
     * Writes a trace directory: {@code header} (its version decides: an identity excerpt from
     * version 2 on), then one excerpt per batch.
     */
    static void write(Path dir, TraceHeader header, List<byte[]> batches) throws IOException {
        try (ChroniclePageWriter writer = ChroniclePageWriter.open(dir, 1 << 16, 256 << 10)) {
            if (header.formatVersion() >= TraceHeader.TRACE_ID_VERSION) {
                writer.appendIdentity(header.traceIdBytes());
            }
            for (byte[] batch : batches) {
                try (DocumentContext dc = writer.appender().writingDocument()) {
                    dc.wire().bytes().write(batch);
                }
            }
        }
        Files.write(dir.resolve(TraceFiles.HEADER_FILE), header.toBytes());
    }

    /** A batch of records: count, CRC-32C, the records. */
    static byte[] batch(byte[]... records) {
        int length = BATCH_HEADER_LENGTH;
        for (byte[] r : records) {
            length += r.length;
        }
        byte[] batch = new byte[length];
        int at = BATCH_HEADER_LENGTH;
        for (byte[] r : records) {
            System.arraycopy(r, 0, batch, at, r.length);
            at += r.length;
        }
        CRC32C crc = new CRC32C();
        crc.update(batch, BATCH_HEADER_LENGTH, length - BATCH_HEADER_LENGTH);
        LittleEndian.i32(batch, BATCH_COUNT_OFFSET, records.length);
        LittleEndian.i32(batch, BATCH_CRC_OFFSET, (int) crc.getValue());
        return batch;
    }

    private static byte[] record(int length, int kind, int cpu, int aux, int task, long time) {
        byte[] b = new byte[length];
        LittleEndian.u8(b, KIND_OFFSET, kind);
        LittleEndian.u8(b, CPU_OFFSET, cpu);
        LittleEndian.u16(b, AUX_OFFSET, aux);
        LittleEndian.i32(b, TASK_OFFSET, task);
        LittleEndian.i64(b, TIME_OFFSET, time);
        return b;
    }

    static byte[] entry(int task, int cpu, long time, long function, int depth, long... args) {
        byte[] b = record(ENTRY_LENGTH + args.length * ARG_LENGTH, KIND_ENTRY, cpu, args.length, task, time);
        LittleEndian.i64(b, ENTRY_FUNCTION_OFFSET, function);
        LittleEndian.i32(b, ENTRY_DEPTH_OFFSET, depth);
        for (int i = 0; i < args.length; i++) {
            LittleEndian.i64(b, ENTRY_ARGS_OFFSET + i * ARG_LENGTH, args[i]);
        }
        return b;
    }

    static byte[] ret(int task, int cpu, long entryTime, long time, long function, int depth, long retval,
                      long overrun, int flags) {
        byte[] b = record(RETURN_LENGTH, KIND_RETURN, cpu, flags, task, time);
        LittleEndian.i64(b, RETURN_FUNCTION_OFFSET, function);
        LittleEndian.i64(b, RETURN_ENTRY_TIME_OFFSET, entryTime);
        LittleEndian.i64(b, RETURN_RETVAL_OFFSET, retval);
        LittleEndian.i64(b, RETURN_OVERRUN_OFFSET, overrun);
        LittleEndian.i32(b, RETURN_DEPTH_OFFSET, depth);
        return b;
    }

    static byte[] lost(int task, int cpu, long time, long count) {
        byte[] b = record(LOST_LENGTH, KIND_LOST, cpu, 0, task, time);
        LittleEndian.i64(b, LOST_COUNT_OFFSET, count);
        return b;
    }

    static byte[] taskSwitch(int cpu, long time, int previous, int next) {
        byte[] b = record(SWITCH_LENGTH, KIND_TASK_SWITCH, cpu, 0, previous, time);
        LittleEndian.i32(b, SWITCH_NEXT_TASK_OFFSET, next);
        return b;
    }

    /** A version 2 probe hit with one number field (tag 1, i64), encoded by hand. */
    static byte[] probe(int task, int cpu, long time, int probeId, long address, long value) {
        int fields = 1 + Long.BYTES;
        byte[] b = record(PROBE_LENGTH + fields, KIND_PROBE, cpu, fields, task, time);
        LittleEndian.i32(b, PROBE_ID_OFFSET, probeId);
        LittleEndian.i64(b, PROBE_ADDRESS_OFFSET, address);
        LittleEndian.u8(b, PROBE_FIELDS_OFFSET, EventLayout.FIELD_NUMBER);
        LittleEndian.i64(b, PROBE_FIELDS_OFFSET + 1, value);
        return b;
    }

    static byte[] payload(int task, int cpu, long time, int plugin, byte... bytes) {
        byte[] b = record(PAYLOAD_LENGTH + bytes.length, KIND_PAYLOAD, cpu, bytes.length, task, time);
        LittleEndian.i32(b, PAYLOAD_PLUGIN_OFFSET, plugin);
        System.arraycopy(bytes, 0, b, PAYLOAD_BYTES_OFFSET, bytes.length);
        return b;
    }
}
