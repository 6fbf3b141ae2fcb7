package io.fgraph.core.trace;

import io.fgraph.core.event.EventSink;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The binary encoding of trace events, format version 3: the one owner of every offset, length
 * and flag. {@link RecordEncoder} writes records with these constants into a hart's page,
 * {@link RecordDecoder} reads them back. Versions 1 and 2 (read only) are {@link LegacyEventLayout}.
 *
 * <p>A <em>page</em> is one hart's run of records, and the body of one Chronicle excerpt. Its
 * header says whose records they are and where their times and addresses count from:
 * <pre>
 *   0               4               8               12      14      16
 *  +---------------+---------------+---------------+-------+-------+
 *  |  CRC-32C      | record count  |  task         |  cpu  | flags |  0
 *  +---------------+---------------+---------------+-------+-------+
 *  |  base time                    |  function base                |  16
 *  +-------------------------------+-------------------------------+
 *  |  min time                     |  max time                     |  32
 *  +-------------------------------+-------------------------------+
 *  |  records ...                                                     48
 *   crc       u32  CRC-32C of the page bytes [4, page length)
 *   count     u32  records in the page (at least 1)
 *   task      i32  the task of the first record: a record belongs to the page's current task,
 *                  which only a task switch changes (to its next task), unless it says otherwise
 *   cpu       u16  the hart that wrote the page (MachineConfig.MAX_HARTS = 64 fits)
 *   flags     u16  PAGE_MIXED: some record is of another task than the page's (a switch, a TASK record)
 *   base      i64  the first record's time delta counts from here
 *   function  i64  function offsets count from here
 *   min, max  i64  the smallest and largest record time in the page
 * </pre>
 *
 * <p>Every record is little-endian, starts with an 8-byte header and has a fixed part per kind
 * followed by optional trailing fields, each present when a flag says so, in this order: the
 * kind's own extras, then WIDE, TASK, TIME.
 * <pre>
 *   0       1       2               4                               8
 *  +-------+-------+---------------+-------------------------------+
 *  | kind  | flags |      aux      |          time delta           |  0
 *  +-------+-------+---------------+-------------------------------+
 *   kind   u8   KIND_ENTRY .. KIND_VALUES
 *   flags  u8   bits 0-4: the kind's own; bit 5 WIDE, bit 6 TASK, bit 7 TIME (below)
 *   aux    u16  entry, return: the depth (0 with WIDE); probe, payload, values: the length of
 *               its fields, bytes or values; else 0
 *   delta  i32  this record's time minus the previous record's (the page's base time for the
 *               first); 0 with TIME
 *  common extras, after the kind's own:
 *   WIDE   entry, return: function i64, depth i32 (the function offset is then 0): the function
 *          is not within 4 GiB above the page's function base, or the depth not 0..65535
 *   TASK   task i32: the record is of this task, not of the page's current task
 *   TIME   time i64: the time itself, when the delta does not fit 32 bits
 *
 *  ENTRY        12 bytes + extras (12..100)
 *  | header (8), flags bits 0-3 = argument count (0..8) |
 *  | function u32 (offset from function base)     @8   |
 *  extras: args i64 x argCount
 *
 *  RETURN       16 bytes + extras (16..64)
 *  | header (8), flags: 1 UNWOUND, 2 RETVAL, 4 RETVAL64, 8 OVERRUN, 16 DURATION64 |
 *  | function u32 (offset from function base)     @8   |
 *  | duration u32 (return time - entry time)      @12  |
 *  extras: retval i32 (RETVAL; i64 with RETVAL64), overrun i64 (OVERRUN),
 *          duration i64 (DURATION64: the duration does not fit u32; the field above is then 0)
 *
 *  LOST         16 bytes + extras (16..28)        TASK_SWITCH  12 bytes + extras (12..24)
 *  | header (8)                      |            | header (8), task = previous task |
 *  | count    i64              @8    |            | nextTask i32               @8    |
 *
 *  PROBE        20 + length bytes + extras (20..288)
 *  | header (8), aux = length (0..256) |
 *  | probeId  i32               @8    |
 *  | address  i64               @12   |
 *  | fields   u8 x length       @20   |
 *
 *  PAYLOAD      12 + length bytes + extras (12..280)
 *  | header (8), aux = length (0..256) |
 *  | plugin   i32               @8    |
 *  | bytes    u8 x length       @12   |
 *
 *  VALUES       16 + length bytes + extras (16..284): the typed values of one call (uftrace's
 *  | header (8), aux = length (0..256) |   -A, -R), right after its entry (arguments) or right
 *  | entryTime i64              @8    |   before its return (the return value)
 *  | values   u8 x length       @16   |
 * </pre>
 *
 * <p>A probe's fields are the values its definition fetched ({@link ProbeSchema}, in the trace
 * header), one after another in definition order, each a tag then its value ({@link ProbeFields}
 * writes and reads them; version 2 stores them the same way):
 * <pre>
 *  tag u8  1 NUMBER   i64
 *          2 TEXT     u8 length, UTF-8 bytes (a string cut at 255 bytes)
 *          3 FAULT    nothing: the memory could not be read
 *          4 NUMBERS  u8 count, i64 x count (an array)
 *          5 TEXTS    u8 count, then per text u8 length (255: fault) and UTF-8 bytes
 * </pre>
 * At most {@link #MAX_PROBE_FIELDS} bytes: texts are cut to fit, and fields that still do not fit
 * are left out (the reader gets fewer values than the definition has).
 *
 * <p>A VALUES record's values, one after another: {@code u8} the format letter ({@code d i u x s c f
 * p}), {@code u8} the size read in bytes, {@code u8} the slot (bit 7: a floating-point argument;
 * bits 0-6: the argument's number from 1, 0 for the return value), then a number ({@code i64}, the
 * bytes read, zero-extended) or, for {@code s}, a string: {@code u8} length ({@link #VALUE_NULL}: a
 * null pointer, {@link #VALUE_FAULT}: unreadable memory) and the bytes, cut at
 * {@link #MAX_VALUE_TEXT} ({@link #putNumberValue}, {@link #putTextValue}, {@link #values}; version
 * 2 stores them alike). Worked example: {@code text("hello", 2)} is {@code 's' 8 1 5 "hello"} then
 * {@code 'd' 8 2} and the number 2: 3 + 1 + 5 + 3 + 8 = 20 bytes, a 36-byte record.
 *
 * <p>Worked example: a call of {@code fib} at depth 3 entered at time 1000 and returning 5 at 1040,
 * its entry 2 ns after the page's previous record: the entry is 12 bytes (kind 1, flags 0, aux 3,
 * delta 2, function offset), the return 16 + 4 = 20 bytes (kind 2, flags 2 = RETVAL, aux 3, delta
 * 40, function offset, duration 40, retval i32 5): 32 bytes for the call, 16 per event.
 *
 * <p>The first excerpt of a trace (format version 2 on) is not a page but the recording's
 * identity, which binds the events to their header and summary ({@link TraceHeader#traceId()}):
 * <pre>
 *   0                               8                                                      24
 *  +-------------------------------+-------------------------------------------------------+
 *  |  magic "FGEVENTS"             |  trace id (16 bytes)                                  |
 *  +-------------------------------+-------------------------------------------------------+
 * </pre>
 */
public final class EventLayout {
    private EventLayout() {
    }

    /** Byte order of every multi-byte field. */
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    public static final int KIND_ENTRY = 1;
    public static final int KIND_RETURN = 2;
    public static final int KIND_LOST = 3;
    public static final int KIND_TASK_SWITCH = 4;
    public static final int KIND_PROBE = 5;
    public static final int KIND_PAYLOAD = 6;
    public static final int KIND_VALUES = 7;
    /** One more than the largest kind code. */
    public static final int KIND_LIMIT = KIND_VALUES + 1;

    // ---- record header ----
    public static final int KIND_OFFSET = 0;
    public static final int KIND_LENGTH = 1;
    public static final int FLAGS_OFFSET = KIND_OFFSET + KIND_LENGTH;
    public static final int FLAGS_LENGTH = 1;
    public static final int AUX_OFFSET = FLAGS_OFFSET + FLAGS_LENGTH;
    public static final int AUX_LENGTH = 2;
    public static final int DELTA_OFFSET = AUX_OFFSET + AUX_LENGTH;
    public static final int DELTA_LENGTH = 4;
    public static final int RECORD_HEADER_LENGTH = DELTA_OFFSET + DELTA_LENGTH;

    /** The largest value of the aux field (depths 0..65535 fit; deeper ones are WIDE). */
    public static final int MAX_AUX = (1 << (AUX_LENGTH * Byte.SIZE)) - 1;

    // ---- common flags and extras ----
    /** Flag bits of a record's own kind. */
    public static final int KIND_FLAGS_MASK = 0x1f;
    /** Entry, return: the function and depth are in trailing fields (function i64, depth i32). */
    public static final int FLAG_WIDE = 1 << 5;
    /** The record's task is in a trailing i32: not the page's current task. */
    public static final int FLAG_TASK = 1 << 6;
    /** The record's time is in a trailing i64: the delta did not fit. */
    public static final int FLAG_TIME = 1 << 7;
    public static final int WIDE_LENGTH = Long.BYTES + Integer.BYTES;
    public static final int TASK_EXTRA_LENGTH = Integer.BYTES;
    public static final int TIME_EXTRA_LENGTH = Long.BYTES;
    /** The most the common extras add to a record without WIDE. */
    public static final int COMMON_EXTRAS_LENGTH = TASK_EXTRA_LENGTH + TIME_EXTRA_LENGTH;

    // ---- ENTRY ----
    public static final int ENTRY_FUNCTION_OFFSET = RECORD_HEADER_LENGTH;
    public static final int ENTRY_LENGTH = ENTRY_FUNCTION_OFFSET + Integer.BYTES;
    /** Entry flags bits 0-3: the argument count. */
    public static final int ENTRY_ARG_COUNT_MASK = 0x0f;
    public static final int ARG_LENGTH = Long.BYTES;
    /** Argument registers a0..a7. */
    public static final int MAX_ARGS = 8;
    public static final int MAX_ENTRY_LENGTH = ENTRY_LENGTH + MAX_ARGS * ARG_LENGTH + WIDE_LENGTH + COMMON_EXTRAS_LENGTH;

    // ---- RETURN ----
    public static final int RETURN_FUNCTION_OFFSET = RECORD_HEADER_LENGTH;
    public static final int RETURN_DURATION_OFFSET = RETURN_FUNCTION_OFFSET + Integer.BYTES;
    public static final int RETURN_LENGTH = RETURN_DURATION_OFFSET + Integer.BYTES;
    /** The frame was closed by a non-local exit (= {@link EventSink#FLAG_UNWOUND}). */
    public static final int RETURN_UNWOUND = EventSink.FLAG_UNWOUND;
    /** A return value follows (= {@link EventSink#FLAG_RETVAL}): i32, sign-extended, unless RETVAL64. */
    public static final int RETURN_RETVAL = EventSink.FLAG_RETVAL;
    public static final int RETURN_RETVAL64 = 1 << 2;
    /** The task's shadow-stack overrun count so far follows, i64 (absent: 0). */
    public static final int RETURN_OVERRUN = 1 << 3;
    /** The duration follows as i64: it does not fit the u32 field. */
    public static final int RETURN_DURATION64 = 1 << 4;
    /** The flags a reader sees ({@link TraceEvent#flags()}): the sink's own. */
    public static final int RETURN_SINK_FLAGS = RETURN_UNWOUND | RETURN_RETVAL;
    public static final int MAX_RETURN_LENGTH = RETURN_LENGTH + 3 * Long.BYTES + WIDE_LENGTH + COMMON_EXTRAS_LENGTH;

    // ---- LOST ----
    public static final int LOST_COUNT_OFFSET = RECORD_HEADER_LENGTH;
    public static final int LOST_LENGTH = LOST_COUNT_OFFSET + Long.BYTES;
    public static final int MAX_LOST_LENGTH = LOST_LENGTH + COMMON_EXTRAS_LENGTH;

    // ---- TASK_SWITCH ----
    public static final int SWITCH_NEXT_TASK_OFFSET = RECORD_HEADER_LENGTH;
    public static final int SWITCH_LENGTH = SWITCH_NEXT_TASK_OFFSET + Integer.BYTES;
    public static final int MAX_SWITCH_LENGTH = SWITCH_LENGTH + COMMON_EXTRAS_LENGTH;

    // ---- PROBE ----
    public static final int PROBE_ID_OFFSET = RECORD_HEADER_LENGTH;
    public static final int PROBE_ADDRESS_OFFSET = PROBE_ID_OFFSET + Integer.BYTES;
    public static final int PROBE_FIELDS_OFFSET = PROBE_ADDRESS_OFFSET + Long.BYTES;
    /** A probe record with no fields. */
    public static final int PROBE_LENGTH = PROBE_FIELDS_OFFSET;
    /** Bytes of fields a probe record holds at most. */
    public static final int MAX_PROBE_FIELDS = EventSink.MAX_PAYLOAD;
    public static final int MAX_PROBE_LENGTH = PROBE_LENGTH + MAX_PROBE_FIELDS + COMMON_EXTRAS_LENGTH;
    /** Field tags. */
    public static final int FIELD_NUMBER = 1;
    public static final int FIELD_TEXT = 2;
    public static final int FIELD_FAULT = 3;
    public static final int FIELD_NUMBERS = 4;
    public static final int FIELD_TEXTS = 5;
    /** A text's length byte: texts are cut at 255 bytes; in a TEXTS field, 255 marks a fault. */
    public static final int MAX_TEXT = 255;

    // ---- PAYLOAD ----
    public static final int PAYLOAD_PLUGIN_OFFSET = RECORD_HEADER_LENGTH;
    public static final int PAYLOAD_BYTES_OFFSET = PAYLOAD_PLUGIN_OFFSET + Integer.BYTES;
    /** A payload record with no bytes. */
    public static final int PAYLOAD_LENGTH = PAYLOAD_BYTES_OFFSET;
    public static final int MAX_PAYLOAD = EventSink.MAX_PAYLOAD;
    public static final int MAX_PAYLOAD_LENGTH = PAYLOAD_LENGTH + MAX_PAYLOAD + COMMON_EXTRAS_LENGTH;

    // ---- VALUES ----
    public static final int VALUES_ENTRY_TIME_OFFSET = RECORD_HEADER_LENGTH;
    public static final int VALUES_BYTES_OFFSET = VALUES_ENTRY_TIME_OFFSET + Long.BYTES;
    /** A values record with no values. */
    public static final int VALUES_LENGTH = VALUES_BYTES_OFFSET;
    public static final int MAX_VALUES = 256;
    public static final int MAX_VALUES_LENGTH = VALUES_LENGTH + MAX_VALUES + COMMON_EXTRAS_LENGTH;
    /** A value's head: format letter, size, slot. */
    public static final int VALUE_HEAD_LENGTH = 3;
    /** A slot's bit for a floating-point argument. */
    public static final int VALUE_SLOT_FLOAT = 0x80;
    /** The string length that means a null pointer. */
    public static final int VALUE_NULL = 255;
    /** The string length that means unreadable memory. */
    public static final int VALUE_FAULT = 254;
    /** Bytes of a string kept at most. */
    public static final int MAX_VALUE_TEXT = 100;

    /** The longest record of any kind: a probe with full fields and every common extra. */
    public static final int MAX_RECORD_LENGTH = Math.max(Math.max(Math.max(MAX_PAYLOAD_LENGTH, MAX_PROBE_LENGTH),
            MAX_VALUES_LENGTH), Math.max(MAX_ENTRY_LENGTH, MAX_RETURN_LENGTH));

    // ---- page header ----
    public static final int PAGE_CRC_OFFSET = 0;
    public static final int PAGE_COUNT_OFFSET = PAGE_CRC_OFFSET + Integer.BYTES;
    public static final int PAGE_TASK_OFFSET = PAGE_COUNT_OFFSET + Integer.BYTES;
    public static final int PAGE_CPU_OFFSET = PAGE_TASK_OFFSET + Integer.BYTES;
    public static final int PAGE_CPU_LENGTH = 2;
    public static final int PAGE_FLAGS_OFFSET = PAGE_CPU_OFFSET + PAGE_CPU_LENGTH;
    public static final int PAGE_BASE_TIME_OFFSET = PAGE_FLAGS_OFFSET + Short.BYTES;
    public static final int PAGE_FUNCTION_BASE_OFFSET = PAGE_BASE_TIME_OFFSET + Long.BYTES;
    public static final int PAGE_MIN_TIME_OFFSET = PAGE_FUNCTION_BASE_OFFSET + Long.BYTES;
    public static final int PAGE_MAX_TIME_OFFSET = PAGE_MIN_TIME_OFFSET + Long.BYTES;
    public static final int PAGE_HEADER_LENGTH = PAGE_MAX_TIME_OFFSET + Long.BYTES;
    /** The CRC covers the page from here to its end. */
    public static final int PAGE_CRC_FROM = PAGE_COUNT_OFFSET;
    /** Page flag: some record is of another task than the page's own (a task switch, a TASK extra). */
    public static final int PAGE_MIXED = 1;

    /** The cpu field is 16 bits: harts 0..65535. */
    public static final int MAX_CPUS = 1 << (PAGE_CPU_LENGTH * Byte.SIZE);

    // ---- identity excerpt ----
    static final byte[] IDENTITY_MAGIC = "FGEVENTS".getBytes(StandardCharsets.US_ASCII);
    public static final int IDENTITY_MAGIC_OFFSET = 0;
    public static final int IDENTITY_TRACE_ID_OFFSET = IDENTITY_MAGIC_OFFSET + IDENTITY_MAGIC.length;
    public static final int IDENTITY_LENGTH = IDENTITY_TRACE_ID_OFFSET + TraceHeader.TRACE_ID_LENGTH;

    /** A short lower-case name of a kind code, or {@code "kind-N"} for an unknown code. */
    public static String kindName(int kind) {
        return switch (kind) {
            case KIND_ENTRY -> "entry";
            case KIND_RETURN -> "return";
            case KIND_LOST -> "lost";
            case KIND_TASK_SWITCH -> "task-switch";
            case KIND_PROBE -> "probe";
            case KIND_PAYLOAD -> "payload";
            case KIND_VALUES -> "values";
            default -> "kind-" + kind;
        };
    }

    /**
     * The length of the record at {@code offset}, read from its kind, flags and aux fields; -1 if
     * the kind is unknown or a field is out of range (a corrupted record).
     */
    public static int recordLength(byte[] buffer, int offset) {
        int kind = LittleEndian.u8(buffer, offset + KIND_OFFSET);
        int flags = LittleEndian.u8(buffer, offset + FLAGS_OFFSET);
        int aux = LittleEndian.u16(buffer, offset + AUX_OFFSET);
        int own = flags & KIND_FLAGS_MASK;
        int length = switch (kind) {
            case KIND_ENTRY -> own <= MAX_ARGS ? ENTRY_LENGTH + own * ARG_LENGTH : -1;
            case KIND_RETURN -> RETURN_LENGTH + returnExtrasLength(own);
            case KIND_LOST -> own == 0 ? LOST_LENGTH : -1;
            case KIND_TASK_SWITCH -> own == 0 ? SWITCH_LENGTH : -1;
            case KIND_PROBE -> own == 0 && aux <= MAX_PROBE_FIELDS ? PROBE_LENGTH + aux : -1;
            case KIND_PAYLOAD -> own == 0 && aux <= MAX_PAYLOAD ? PAYLOAD_LENGTH + aux : -1;
            case KIND_VALUES -> own == 0 && aux <= MAX_VALUES ? VALUES_LENGTH + aux : -1;
            default -> -1;
        };
        if (length < 0) {
            return -1;
        }
        if ((flags & FLAG_WIDE) != 0) {
            if (kind != KIND_ENTRY && kind != KIND_RETURN) {
                return -1;
            }
            length += WIDE_LENGTH;
        }
        return length + commonExtrasLength(flags);
    }

    /** The bytes a return's own extras take, from its kind flags. */
    static int returnExtrasLength(int own) {
        int length = 0;
        if ((own & RETURN_RETVAL) != 0) {
            length += (own & RETURN_RETVAL64) != 0 ? Long.BYTES : Integer.BYTES;
        }
        if ((own & RETURN_OVERRUN) != 0) {
            length += Long.BYTES;
        }
        if ((own & RETURN_DURATION64) != 0) {
            length += Long.BYTES;
        }
        return length;
    }

    /** The bytes TASK and TIME take, from a record's flags. */
    static int commonExtrasLength(int flags) {
        return ((flags & FLAG_TASK) != 0 ? TASK_EXTRA_LENGTH : 0) + ((flags & FLAG_TIME) != 0 ? TIME_EXTRA_LENGTH : 0);
    }

    /** Writes a number value at {@code at}; returns where the next goes, or -1 if it passes {@code limit}. */
    public static int putNumberValue(byte[] values, int at, int limit, char format, int size, int slot, long number) {
        if (at + VALUE_HEAD_LENGTH + Long.BYTES > limit) {
            return -1;
        }
        putValueHead(values, at, format, size, slot);
        LittleEndian.i64(values, at + VALUE_HEAD_LENGTH, number);
        return at + VALUE_HEAD_LENGTH + Long.BYTES;
    }

    /**
     * Writes a string value ({@code length} = {@link #VALUE_NULL} or {@link #VALUE_FAULT} with no
     * bytes, or up to {@link #MAX_VALUE_TEXT} bytes, cut to fit); returns where the next goes, or
     * -1 if not even its head fits before {@code limit}.
     */
    public static int putTextValue(byte[] values, int at, int limit, int slot, int length, byte[] text) {
        if (at + VALUE_HEAD_LENGTH + 1 > limit) {
            return -1;
        }
        putValueHead(values, at, 's', Long.BYTES, slot);
        boolean none = length == VALUE_NULL || length == VALUE_FAULT;
        int n = none ? 0 : Math.min(Math.min(length, MAX_VALUE_TEXT), limit - at - VALUE_HEAD_LENGTH - 1);
        LittleEndian.u8(values, at + VALUE_HEAD_LENGTH, none ? length : n);
        if (n > 0) {
            System.arraycopy(text, 0, values, at + VALUE_HEAD_LENGTH + 1, n);
        }
        return at + VALUE_HEAD_LENGTH + 1 + n;
    }

    private static void putValueHead(byte[] values, int at, char format, int size, int slot) {
        LittleEndian.u8(values, at, format);
        LittleEndian.u8(values, at + 1, size);
        LittleEndian.u8(values, at + 2, slot);
    }

    /**
     * The values in {@code buffer[from, to)}, decoded; a value cut short ends the list (a
     * corrupted record shows what is readable).
     */
    public static java.util.List<CallValue> values(byte[] buffer, int from, int to) {
        java.util.List<CallValue> values = new java.util.ArrayList<>(4);
        int at = from;
        while (at + VALUE_HEAD_LENGTH <= to) {
            char format = (char) LittleEndian.u8(buffer, at);
            int size = LittleEndian.u8(buffer, at + 1);
            int slot = LittleEndian.u8(buffer, at + 2);
            at += VALUE_HEAD_LENGTH;
            if (format == 's') {
                if (at + 1 > to) {
                    break;
                }
                int length = LittleEndian.u8(buffer, at);
                int n = length >= VALUE_FAULT ? 0 : length;
                if (at + 1 + n > to) {
                    break;
                }
                values.add(CallValue.text(slot, length >= VALUE_FAULT ? length : -1,
                        new String(buffer, at + 1, n, StandardCharsets.UTF_8)));
                at += 1 + n;
            } else {
                if (at + Long.BYTES > to) {
                    break;
                }
                values.add(CallValue.number(format, size, slot, LittleEndian.i64(buffer, at)));
                at += Long.BYTES;
            }
        }
        return values;
    }

    /** Encodes the identity excerpt; returns its length. */
    public static int putIdentity(byte[] buffer, int offset, byte[] traceId) {
        if (traceId.length != TraceHeader.TRACE_ID_LENGTH) {
            throw new IllegalArgumentException("traceId: " + traceId.length + " bytes, must be " + TraceHeader.TRACE_ID_LENGTH);
        }
        System.arraycopy(IDENTITY_MAGIC, 0, buffer, offset + IDENTITY_MAGIC_OFFSET, IDENTITY_MAGIC.length);
        System.arraycopy(traceId, 0, buffer, offset + IDENTITY_TRACE_ID_OFFSET, traceId.length);
        return IDENTITY_LENGTH;
    }

    /** Whether the excerpt {@code buffer[0, length)} is an identity excerpt. */
    public static boolean isIdentity(byte[] buffer, int length) {
        return length == IDENTITY_LENGTH
                && Arrays.equals(buffer, IDENTITY_MAGIC_OFFSET, IDENTITY_MAGIC.length, IDENTITY_MAGIC, 0,
                IDENTITY_MAGIC.length);
    }

    /** The trace id of an identity excerpt, as lower-case hex. */
    public static String identityTraceId(byte[] buffer) {
        return HexFormat.of().formatHex(buffer, IDENTITY_TRACE_ID_OFFSET,
                IDENTITY_TRACE_ID_OFFSET + TraceHeader.TRACE_ID_LENGTH);
    }
}
