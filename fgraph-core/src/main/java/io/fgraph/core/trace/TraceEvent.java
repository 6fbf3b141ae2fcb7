package io.fgraph.core.trace;

import java.util.Arrays;
import java.util.Objects;

import static io.fgraph.core.trace.EventLayout.*;

/**
 * One event of a trace, as a decoder ({@link RecordDecoder}, {@link LegacyBatchDecoder}) read it:
 * the same values whatever the format version that stored it. A cursor moves the same instance
 * from record to record: copy what you keep ({@link #copy()}) before the next {@code next()}.
 * Getters of fields another kind does not have return 0.
 */
public final class TraceEvent {
    int kind;
    int cpu;
    int task;
    long time;
    int length;
    long function;
    int depth;
    int argCount;
    byte[] argBytes;
    int argOffset;
    long entryTime;
    long retval;
    long overrun;
    int flags;
    long lostCount;
    int nextTask;
    int probeId;
    long address;
    byte[] fieldBytes;
    int fieldOffset;
    int fieldLength;
    long valuesEntryTime;
    byte[] valueBytes;
    int valueOffset;
    int valueLength;
    int plugin;
    int payloadLength;
    byte[] payloadBytes;
    int payloadOffset;

    /** The record length in bytes, as stored (it depends on the format version and the page). */
    public int length() {
        return length;
    }

    /** {@link EventLayout#KIND_ENTRY} .. {@link EventLayout#KIND_VALUES}. */
    public int kind() {
        return kind;
    }

    /** The hart that ran the task. */
    public int cpu() {
        return cpu;
    }

    /** The task; for a task switch, the task switched out. */
    public int task() {
        return task;
    }

    /** The event time (virtual ns); for a return, the return time. */
    public long time() {
        return time;
    }

    private boolean is(int k) {
        return kind == k;
    }

    private boolean isCall() {
        return kind == KIND_ENTRY || kind == KIND_RETURN;
    }

    /** Entry and return: the function address. */
    public long function() {
        return isCall() ? function : 0;
    }

    /** Entry and return: the nesting depth. */
    public int depth() {
        return isCall() ? depth : 0;
    }

    /** Entry: the number of recorded arguments. */
    public int argCount() {
        return is(KIND_ENTRY) ? argCount : 0;
    }

    /** Entry: argument {@code i} (0-based, below {@link #argCount()}). */
    public long arg(int i) {
        if (i < 0 || i >= argCount()) {
            throw new IndexOutOfBoundsException("arg=" + i + ": must be 0.." + (argCount() - 1));
        }
        return LittleEndian.i64(argBytes, argOffset + i * ARG_LENGTH);
    }

    /** Return: the time of the matching entry. */
    public long entryTime() {
        return is(KIND_RETURN) ? entryTime : 0;
    }

    /** Return: {@code time() - entryTime()}. */
    public long duration() {
        return is(KIND_RETURN) ? time - entryTime : 0;
    }

    /** Return: the return value, if {@link #flags()} has {@code FLAG_RETVAL}; else 0. */
    public long retval() {
        return is(KIND_RETURN) ? retval : 0;
    }

    /** Return: the task's shadow-stack overrun count so far. */
    public long overrun() {
        return is(KIND_RETURN) ? overrun : 0;
    }

    /** Return: {@code EventSink.FLAG_UNWOUND}, {@code EventSink.FLAG_RETVAL}. */
    public int flags() {
        return is(KIND_RETURN) ? flags : 0;
    }

    /** Lost: the number of events lost. */
    public long lostCount() {
        return is(KIND_LOST) ? lostCount : 0;
    }

    /** Task switch: the task switched out (the same as {@link #task()}). */
    public int previousTask() {
        return is(KIND_TASK_SWITCH) ? task : 0;
    }

    /** Task switch: the task switched in. */
    public int nextTask() {
        return is(KIND_TASK_SWITCH) ? nextTask : 0;
    }

    public int probeId() {
        return is(KIND_PROBE) ? probeId : 0;
    }

