package io.fgraph.core.trace;

import io.fgraph.core.event.EventSink;

import java.util.Objects;
import java.util.function.Consumer;

import static io.fgraph.core.trace.EventLayout.*;

/**
 * The {@link EventSink} that encodes events as trace records ({@link EventLayout}): each event is
 * written with plain stores into the current page of the hart that reported it, with no
 * synchronisation and no ring claim per event. When a page is full the {@link PageSupply} takes
 * it and hands out the next one ({@link RecordingPages}: through the ring to the trace's writer;
 * {@link LivePages}: decoded at once for a live printer).
 *
 * <p>Each method claims room for the longest record of its kind, writes the kind's fields, then
 * {@link PageWriter#finish} writes the header with the common extras and {@link PageWriter#commit}
 * counts it: adding a field to a record touches {@link EventLayout}, the method here that writes it
 * and {@link RecordDecoder}, which reads it.
 *
 * <p>Threads: the events of one cpu must come from one thread at a time, with a happens-before
 * between two threads that take turns (the emulator runs each hart on one thread, or every hart on
 * one thread); different cpus may report at the same time. Nothing is allocated per event.
 */
public final class RecordEncoder implements EventSink {
    private final PageWriter[] writers;
    private final PageSupply supply;
    private final boolean immediate;

    RecordEncoder(PageWriter[] writers, PageSupply supply) {
        this.writers = writers;
        this.supply = supply;
        this.immediate = supply.immediate();
    }

    /**
     * An encoder for harts {@code 0..cpus-1} whose every event is decoded again at once and handed
     * to {@code listener}, one event at a time (the flyweight is reused: copy what you keep). The
     * live function_graph printer sees exactly what a recording would store.
     */
    public static RecordEncoder decodingTo(int cpus, Consumer<TraceEvent> listener) {
        PageWriter[] writers = new PageWriter[cpus];
        for (int cpu = 0; cpu < cpus; cpu++) {
            writers[cpu] = new PageWriter(cpu, 0);
        }
        return new RecordEncoder(writers, new LivePages(cpus, listener));
    }

    private PageWriter writer(int cpu) {
        if (cpu < 0 || cpu >= writers.length) {
            throw new IllegalArgumentException("cpu=" + cpu + ": must be 0.." + (writers.length - 1)
                    + " (the trace's harts)");
        }
        return writers[cpu];
    }

    /** The page to write a record of at most {@code length} bytes into, or null if it is not written. */
    private byte[] room(PageWriter w, int task, long time, int length) {
        byte[] b = w.room(length);
        if (b == null || !supply.accepting()) {
            b = supply.refill(w, task, time, length);
        }
        return b;
    }

    private void done(PageWriter w, int end, long time) {
        w.commit(end, time);
        if (immediate) {
            supply.written(w);
        }
    }

    @Override
    public void functionEntry(int task, int cpu, long time, long function, int depth, long[] args, int argCount) {
        PageWriter w = writer(cpu);
        byte[] b = room(w, task, time, MAX_ENTRY_LENGTH);
        if (b == null) {
            return;
        }
        int count = args == null ? 0 : Math.max(0, Math.min(Math.min(argCount, MAX_ARGS), args.length));
        int at = w.position;
        int end = at + ENTRY_LENGTH;
        for (int i = 0; i < count; i++) {
            LittleEndian.i64(b, end, args[i]);
            end += ARG_LENGTH;
        }
        int flags = count;
        int aux = depth;
        long offset = function - w.functionBase;
        if ((offset >>> Integer.SIZE) != 0 || (depth & ~MAX_AUX) != 0) {
            end = wide(b, end, function, depth);
            flags |= FLAG_WIDE;
            offset = 0;
            aux = 0;
        }
        LittleEndian.i32(b, at + ENTRY_FUNCTION_OFFSET, (int) offset);
        done(w, w.finish(b, at, end, KIND_ENTRY, flags, aux, task, time), time);
    }

    @Override
    public void functionReturn(int task, int cpu, long entryTime, long returnTime, long function, int depth,
                               long retval, long overrun, int flags) {
        PageWriter w = writer(cpu);
        byte[] b = room(w, task, returnTime, MAX_RETURN_LENGTH);
        if (b == null) {
            return;
        }
        int at = w.position;
        int end = at + RETURN_LENGTH;
        int own = flags & RETURN_UNWOUND;
        if ((flags & FLAG_RETVAL) != 0) {
            own |= RETURN_RETVAL;
            if (retval == (int) retval) {
                LittleEndian.i32(b, end, (int) retval);
                end += Integer.BYTES;
            } else {
                own |= RETURN_RETVAL64;
                LittleEndian.i64(b, end, retval);
                end += Long.BYTES;
            }
        }
        if (overrun != 0) {
            own |= RETURN_OVERRUN;
            LittleEndian.i64(b, end, overrun);
            end += Long.BYTES;
        }
        long duration = returnTime - entryTime;
        if ((duration >>> Integer.SIZE) != 0) {
            own |= RETURN_DURATION64;
            LittleEndian.i64(b, end, duration);
            end += Long.BYTES;
            duration = 0;
        }
        int aux = depth;
        long offset = function - w.functionBase;
        if ((offset >>> Integer.SIZE) != 0 || (depth & ~MAX_AUX) != 0) {
            end = wide(b, end, function, depth);
            own |= FLAG_WIDE;
            offset = 0;
            aux = 0;
        }
        LittleEndian.i32(b, at + RETURN_FUNCTION_OFFSET, (int) offset);
        LittleEndian.i32(b, at + RETURN_DURATION_OFFSET, (int) duration);
        done(w, w.finish(b, at, end, KIND_RETURN, own, aux, task, returnTime), returnTime);
    }

