package io.fgraph.core.trace;

import io.fgraph.core.event.EventSink;
import java.nio.ByteOrder;

/**
 * The binary encoding of trace events: the one owner of every offset and length. The ring
 * ({@link RingEventSink}) encodes each event with the {@code put*} methods straight into its
 * preallocated slot, the writer ({@link ChronicleBatchWriter}) copies those bytes unchanged into a
 * batch, and the reader ({@link TraceEvent}) decodes them with the same constants.
 *
 * <p>Every record is little-endian, has a fixed length per kind (entry and payload records add a
 * counted trailing part) and starts with a 16-byte common header:
 * <pre>
 *   0       1       2               4                               8
 *  +-------+-------+---------------+-------------------------------+
 *  | kind  |  cpu  |      aux      |             task              |  0
 *  +-------+-------+---------------+-------------------------------+
 *  |                        time (virtual ns)                      |  8
 *  +---------------------------------------------------------------+
 *   kind  u8   KIND_ENTRY .. KIND_PAYLOAD
 *   cpu   u8   the hart that ran the task (MachineConfig.MAX_HARTS = 64 fits in 8 bits)
 *   aux   u16  entry: argument count; return: flags; payload: payload length; else 0
 *   task  i32  the task id; for a task switch, the task switched out
 *   time  i64  the event's virtual time; for a return, the return time
 *
 *  ENTRY        28 + 8 * argCount bytes (28..92)
 *  +--------------- header (16) ---------------+
 *  | function i64                        @16   |
 *  | depth    i32                        @24   |
 *  | args     i64 x argCount (0..8)      @28   |
 *
 *  RETURN       52 bytes
 *  +--------------- header (16) ---------------+
 *  | function  i64                       @16   |
 *  | entryTime i64                       @24   |
 *  | retval    i64                       @32   |
 *  | overrun   i64                       @40   |
 *  | depth     i32                       @48   |
 *
 *  LOST         24 bytes               TASK_SWITCH  20 bytes
 *  | header (16)             |         | header (16), task = previous |
 *  | count    i64      @16   |         | nextTask i32           @16   |
 *
 *  PROBE        28 + length bytes (28..284)
 *  | header (16), aux = length   |
 *  | probeId  i32          @16   |
 *  | address  i64          @20   |
 *  | fields   u8 x length  @28   |
 *
 *  PAYLOAD      20 + length bytes (20..276)
 *  | header (16), aux = length   |
 *  | plugin   i32          @16   |
 *  | bytes    u8 x length  @20   |
 *
 *  VALUES       24 + length bytes (24..280): the typed values of one call (uftrace's -A, -R),
 *  | header (16), aux = length   |     right after its entry (arguments) or right before
 *  | entryTime i64         @16   |     its return (the return value)
 *  | values   u8 x length  @24   |
 * </pre>
 *
 * <p>A probe's fields are the values its definition fetched ({@link ProbeSchema}, in the trace
 * header), one after another in definition order, each a tag then its value:
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
 * {@link #MAX_VALUE_TEXT}. Worked example: {@code text("hello", 2)} is {@code 's' 8 1 5 "hello"}
 * then {@code 'd' 8 2} and the number 2: 3 + 1 + 5 + 3 + 8 = 20 bytes, a 44-byte record.
 *
 * <p>Records are packed back to back, without padding, inside a <em>batch</em>: the body of one
 * Chronicle excerpt.
 * <pre>
 *   0               4               8
 *  +---------------+---------------+-------------------------------
 *  | record count  |  CRC-32C      | records ...
 *  +---------------+---------------+-------------------------------
 *   count  u32  records in this batch (at least 1)
 *   crc    u32  CRC-32C of the record bytes [8, batch length)
 * </pre>
 *
 * <p>Worked example: a batch holding an entry of {@code main} without arguments and its return is
 * 8 + 28 + 52 = 88 bytes; the return's {@code retval} sits at batch offset 8 + 28 + 32 = 68.
 *
 * <p>The first excerpt of a trace (format version 2 on) is not a batch but the recording's
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

    // Common header.
    public static final int KIND_OFFSET = 0;
    public static final int KIND_LENGTH = 1;
    public static final int CPU_OFFSET = KIND_OFFSET + KIND_LENGTH;
    public static final int CPU_LENGTH = 1;
    public static final int AUX_OFFSET = CPU_OFFSET + CPU_LENGTH;
    public static final int AUX_LENGTH = 2;
    public static final int TASK_OFFSET = AUX_OFFSET + AUX_LENGTH;
    public static final int TASK_LENGTH = 4;
    public static final int TIME_OFFSET = TASK_OFFSET + TASK_LENGTH;
    public static final int TIME_LENGTH = 8;
    public static final int HEADER_LENGTH = TIME_OFFSET + TIME_LENGTH;

    /** The cpu field is 8 bits: harts 0..255. */
    public static final int MAX_CPUS = 1 << (CPU_LENGTH * Byte.SIZE);

    // ENTRY.
    public static final int ENTRY_FUNCTION_OFFSET = HEADER_LENGTH;
    public static final int ENTRY_DEPTH_OFFSET = ENTRY_FUNCTION_OFFSET + Long.BYTES;
    public static final int ENTRY_ARGS_OFFSET = ENTRY_DEPTH_OFFSET + Integer.BYTES;
    /** An entry record without arguments. */
    public static final int ENTRY_LENGTH = ENTRY_ARGS_OFFSET;
    public static final int ARG_LENGTH = Long.BYTES;
    /** Argument registers a0..a7. */
    public static final int MAX_ARGS = 8;

    // RETURN.
    public static final int RETURN_FUNCTION_OFFSET = HEADER_LENGTH;
    public static final int RETURN_ENTRY_TIME_OFFSET = RETURN_FUNCTION_OFFSET + Long.BYTES;
    public static final int RETURN_RETVAL_OFFSET = RETURN_ENTRY_TIME_OFFSET + Long.BYTES;
    public static final int RETURN_OVERRUN_OFFSET = RETURN_RETVAL_OFFSET + Long.BYTES;
    public static final int RETURN_DEPTH_OFFSET = RETURN_OVERRUN_OFFSET + Long.BYTES;
    public static final int RETURN_LENGTH = RETURN_DEPTH_OFFSET + Integer.BYTES;

    // LOST.
    public static final int LOST_COUNT_OFFSET = HEADER_LENGTH;
    public static final int LOST_LENGTH = LOST_COUNT_OFFSET + Long.BYTES;

    // TASK_SWITCH.
    public static final int SWITCH_NEXT_TASK_OFFSET = HEADER_LENGTH;
    public static final int SWITCH_LENGTH = SWITCH_NEXT_TASK_OFFSET + Integer.BYTES;

    // PROBE.
    public static final int PROBE_ID_OFFSET = HEADER_LENGTH;
    public static final int PROBE_ADDRESS_OFFSET = PROBE_ID_OFFSET + Integer.BYTES;
    public static final int PROBE_FIELDS_OFFSET = PROBE_ADDRESS_OFFSET + Long.BYTES;
    /** A probe record with no fields. */
    public static final int PROBE_LENGTH = PROBE_FIELDS_OFFSET;
    /** Bytes of fields a probe record holds at most. */
    public static final int MAX_PROBE_FIELDS = EventSink.MAX_PAYLOAD;
    public static final int FIELD_NUMBER = 1;
    public static final int FIELD_TEXT = 2;
    public static final int FIELD_FAULT = 3;
    public static final int FIELD_NUMBERS = 4;
    public static final int FIELD_TEXTS = 5;
    /** A text's length byte: texts are cut at 255 bytes; in a TEXTS field, 255 marks a fault. */
    static final int MAX_TEXT = 255;

    // PAYLOAD.
    public static final int PAYLOAD_PLUGIN_OFFSET = HEADER_LENGTH;
    public static final int PAYLOAD_BYTES_OFFSET = PAYLOAD_PLUGIN_OFFSET + Integer.BYTES;
    /** A payload record with no bytes. */
    public static final int PAYLOAD_LENGTH = PAYLOAD_BYTES_OFFSET;
    public static final int MAX_PAYLOAD = EventSink.MAX_PAYLOAD;

    // VALUES.
    public static final int VALUES_ENTRY_TIME_OFFSET = HEADER_LENGTH;
    public static final int VALUES_BYTES_OFFSET = VALUES_ENTRY_TIME_OFFSET + Long.BYTES;
    /** A values record with no values. */
    public static final int VALUES_LENGTH = VALUES_BYTES_OFFSET;
    public static final int MAX_VALUES = 256;
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

    /** The longest record of any kind: a full probe record. */
    public static final int MAX_RECORD_LENGTH = Math.max(Math.max(Math.max(PAYLOAD_LENGTH + MAX_PAYLOAD,
            PROBE_LENGTH + MAX_PROBE_FIELDS), VALUES_LENGTH + MAX_VALUES),
            ENTRY_LENGTH + MAX_ARGS * ARG_LENGTH);

    // Batch (one Chronicle excerpt).
    public static final int BATCH_COUNT_OFFSET = 0;
    public static final int BATCH_CRC_OFFSET = BATCH_COUNT_OFFSET + Integer.BYTES;
    public static final int BATCH_HEADER_LENGTH = BATCH_CRC_OFFSET + Integer.BYTES;

    // ---- identity excerpt ----
    static final byte[] IDENTITY_MAGIC = "FGEVENTS".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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
     * The length of the record at {@code offset}, read from its kind and aux fields; -1 if the
     * kind is unknown or the aux field is out of range (a corrupted record).
     */
    public static int recordLength(byte[] buffer, int offset) {
        int kind = LittleEndian.u8(buffer, offset + KIND_OFFSET);
        int aux = LittleEndian.u16(buffer, offset + AUX_OFFSET);
        return switch (kind) {
            case KIND_ENTRY -> aux <= MAX_ARGS ? ENTRY_LENGTH + aux * ARG_LENGTH : -1;
            case KIND_RETURN -> RETURN_LENGTH;
            case KIND_LOST -> LOST_LENGTH;
            case KIND_TASK_SWITCH -> SWITCH_LENGTH;
            case KIND_PROBE -> aux <= MAX_PROBE_FIELDS ? PROBE_LENGTH + aux : -1;
            case KIND_PAYLOAD -> aux <= MAX_PAYLOAD ? PAYLOAD_LENGTH + aux : -1;
            case KIND_VALUES -> aux <= MAX_VALUES ? VALUES_LENGTH + aux : -1;
            default -> -1;
        };
    }

    private static void putHeader(byte[] buffer, int offset, int kind, int cpu, int aux, int task, long time) {
        LittleEndian.u8(buffer, offset + KIND_OFFSET, kind);
        LittleEndian.u8(buffer, offset + CPU_OFFSET, cpu);
        LittleEndian.u16(buffer, offset + AUX_OFFSET, aux);
        LittleEndian.i32(buffer, offset + TASK_OFFSET, task);
        LittleEndian.i64(buffer, offset + TIME_OFFSET, time);
    }

    /**
     * Encodes an entry; {@code argCount} is clamped to 0..{@link #MAX_ARGS} (0 if {@code args} is null).
     *
     * @return the record length
     */
    public static int putEntry(byte[] buffer, int offset, int task, int cpu, long time, long function,
                               int depth, long[] args, int argCount) {
        int count = args == null ? 0 : Math.max(0, Math.min(Math.min(argCount, MAX_ARGS), args.length));
        putHeader(buffer, offset, KIND_ENTRY, cpu, count, task, time);
        LittleEndian.i64(buffer, offset + ENTRY_FUNCTION_OFFSET, function);
        LittleEndian.i32(buffer, offset + ENTRY_DEPTH_OFFSET, depth);
        for (int i = 0; i < count; i++) {
            LittleEndian.i64(buffer, offset + ENTRY_ARGS_OFFSET + i * ARG_LENGTH, args[i]);
        }
        return ENTRY_LENGTH + count * ARG_LENGTH;
    }

    /** Encodes a return ({@code flags} keeps its low 16 bits); returns the record length. */
    public static int putReturn(byte[] buffer, int offset, int task, int cpu, long entryTime,
                                long returnTime, long function, int depth, long retval, long overrun, int flags) {
        putHeader(buffer, offset, KIND_RETURN, cpu, flags, task, returnTime);
        LittleEndian.i64(buffer, offset + RETURN_FUNCTION_OFFSET, function);
        LittleEndian.i64(buffer, offset + RETURN_ENTRY_TIME_OFFSET, entryTime);
        LittleEndian.i64(buffer, offset + RETURN_RETVAL_OFFSET, retval);
        LittleEndian.i64(buffer, offset + RETURN_OVERRUN_OFFSET, overrun);
        LittleEndian.i32(buffer, offset + RETURN_DEPTH_OFFSET, depth);
        return RETURN_LENGTH;
    }

    /** Encodes a lost-events record; returns the record length. */
    public static int putLost(byte[] buffer, int offset, int task, int cpu, long time, long count) {
        putHeader(buffer, offset, KIND_LOST, cpu, 0, task, time);
        LittleEndian.i64(buffer, offset + LOST_COUNT_OFFSET, count);
        return LOST_LENGTH;
    }

    /** Encodes a task switch (filed under {@code previousTask}); returns the record length. */
    public static int putTaskSwitch(byte[] buffer, int offset, int cpu, long time, int previousTask,
                                    int nextTask) {
        putHeader(buffer, offset, KIND_TASK_SWITCH, cpu, 0, previousTask, time);
        LittleEndian.i32(buffer, offset + SWITCH_NEXT_TASK_OFFSET, nextTask);
        return SWITCH_LENGTH;
    }

    /** Encodes a probe hit with one number field; returns the record length. */
    public static int putProbe(byte[] buffer, int offset, int task, int cpu, long time, int probeId,
                               long address, long value) {
        return putProbe(buffer, offset, task, cpu, time, probeId, address, new Object[] {value});
    }

    /**
     * Encodes a probe hit with the values its definition fetched: each a {@code Long}, a
     * {@code String}, a {@code long[]}, a {@code String[]} (null elements for faults), or null for a
     * fault (anything else is encoded as its {@code toString()}). Returns the record length.
     */
    public static int putProbe(byte[] buffer, int offset, int task, int cpu, long time, int probeId,
                               long address, Object[] fields) {
        int start = offset + PROBE_FIELDS_OFFSET;
        int limit = start + MAX_PROBE_FIELDS;
        int at = start;
        if (fields != null) {
            for (Object field : fields) {
                int next = putField(buffer, at, limit, field);
                if (next < 0) {
                    break; // no room left: the rest is left out
                }
                at = next;
            }
        }
        int length = at - start;
        putHeader(buffer, offset, KIND_PROBE, cpu, length, task, time);
        LittleEndian.i32(buffer, offset + PROBE_ID_OFFSET, probeId);
        LittleEndian.i64(buffer, offset + PROBE_ADDRESS_OFFSET, address);
        return PROBE_LENGTH + length;
    }

    /** Writes one field at {@code at}; returns where the next goes, or -1 if it does not fit before {@code limit}. */
    private static int putField(byte[] buffer, int at, int limit, Object field) {
        if (field == null) {
            if (at + 1 > limit) {
                return -1;
            }
            LittleEndian.u8(buffer, at, FIELD_FAULT);
            return at + 1;
        }
        if (field instanceof Long number) {
            if (at + 1 + Long.BYTES > limit) {
                return -1;
            }
            LittleEndian.u8(buffer, at, FIELD_NUMBER);
            LittleEndian.i64(buffer, at + 1, number);
            return at + 1 + Long.BYTES;
        }
        if (field instanceof long[] numbers) {
            int count = Math.min(numbers.length, Math.min(MAX_TEXT, (limit - at - 2) / Long.BYTES));
            if (count < 0 || at + 2 > limit) {
                return -1;
            }
            LittleEndian.u8(buffer, at, FIELD_NUMBERS);
            LittleEndian.u8(buffer, at + 1, count);
            for (int i = 0; i < count; i++) {
                LittleEndian.i64(buffer, at + 2 + i * Long.BYTES, numbers[i]);
            }
            return at + 2 + count * Long.BYTES;
        }
        if (field instanceof String[] texts) {
            if (at + 2 > limit) {
                return -1;
            }
            LittleEndian.u8(buffer, at, FIELD_TEXTS);
            int next = at + 2;
            int count = 0;
            for (String text : texts) {
                if (count == MAX_TEXT || next + 1 > limit) {
                    break;
                }
                if (text == null) {
                    LittleEndian.u8(buffer, next, MAX_TEXT);
                    next++;
                } else {
                    next = putText(buffer, next, limit, text, MAX_TEXT - 1);
                }
                count++;
            }
            LittleEndian.u8(buffer, at + 1, count);
            return next;
        }
        if (at + 2 > limit) {
            return -1;
        }
        LittleEndian.u8(buffer, at, FIELD_TEXT);
        return putText(buffer, at + 1, limit, field.toString(), MAX_TEXT);
    }

    /** A length byte and the UTF-8 bytes of {@code text}, cut to fit {@code max} and {@code limit} (never inside a character). */
    private static int putText(byte[] buffer, int at, int limit, String text, int max) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, Math.min(max, limit - at - 1));
        while (length > 0 && length < bytes.length && (bytes[length] & 0xC0) == 0x80) {
            length--; // a UTF-8 continuation byte: cut before its character
        }
        LittleEndian.u8(buffer, at, length);
        System.arraycopy(bytes, 0, buffer, at + 1, length);
        return at + 1 + length;
    }

    /**
     * The fields of the probe record at {@code offset}, decoded: {@code Long}, {@code String},
     * {@code long[]}, {@code String[]}, or null for a fault. A corrupted field ends the list.
     */
    public static Object[] probeFields(byte[] buffer, int offset) {
        int start = offset + PROBE_FIELDS_OFFSET;
        int end = start + LittleEndian.u16(buffer, offset + AUX_OFFSET);
        java.util.List<Object> fields = new java.util.ArrayList<>();
        int at = start;
        try {
            while (at < end) {
                int tag = LittleEndian.u8(buffer, at);
                switch (tag) {
                    case FIELD_NUMBER -> {
                        fields.add(LittleEndian.i64(buffer, at + 1));
                        at += 1 + Long.BYTES;
                    }
                    case FIELD_TEXT -> {
                        int length = LittleEndian.u8(buffer, at + 1);
                        fields.add(new String(buffer, at + 2, length, java.nio.charset.StandardCharsets.UTF_8));
                        at += 2 + length;
                    }
                    case FIELD_FAULT -> {
                        fields.add(null);
                        at++;
                    }
                    case FIELD_NUMBERS -> {
                        long[] numbers = new long[LittleEndian.u8(buffer, at + 1)];
                        for (int i = 0; i < numbers.length; i++) {
                            numbers[i] = LittleEndian.i64(buffer, at + 2 + i * Long.BYTES);
                        }
                        fields.add(numbers);
                        at += 2 + numbers.length * Long.BYTES;
                    }
                    case FIELD_TEXTS -> {
                        String[] texts = new String[LittleEndian.u8(buffer, at + 1)];
                        int next = at + 2;
                        for (int i = 0; i < texts.length; i++) {
                            int length = LittleEndian.u8(buffer, next);
                            if (length == MAX_TEXT) {
                                next++;
                            } else {
                                texts[i] = new String(buffer, next + 1, length, java.nio.charset.StandardCharsets.UTF_8);
                                next += 1 + length;
                            }
                        }
                        fields.add(texts);
                        at = next;
                    }
                    default -> at = end; // not a field: stop
                }
            }
        } catch (IndexOutOfBoundsException e) {
            // a length that runs past the buffer: keep what was whole
        }
        if (at > end && !fields.isEmpty()) {
            fields.remove(fields.size() - 1); // the last field ran past the record
        }
        return fields.toArray();
    }

    /**
     * Encodes a payload; {@code length} is clamped to 0..{@link #MAX_PAYLOAD} (the caller's bounds
     * are trusted, as on every hot path).
     *
     * @return the record length
     */
    public static int putPayload(byte[] buffer, int offset, int task, int cpu, long time, int plugin,
                                 byte[] bytes, int from, int length) {
        int count = bytes == null ? 0 : Math.max(0, Math.min(length, MAX_PAYLOAD));
        putHeader(buffer, offset, KIND_PAYLOAD, cpu, count, task, time);
        LittleEndian.i32(buffer, offset + PAYLOAD_PLUGIN_OFFSET, plugin);
        if (count > 0) {
            System.arraycopy(bytes, from, buffer, offset + PAYLOAD_BYTES_OFFSET, count);
        }
        return PAYLOAD_LENGTH + count;
    }

    /**
     * Encodes the typed values of the call entered at {@code entryTime}; {@code values[from, from +
     * length)} are values written by {@link #putNumberValue} and {@link #putTextValue} (cut at
     * {@link #MAX_VALUES}). Returns the record length.
     */
    public static int putValues(byte[] buffer, int offset, int task, int cpu, long time, long entryTime,
                                byte[] values, int from, int length) {
        int count = values == null ? 0 : Math.max(0, Math.min(length, MAX_VALUES));
        putHeader(buffer, offset, KIND_VALUES, cpu, count, task, time);
        LittleEndian.i64(buffer, offset + VALUES_ENTRY_TIME_OFFSET, entryTime);
        if (count > 0) {
            System.arraycopy(values, from, buffer, offset + VALUES_BYTES_OFFSET, count);
        }
        return VALUES_LENGTH + count;
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
                        new String(buffer, at + 1, n, java.nio.charset.StandardCharsets.UTF_8)));
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
                && java.util.Arrays.equals(buffer, IDENTITY_MAGIC_OFFSET, IDENTITY_MAGIC.length, IDENTITY_MAGIC, 0,
                IDENTITY_MAGIC.length);
    }

    /** The trace id of an identity excerpt, as lower-case hex. */
    public static String identityTraceId(byte[] buffer) {
        return java.util.HexFormat.of().formatHex(buffer, IDENTITY_TRACE_ID_OFFSET,
                IDENTITY_TRACE_ID_OFFSET + TraceHeader.TRACE_ID_LENGTH);
    }
}
