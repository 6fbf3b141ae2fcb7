package io.fgraph.core.trace;


import java.util.Arrays;

import static io.fgraph.core.trace.EventLayout.*;

/**
 * A read-only flyweight over one encoded event record (see {@link EventLayout}). A cursor moves
 * the same instance from record to record: copy what you keep ({@link #copy()}) before the next
 * {@code next()}. Getters of fields another kind does not have return 0.
 */
public final class TraceEvent {
    private byte[] buffer;
    private int offset;
    private int length;

    /** Points this flyweight at the record at {@code offset}; {@code length} is the record length. */
    public TraceEvent wrap(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** The record length in bytes. */
    public int length() {
        return length;
    }

    public int kind() {
        return LittleEndian.u8(buffer, offset + KIND_OFFSET);
    }

    public int cpu() {
        return LittleEndian.u8(buffer, offset + CPU_OFFSET);
    }

    public int task() {
        return LittleEndian.i32(buffer, offset + TASK_OFFSET);
    }

    /** The event time; for a return, the return time. */
    public long time() {
        return LittleEndian.i64(buffer, offset + TIME_OFFSET);
    }

    private int aux() {
        return LittleEndian.u16(buffer, offset + AUX_OFFSET);
    }

    private boolean is(int kind) {
        return kind() == kind;
    }

    /** Entry and return: the function address. */
    public long function() {
        return switch (kind()) {
            case KIND_ENTRY -> LittleEndian.i64(buffer, offset + ENTRY_FUNCTION_OFFSET);
            case KIND_RETURN -> LittleEndian.i64(buffer, offset + RETURN_FUNCTION_OFFSET);
            default -> 0;
        };
    }

    /** Entry and return: the nesting depth. */
    public int depth() {
        return switch (kind()) {
            case KIND_ENTRY -> LittleEndian.i32(buffer, offset + ENTRY_DEPTH_OFFSET);
            case KIND_RETURN -> LittleEndian.i32(buffer, offset + RETURN_DEPTH_OFFSET);
            default -> 0;
        };
    }

    /** Entry: the number of recorded arguments. */
    public int argCount() {
        return is(KIND_ENTRY) ? aux() : 0;
    }

    /** Entry: argument {@code i} (0-based, below {@link #argCount()}). */
    public long arg(int i) {
        if (i < 0 || i >= argCount()) {
            throw new IndexOutOfBoundsException("arg=" + i + ": must be 0.." + (argCount() - 1));
        }
        return LittleEndian.i64(buffer, offset + ENTRY_ARGS_OFFSET + i * ARG_LENGTH);
    }

    /** Return: the time of the matching entry. */
    public long entryTime() {
        return is(KIND_RETURN) ? LittleEndian.i64(buffer, offset + RETURN_ENTRY_TIME_OFFSET) : 0;
    }

    /** Return: {@code time() - entryTime()}. */
    public long duration() {
        return is(KIND_RETURN) ? time() - entryTime() : 0;
    }

    public long retval() {
        return is(KIND_RETURN) ? LittleEndian.i64(buffer, offset + RETURN_RETVAL_OFFSET) : 0;
    }

    public long overrun() {
        return is(KIND_RETURN) ? LittleEndian.i64(buffer, offset + RETURN_OVERRUN_OFFSET) : 0;
    }

    /** Return: {@code EventSink.FLAG_UNWOUND}, {@code EventSink.FLAG_RETVAL}. */
    public int flags() {
        return is(KIND_RETURN) ? aux() : 0;
    }

    /** Lost: the number of events lost. */
    public long lostCount() {
        return is(KIND_LOST) ? LittleEndian.i64(buffer, offset + LOST_COUNT_OFFSET) : 0;
    }

    /** Task switch: the task switched out (the same as {@link #task()}). */
    public int previousTask() {
        return is(KIND_TASK_SWITCH) ? task() : 0;
    }

    /** Task switch: the task switched in. */
    public int nextTask() {
        return is(KIND_TASK_SWITCH) ? LittleEndian.i32(buffer, offset + SWITCH_NEXT_TASK_OFFSET) : 0;
    }

    public int probeId() {
        return is(KIND_PROBE) ? LittleEndian.i32(buffer, offset + PROBE_ID_OFFSET) : 0;
    }

    public long address() {
        return is(KIND_PROBE) ? LittleEndian.i64(buffer, offset + PROBE_ADDRESS_OFFSET) : 0;
    }

    /** Probe: the first number among its fields, or 0. */
    public long value() {
        if (!is(KIND_PROBE)) {
            return 0;
        }
        for (Object field : probeFields()) {
            if (field instanceof Long number) {
                return number;
            }
        }
        return 0;
    }

    /** Probe: the values it fetched ({@link EventLayout#probeFields}), in the order of its definition. */
    public Object[] probeFields() {
        return is(KIND_PROBE) ? EventLayout.probeFields(buffer, offset) : new Object[0];
    }

    /** Probe fields as the dump shows them: numbers in hex, texts quoted, arrays in braces, faults as {@code (fault)}. */
    static String rawFields(Object[] fields) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            s.append(i == 0 ? "" : ",").append(raw(fields[i]));
        }
        return s.toString();
    }

    private static String raw(Object field) {
        if (field == null) {
            return "(fault)";
        }
        if (field instanceof Long number) {
            return "0x" + Long.toHexString(number);
        }
        if (field instanceof long[] numbers) {
            StringBuilder s = new StringBuilder("{");
            for (int i = 0; i < numbers.length; i++) {
                s.append(i == 0 ? "" : ",").append("0x").append(Long.toHexString(numbers[i]));
            }
            return s.append('}').toString();
        }
        if (field instanceof String[] texts) {
            StringBuilder s = new StringBuilder("{");
            for (int i = 0; i < texts.length; i++) {
                s.append(i == 0 ? "" : ",").append(raw(texts[i]));
            }
            return s.append('}').toString();
        }
        return "\"" + field + "\"";
    }

    public int plugin() {
        return is(KIND_PAYLOAD) ? LittleEndian.i32(buffer, offset + PAYLOAD_PLUGIN_OFFSET) : 0;
    }

    public int payloadLength() {
        return is(KIND_PAYLOAD) ? aux() : 0;
    }

    /** Payload: a copy of the payload bytes. */
    public byte[] payload() {
        byte[] bytes = new byte[payloadLength()];
        System.arraycopy(buffer, offset + PAYLOAD_BYTES_OFFSET, bytes, 0, bytes.length);
        return bytes;
    }

    /** Values: the entry time of the call they belong to. */
    public long valuesEntryTime() {
        return is(KIND_VALUES) ? LittleEndian.i64(buffer, offset + VALUES_ENTRY_TIME_OFFSET) : 0;
    }

    /** Values: the call's typed values, decoded. */
    public java.util.List<CallValue> values() {
        if (!is(KIND_VALUES)) {
            return java.util.List.of();
        }
        int from = offset + VALUES_BYTES_OFFSET;
        return EventLayout.values(buffer, from, from + aux());
    }

    /** A copy of the encoded record. */
    public byte[] bytes() {
        byte[] bytes = new byte[length];
        System.arraycopy(buffer, offset, bytes, 0, length);
        return bytes;
    }

    /** A detached copy that survives the cursor moving on. */
    public TraceEvent copy() {
        return new TraceEvent().wrap(bytes(), 0, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceEvent other && Arrays.equals(bytes(), other.bytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes());
    }

    /** One line, e.g. {@code "return task=0 cpu=0 time=120 function=0x80000010 depth=1 entryTime=100 ..."}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(kindName(kind()))
                .append(" task=").append(task()).append(" cpu=").append(cpu()).append(" time=").append(time());
        switch (kind()) {
            case KIND_ENTRY -> {
                s.append(" function=0x").append(Long.toHexString(function())).append(" depth=").append(depth());
                for (int i = 0; i < argCount(); i++) {
                    s.append(i == 0 ? " args=" : ",").append("0x").append(Long.toHexString(arg(i)));
                }
            }
            case KIND_RETURN -> s.append(" function=0x").append(Long.toHexString(function()))
                    .append(" depth=").append(depth()).append(" entryTime=").append(entryTime())
                    .append(" retval=0x").append(Long.toHexString(retval())).append(" overrun=").append(overrun())
                    .append(" flags=").append(flags());
            case KIND_LOST -> s.append(" count=").append(lostCount());
            case KIND_TASK_SWITCH -> s.append(" next=").append(nextTask());
            case KIND_PROBE -> s.append(" probe=").append(probeId()).append(" address=0x")
                    .append(Long.toHexString(address())).append(" fields=").append(rawFields(probeFields()));
            case KIND_PAYLOAD -> s.append(" plugin=").append(plugin()).append(" length=").append(payloadLength());
            case KIND_VALUES -> {
                s.append(" entryTime=").append(valuesEntryTime());
                for (CallValue v : values()) {
                    s.append(v.isReturnValue() ? " retval" : v.isFloatArgument() ? " fparg" + v.index() : " arg" + v.index())
                            .append('/').append(v.format()).append('=').append(v.format(null));
                }
            }
            default -> {
            }
        }
        return s.toString();
    }
}