    private static int wide(byte[] b, int end, long function, int depth) {
        LittleEndian.i64(b, end, function);
        LittleEndian.i32(b, end + Long.BYTES, depth);
        return end + WIDE_LENGTH;
    }

    @Override
    public void lost(int task, int cpu, long time, long count) {
        PageWriter w = writer(cpu);
        byte[] b = room(w, task, time, MAX_LOST_LENGTH);
        if (b != null) {
            done(w, putLost(w, b, task, time, count), time);
        }
    }

    /** Writes a lost record at the writer's position; returns its end. Also used for drops. */
    static int putLost(PageWriter w, byte[] b, int task, long time, long count) {
        int at = w.position;
        LittleEndian.i64(b, at + LOST_COUNT_OFFSET, count);
        return w.finish(b, at, at + LOST_LENGTH, KIND_LOST, 0, 0, task, time);
    }

    @Override
    public void taskSwitch(int cpu, long time, int previousTask, int nextTask) {
        PageWriter w = writer(cpu);
        byte[] b = room(w, previousTask, time, MAX_SWITCH_LENGTH);
        if (b == null) {
            return;
        }
        int at = w.position;
        LittleEndian.i32(b, at + SWITCH_NEXT_TASK_OFFSET, nextTask);
        int end = w.finish(b, at, at + SWITCH_LENGTH, KIND_TASK_SWITCH, 0, 0, previousTask, time);
        w.switchTo(nextTask);
        done(w, end, time);
    }

    /** {@inheritDoc} The value is stored as one number field. */
    @Override
    public void probeHit(int task, int cpu, long time, int probeId, long address, long value) {
        probeHit(task, cpu, time, probeId, address, new Object[] {value});
    }

    /** {@inheritDoc} Texts are cut and fields left out to fit {@link EventLayout#MAX_PROBE_FIELDS} bytes. */
    @Override
    public void probeHit(int task, int cpu, long time, int probeId, long address, Object[] fields) {
        PageWriter w = writer(cpu);
        byte[] b = room(w, task, time, MAX_PROBE_LENGTH);
        if (b == null) {
            return;
        }
        int at = w.position;
        LittleEndian.i32(b, at + PROBE_ID_OFFSET, probeId);
        LittleEndian.i64(b, at + PROBE_ADDRESS_OFFSET, address);
        int start = at + PROBE_FIELDS_OFFSET;
        int end = ProbeFields.put(b, start, start + MAX_PROBE_FIELDS, fields);
        done(w, w.finish(b, at, end, KIND_PROBE, 0, end - start, task, time), time);
    }

    /**
     * {@inheritDoc} {@code length} is clamped to 0..{@link EventLayout#MAX_VALUES}; a range outside
     * {@code values} is refused (counted as lost) with an {@link IndexOutOfBoundsException}.
     */
    @Override
    public void callValues(int task, int cpu, long time, long entryTime, byte[] values, int offset, int length) {
        PageWriter w = writer(cpu);
        int count = values == null ? 0 : Math.max(0, Math.min(length, MAX_VALUES));
        if (count > 0) {
            try {
                Objects.checkFromIndexSize(offset, count, values.length);
            } catch (IndexOutOfBoundsException e) {
                supply.refused();
                throw e;
            }
        }
        byte[] b = room(w, task, time, MAX_VALUES_LENGTH);
        if (b == null) {
            return;
        }
        int at = w.position;
        LittleEndian.i64(b, at + VALUES_ENTRY_TIME_OFFSET, entryTime);
        if (count > 0) {
            System.arraycopy(values, offset, b, at + VALUES_BYTES_OFFSET, count);
        }
        done(w, w.finish(b, at, at + VALUES_LENGTH + count, KIND_VALUES, 0, count, task, time), time);
    }

    /**
     * {@inheritDoc} {@code length} is clamped to 0..{@link EventSink#MAX_PAYLOAD}; a range outside
     * {@code bytes} is refused (counted as lost) with an {@link IndexOutOfBoundsException}.
     */
    @Override
    public void payload(int task, int cpu, long time, int plugin, byte[] bytes, int offset, int length) {
        PageWriter w = writer(cpu);
        int count = bytes == null ? 0 : Math.max(0, Math.min(length, MAX_PAYLOAD));
        if (count > 0) {
            try {
                Objects.checkFromIndexSize(offset, count, bytes.length);
            } catch (IndexOutOfBoundsException e) {
                supply.refused();
                throw e;
            }
        }
        byte[] b = room(w, task, time, MAX_PAYLOAD_LENGTH);
        if (b == null) {
            return;
        }
        int at = w.position;
        LittleEndian.i32(b, at + PAYLOAD_PLUGIN_OFFSET, plugin);
        if (count > 0) {
            System.arraycopy(bytes, offset, b, at + PAYLOAD_BYTES_OFFSET, count);
        }
        done(w, w.finish(b, at, at + PAYLOAD_LENGTH + count, KIND_PAYLOAD, 0, count, task, time), time);
    }
}
