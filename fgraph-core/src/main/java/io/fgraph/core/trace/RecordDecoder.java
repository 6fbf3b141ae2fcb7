package io.fgraph.core.trace;

import java.util.zip.CRC32C;

import static io.fgraph.core.trace.EventLayout.*;

/**
 * Reads the records of one page ({@link EventLayout}, format version 3) into a {@link TraceEvent}:
 * the inverse of {@link RecordEncoder}. Records are read in order, because each one's time is a
 * delta from the one before and its task is the page's current task unless it says otherwise.
 */
final class RecordDecoder {
    private byte[] page;
    private int position;
    private int limit;
    private int cpu;
    private int task;
    private long time;
    private long functionBase;

    /** Points at a page whose records end at {@code limit}; reads the page header's context. */
    RecordDecoder wrap(byte[] page, int limit) {
        this.page = page;
        this.limit = limit;
        this.position = PAGE_HEADER_LENGTH;
        this.cpu = LittleEndian.u16(page, PAGE_CPU_OFFSET);
        this.task = LittleEndian.i32(page, PAGE_TASK_OFFSET);
        this.time = LittleEndian.i64(page, PAGE_BASE_TIME_OFFSET);
        this.functionBase = LittleEndian.i64(page, PAGE_FUNCTION_BASE_OFFSET);
        return this;
    }

    /** Moves the end of the records (a page still being written). */
    void limit(int limit) {
        this.limit = limit;
    }

    /** Where the next record starts. */
    int position() {
        return position;
    }

    /**
     * Decodes the next record into {@code e}.
     *
     * @return the record's length; 0 at the end of the records; -1 if the record at
     *         {@link #position()} is corrupted (an unknown kind, a bad field, longer than the page)
     */
    int next(TraceEvent e) {
        int at = position;
        if (at >= limit) {
            return 0;
        }
        if (limit - at < RECORD_HEADER_LENGTH) {
            return -1;
        }
        byte[] b = page;
        int length = recordLength(b, at);
        if (length < 0 || length > limit - at) {
            return -1;
        }
        int kind = LittleEndian.u8(b, at + KIND_OFFSET);
        int flags = LittleEndian.u8(b, at + FLAGS_OFFSET);
        int aux = LittleEndian.u16(b, at + AUX_OFFSET);
        int own = flags & KIND_FLAGS_MASK;
        int end;
        long duration = 0;
        e.kind = kind;
        e.cpu = cpu;
        e.length = length;
        switch (kind) {
            case KIND_ENTRY -> {
                e.function = functionBase + (LittleEndian.i32(b, at + ENTRY_FUNCTION_OFFSET) & 0xffff_ffffL);
                e.depth = aux;
                e.argCount = own;
                e.argBytes = b;
                e.argOffset = at + ENTRY_LENGTH;
                end = at + ENTRY_LENGTH + own * ARG_LENGTH;
            }
            case KIND_RETURN -> {
                e.function = functionBase + (LittleEndian.i32(b, at + RETURN_FUNCTION_OFFSET) & 0xffff_ffffL);
                e.depth = aux;
                e.flags = own & RETURN_SINK_FLAGS;
                duration = LittleEndian.i32(b, at + RETURN_DURATION_OFFSET) & 0xffff_ffffL;
                end = at + RETURN_LENGTH;
                e.retval = 0;
                if ((own & RETURN_RETVAL) != 0) {
                    if ((own & RETURN_RETVAL64) != 0) {
                        e.retval = LittleEndian.i64(b, end);
                        end += Long.BYTES;
                    } else {
                        e.retval = LittleEndian.i32(b, end);
                        end += Integer.BYTES;
                    }
                }
                e.overrun = 0;
                if ((own & RETURN_OVERRUN) != 0) {
                    e.overrun = LittleEndian.i64(b, end);
                    end += Long.BYTES;
                }
                if ((own & RETURN_DURATION64) != 0) {
                    duration = LittleEndian.i64(b, end);
                    end += Long.BYTES;
                }
            }
            case KIND_LOST -> {
                e.lostCount = LittleEndian.i64(b, at + LOST_COUNT_OFFSET);
                end = at + LOST_LENGTH;
            }
            case KIND_TASK_SWITCH -> {
                e.nextTask = LittleEndian.i32(b, at + SWITCH_NEXT_TASK_OFFSET);
                end = at + SWITCH_LENGTH;
            }
            case KIND_PROBE -> {
                e.probeId = LittleEndian.i32(b, at + PROBE_ID_OFFSET);
                e.address = LittleEndian.i64(b, at + PROBE_ADDRESS_OFFSET);
                e.fieldBytes = b;
                e.fieldOffset = at + PROBE_FIELDS_OFFSET;
                e.fieldLength = aux;
                end = at + PROBE_LENGTH + aux;
            }
            case KIND_VALUES -> {
                e.valuesEntryTime = LittleEndian.i64(b, at + VALUES_ENTRY_TIME_OFFSET);
                e.valueBytes = b;
                e.valueOffset = at + VALUES_BYTES_OFFSET;
                e.valueLength = aux;
                end = at + VALUES_LENGTH + aux;
            }
            default -> { // KIND_PAYLOAD: recordLength knows no other kind
                e.plugin = LittleEndian.i32(b, at + PAYLOAD_PLUGIN_OFFSET);
                e.payloadLength = aux;
                e.payloadBytes = b;
                e.payloadOffset = at + PAYLOAD_BYTES_OFFSET;
                end = at + PAYLOAD_LENGTH + aux;
            }
        }
        if ((flags & FLAG_WIDE) != 0) {
            e.function = LittleEndian.i64(b, end);
            e.depth = LittleEndian.i32(b, end + Long.BYTES);
            end += WIDE_LENGTH;
        }
        if ((flags & FLAG_TASK) != 0) {
            e.task = LittleEndian.i32(b, end);
            end += TASK_EXTRA_LENGTH;
        } else {
            e.task = task;
        }
        if ((flags & FLAG_TIME) != 0) {
            time = LittleEndian.i64(b, end);
        } else {
            time += LittleEndian.i32(b, at + DELTA_OFFSET);
        }
        e.time = time;
        if (kind == KIND_RETURN) {
            e.entryTime = time - duration;
        } else if (kind == KIND_TASK_SWITCH) {
            task = e.nextTask;
        }
        position = at + length;
        return length;
    }