    public long address() {
        return is(KIND_PROBE) ? address : 0;
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

    /** Probe: the values it fetched ({@link ProbeFields#read}), in the order of its definition. */
    public Object[] probeFields() {
        return is(KIND_PROBE) ? ProbeFields.read(fieldBytes, fieldOffset, fieldOffset + fieldLength) : new Object[0];
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
        return is(KIND_PAYLOAD) ? plugin : 0;
    }

    public int payloadLength() {
        return is(KIND_PAYLOAD) ? payloadLength : 0;
    }

    /** Payload: a copy of the payload bytes. */
    public byte[] payload() {
        int n = payloadLength();
        return n == 0 ? new byte[0] : Arrays.copyOfRange(payloadBytes, payloadOffset, payloadOffset + n);
    }

    /** Values: the entry time of the call they belong to. */
    public long valuesEntryTime() {
        return is(KIND_VALUES) ? valuesEntryTime : 0;
    }

    /** Values: the call's typed values, decoded ({@link EventLayout#values}). */
    public java.util.List<CallValue> values() {
        return is(KIND_VALUES) ? EventLayout.values(valueBytes, valueOffset, valueOffset + valueLength) : java.util.List.of();
    }

    /** A detached copy that survives the cursor moving on. */
    public TraceEvent copy() {
        TraceEvent c = new TraceEvent();
        c.kind = kind;
        c.cpu = cpu;
        c.task = task;
        c.time = time;
        c.length = length;
        c.function = function;
        c.depth = depth;
        c.argCount = argCount();
        if (c.argCount > 0) {
            c.argBytes = Arrays.copyOfRange(argBytes, argOffset, argOffset + c.argCount * ARG_LENGTH);
        }
        c.entryTime = entryTime;
        c.retval = retval;
        c.overrun = overrun;
        c.flags = flags;
        c.lostCount = lostCount;
        c.nextTask = nextTask;
        c.probeId = probeId;
        c.address = address;
        c.fieldLength = is(KIND_PROBE) ? fieldLength : 0;
        if (c.fieldLength > 0) {
            c.fieldBytes = Arrays.copyOfRange(fieldBytes, fieldOffset, fieldOffset + fieldLength);
        }
        c.plugin = plugin;
        c.valuesEntryTime = valuesEntryTime;
        c.valueLength = is(KIND_VALUES) ? valueLength : 0;
        if (c.valueLength > 0) {
            c.valueBytes = Arrays.copyOfRange(valueBytes, valueOffset, valueOffset + valueLength);
        }
        c.payloadLength = payloadLength();
        if (c.payloadLength > 0) {
            c.payloadBytes = payload();
        }
        return c;
    }

    /** Equal events have equal values, whatever their encoding (the length is not compared). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TraceEvent e)) {
            return false;
        }
        if (kind != e.kind || cpu != e.cpu || task != e.task || time != e.time || function() != e.function()
                || depth() != e.depth() || entryTime() != e.entryTime() || retval() != e.retval()
                || overrun() != e.overrun() || flags() != e.flags() || lostCount() != e.lostCount()
                || nextTask() != e.nextTask() || probeId() != e.probeId() || address() != e.address()
                || plugin() != e.plugin() || argCount() != e.argCount()
                || !Arrays.equals(payload(), e.payload()) || !Arrays.deepEquals(probeFields(), e.probeFields())
                || valuesEntryTime() != e.valuesEntryTime() || !values().equals(e.values())) {
            return false;
        }
        for (int i = 0; i < argCount(); i++) {
            if (arg(i) != e.arg(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, cpu, task, time, function(), depth(), entryTime(), retval(), lostCount(), address(),
                probeId());
    }

    /** One line, e.g. {@code "return task=0 cpu=0 time=120 function=0x80000010 depth=1 entryTime=100 ..."}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(kindName(kind))
                .append(" task=").append(task).append(" cpu=").append(cpu).append(" time=").append(time);
        switch (kind) {
            case KIND_ENTRY -> {
                s.append(" function=0x").append(Long.toHexString(function)).append(" depth=").append(depth);
                for (int i = 0; i < argCount; i++) {
                    s.append(i == 0 ? " args=" : ",").append("0x").append(Long.toHexString(arg(i)));
                }
            }
            case KIND_RETURN -> s.append(" function=0x").append(Long.toHexString(function))
                    .append(" depth=").append(depth).append(" entryTime=").append(entryTime)
                    .append(" retval=0x").append(Long.toHexString(retval)).append(" overrun=").append(overrun)
                    .append(" flags=").append(flags);
            case KIND_LOST -> s.append(" count=").append(lostCount);
            case KIND_TASK_SWITCH -> s.append(" next=").append(nextTask);
            case KIND_PROBE -> s.append(" probe=").append(probeId).append(" address=0x")
                    .append(Long.toHexString(address)).append(" fields=").append(rawFields(probeFields()));
            case KIND_PAYLOAD -> s.append(" plugin=").append(plugin).append(" length=").append(payloadLength);
            case KIND_VALUES -> {
                s.append(" entryTime=").append(valuesEntryTime);
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
