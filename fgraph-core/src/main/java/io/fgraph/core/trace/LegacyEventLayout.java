package io.fgraph.core.trace;


/**
 * The event records of trace format versions 1 and 2, which this code reads but no longer writes
 * (version 3 on: {@link EventLayout}): the one owner of their offsets and lengths, decoded by
 * {@link LegacyBatchDecoder}.
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
 *   aux   u16  entry: argument count; return: flags; probe, payload, values: their length; else 0
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
 *  PROBE        28 + length bytes (28..284)       PAYLOAD      20 + length bytes (20..276)
 *  | header (16), aux = length    |           | header (16), aux = length    |
 *  | probeId  i32           @16   |           | plugin   i32           @16   |
 *  | address  i64           @20   |           | bytes    u8 x length   @20   |
 *  | fields   u8 x length   @28   |
 *
 *  VALUES       24 + length bytes (24..280)
 *  | header (16), aux = length    |
 *  | entryTime i64          @16   |
 *  | values   u8 x length   @24   |
 * </pre>
 * A probe's fields are tagged values as in version 3 ({@link ProbeFields}). No recorder wrote
 * PROBE records before probes existed (their old fixed form, a value at @28, was never stored).
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
 * <p>Version 2 traces start with the identity excerpt ({@link EventLayout#putIdentity}), as version
 * 3 traces do.
 */
final class LegacyEventLayout {
    private LegacyEventLayout() {
    }

    static final int KIND_ENTRY = 1;
    static final int KIND_RETURN = 2;
    static final int KIND_LOST = 3;
    static final int KIND_TASK_SWITCH = 4;
    static final int KIND_PROBE = 5;
    static final int KIND_PAYLOAD = 6;
    static final int KIND_VALUES = 7;

    // Common header.
    static final int KIND_OFFSET = 0;
    static final int KIND_LENGTH = 1;
    static final int CPU_OFFSET = KIND_OFFSET + KIND_LENGTH;
    static final int CPU_LENGTH = 1;
    static final int AUX_OFFSET = CPU_OFFSET + CPU_LENGTH;
    static final int AUX_LENGTH = 2;
    static final int TASK_OFFSET = AUX_OFFSET + AUX_LENGTH;
    static final int TASK_LENGTH = 4;
    static final int TIME_OFFSET = TASK_OFFSET + TASK_LENGTH;
    static final int TIME_LENGTH = 8;
    static final int HEADER_LENGTH = TIME_OFFSET + TIME_LENGTH;

    // ENTRY.
    static final int ENTRY_FUNCTION_OFFSET = HEADER_LENGTH;
    static final int ENTRY_DEPTH_OFFSET = ENTRY_FUNCTION_OFFSET + Long.BYTES;
    static final int ENTRY_ARGS_OFFSET = ENTRY_DEPTH_OFFSET + Integer.BYTES;
    /** An entry record without arguments. */
    static final int ENTRY_LENGTH = ENTRY_ARGS_OFFSET;
    static final int ARG_LENGTH = Long.BYTES;
    /** Argument registers a0..a7. */
    static final int MAX_ARGS = 8;

    // RETURN.
    static final int RETURN_FUNCTION_OFFSET = HEADER_LENGTH;
    static final int RETURN_ENTRY_TIME_OFFSET = RETURN_FUNCTION_OFFSET + Long.BYTES;
    static final int RETURN_RETVAL_OFFSET = RETURN_ENTRY_TIME_OFFSET + Long.BYTES;
    static final int RETURN_OVERRUN_OFFSET = RETURN_RETVAL_OFFSET + Long.BYTES;
    static final int RETURN_DEPTH_OFFSET = RETURN_OVERRUN_OFFSET + Long.BYTES;
    static final int RETURN_LENGTH = RETURN_DEPTH_OFFSET + Integer.BYTES;

    // LOST.
    static final int LOST_COUNT_OFFSET = HEADER_LENGTH;
    static final int LOST_LENGTH = LOST_COUNT_OFFSET + Long.BYTES;

    // TASK_SWITCH.
    static final int SWITCH_NEXT_TASK_OFFSET = HEADER_LENGTH;
    static final int SWITCH_LENGTH = SWITCH_NEXT_TASK_OFFSET + Integer.BYTES;

    // PROBE.
    static final int PROBE_ID_OFFSET = HEADER_LENGTH;
    static final int PROBE_ADDRESS_OFFSET = PROBE_ID_OFFSET + Integer.BYTES;
    static final int PROBE_FIELDS_OFFSET = PROBE_ADDRESS_OFFSET + Long.BYTES;
    /** A probe record with no fields. */
    static final int PROBE_LENGTH = PROBE_FIELDS_OFFSET;
    static final int MAX_PROBE_FIELDS = 256;

    // PAYLOAD.
    static final int PAYLOAD_PLUGIN_OFFSET = HEADER_LENGTH;
    static final int PAYLOAD_BYTES_OFFSET = PAYLOAD_PLUGIN_OFFSET + Integer.BYTES;
    /** A payload record with no bytes. */
    static final int PAYLOAD_LENGTH = PAYLOAD_BYTES_OFFSET;
    static final int MAX_PAYLOAD = 256;

    // VALUES (the typed values of a call, as in version 3: EventLayout#values).
    static final int VALUES_ENTRY_TIME_OFFSET = HEADER_LENGTH;
    static final int VALUES_BYTES_OFFSET = VALUES_ENTRY_TIME_OFFSET + Long.BYTES;
    /** A values record with no values. */
    static final int VALUES_LENGTH = VALUES_BYTES_OFFSET;
    static final int MAX_VALUES = 256;

    /** The longest record of any kind: a probe with full fields. */
    static final int MAX_RECORD_LENGTH = Math.max(Math.max(PAYLOAD_LENGTH + MAX_PAYLOAD, PROBE_LENGTH + MAX_PROBE_FIELDS),
            ENTRY_LENGTH + MAX_ARGS * ARG_LENGTH);

    // Batch (one Chronicle excerpt).
    static final int BATCH_COUNT_OFFSET = 0;
    static final int BATCH_CRC_OFFSET = BATCH_COUNT_OFFSET + Integer.BYTES;
    static final int BATCH_HEADER_LENGTH = BATCH_CRC_OFFSET + Integer.BYTES;

    /**
     * The length of the record at {@code offset}, read from its kind and aux fields; -1 if the
     * kind is unknown or the aux field is out of range (a corrupted record).
     */
    static int recordLength(byte[] buffer, int offset) {
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
}