    // ---- whole pages ----------------------------------------------------------------------------

    /** The CRC-32C a page's header must carry: of its bytes [PAGE_CRC_FROM, length). */
    static int crc(CRC32C crc, byte[] page, int length) {
        crc.reset();
        crc.update(page, PAGE_CRC_FROM, length - PAGE_CRC_FROM);
        return (int) crc.getValue();
    }

    static int count(byte[] page) {
        return LittleEndian.i32(page, PAGE_COUNT_OFFSET);
    }

    static int task(byte[] page) {
        return LittleEndian.i32(page, PAGE_TASK_OFFSET);
    }

    /** Whether every record of the page is of the page's own task. */
    static boolean singleTask(byte[] page) {
        return (LittleEndian.u16(page, PAGE_FLAGS_OFFSET) & PAGE_MIXED) == 0;
    }

    /**
     * Rewrites the header's count, flags and time range of a page whose complete records end at
     * {@code end}, by reading them; returns the count. For pages taken from a hart that may still be
     * running, whose own counters cannot be trusted to match the records.
     */
    static int reseal(byte[] page, int end) {
        RecordDecoder d = new RecordDecoder().wrap(page, end);
        TraceEvent e = new TraceEvent();
        int current = task(page);
        int count = 0;
        boolean mixed = false;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        while (d.next(e) > 0) {
            count++;
            // as PageWriter decides it: a TASK extra, or a switch to another task
            mixed |= e.task != current;
            if (e.kind == KIND_TASK_SWITCH) {
                mixed |= e.nextTask != current;
                current = e.nextTask;
            }
            min = Math.min(min, e.time);
            max = Math.max(max, e.time);
        }
        LittleEndian.i32(page, PAGE_COUNT_OFFSET, count);
        LittleEndian.u16(page, PAGE_FLAGS_OFFSET, mixed ? PAGE_MIXED : 0);
        LittleEndian.i64(page, PAGE_MIN_TIME_OFFSET, count == 0 ? 0 : min);
        LittleEndian.i64(page, PAGE_MAX_TIME_OFFSET, count == 0 ? 0 : max);
        return count;
    }
}
