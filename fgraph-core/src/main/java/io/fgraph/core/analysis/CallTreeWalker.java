package io.fgraph.core.analysis;

import io.fgraph.core.event.EventSink;
import io.fgraph.core.trace.EventCursor;
import io.fgraph.core.trace.EventLayout;
import io.fgraph.core.trace.TraceEvent;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a stream of trace events into calls: one stack of open calls per task, so memory is
 * bounded by the tasks and their nesting depth, never by the number of events.
 * <ul>
 *   <li>A return closes the open call with the same function and entry time. Open calls above it
 *       lost their returns (lost events): they end as {@link CallEnd#NO_RETURN} at that time; so do
 *       open calls at or below the depth of a new entry.</li>
 *   <li>A return that matches no open call (threshold-mode traces, a lost entry) is a
 *       {@link CallEnd#NO_ENTRY} call: exit only; its self time subtracts the no-entry calls one
 *       level deeper that returned since the last call at its own level.</li>
 *   <li>Unwound frames (longjmp) end as {@link CallEnd#UNWOUND}.</li>
 *   <li>{@link #finish()} closes calls still open as {@link CallEnd#OPEN} at the last event time.</li>
 * </ul>
 * Each task's events must come in their file order ({@code TraceReader.events()} or {@code merged()}).
 */
public final class CallTreeWalker {
    private final CallListener listener;
    private final Int2ObjectHashMap<TaskStack> tasks = new Int2ObjectHashMap<>();
    private final List<TaskStack> order = new ArrayList<>();
    private long lastTime;
    private long events;

    private static final class TaskStack {
        final int task;
        Call[] frames = new Call[64];
        int size;
        long[] orphanChildTime = new long[64];
        long overrun;
        int cpu;
        /** A return value whose call has no entry in the trace, for the return that follows. */
        io.fgraph.core.trace.CallValue pendingReturn;
        long pendingReturnEntry;

        TaskStack(int task) {
            this.task = task;
        }

        Call push() {
            if (size == frames.length) {
                frames = Arrays.copyOf(frames, size * 2);
            }
            Call c = frames[size];
            if (c == null) {
                c = frames[size] = new Call();
            }
            c.parent = size == 0 ? null : frames[size - 1];
            size++;
            return c;
        }

        Call top() {
            return size == 0 ? null : frames[size - 1];
        }

        long orphanChildren(int depth) {
            return depth >= 0 && depth < orphanChildTime.length ? orphanChildTime[depth] : 0;
        }

        void addOrphanChildren(int depth, long time) {
            if (depth < 0) {
                return;
            }
            if (depth >= orphanChildTime.length) {
                orphanChildTime = Arrays.copyOf(orphanChildTime, Math.max(depth + 1, orphanChildTime.length * 2));
            }
            orphanChildTime[depth] += time;
        }
    }

    private final Call orphan = new Call();

    public CallTreeWalker(CallListener listener) {
        this.listener = listener;
    }

    /** Walks every event of {@code cursor}, then {@link #finish()}es. */
    public void walk(EventCursor cursor) {
        while (cursor.next()) {
            accept(cursor.event());
        }
        finish();
    }

    /** Events accepted so far. */
    public long events() {
        return events;
    }

    public void accept(TraceEvent e) {
        events++;
        long time = e.time();
        if (time > lastTime) {
            lastTime = time;
        }
        switch (e.kind()) {
            case EventLayout.KIND_ENTRY -> entry(e);
            case EventLayout.KIND_RETURN -> functionReturn(e);
            case EventLayout.KIND_LOST -> listener.lost(e.task(), e.cpu(), time, e.lostCount());
            case EventLayout.KIND_VALUES -> values(e);
            default -> listener.other(e);
        }
    }

    private TaskStack stack(int task) {
        TaskStack s = tasks.get(task);
        if (s == null) {
            s = new TaskStack(task);
            tasks.put(task, s);
            order.add(s);
        }
        return s;
    }

    private void entry(TraceEvent e) {
        TaskStack s = stack(e.task());
        s.cpu = e.cpu();
        while (s.size > 0 && s.frames[s.size - 1].recordedDepth >= e.depth()) {
            close(s, e.time(), CallEnd.NO_RETURN, 0, 0, e.cpu()); // a new call at its depth: its return was lost
        }
        Call c = s.push();
        c.task = e.task();
        c.cpu = e.cpu();
        c.function = e.function();
        c.recordedDepth = e.depth();
        c.depth = c.recordedDepth;
        c.entryTime = e.time();
        c.exitTime = 0;
        c.retval = 0;
        c.flags = 0;
        c.childTime = 0;
        c.end = null;
        c.argCount = e.argCount();
        for (int i = 0; i < c.argCount; i++) {
            c.args[i] = e.arg(i);
        }
        c.argumentValues.clear();
        c.returnValue = null;
        listener.entry(c);
    }

    /** Typed values: the open call entered at their entry time gets them; else the next return without entry. */
    private void values(TraceEvent e) {
        TaskStack s = stack(e.task());
        Call top = s.top();
        Call target = top != null && top.entryTime == e.valuesEntryTime() ? top : null;
        for (io.fgraph.core.trace.CallValue v : e.values()) {
            if (target == null) {
                if (v.isReturnValue()) {
                    s.pendingReturn = v;
                    s.pendingReturnEntry = e.valuesEntryTime();
                }
            } else if (v.isReturnValue()) {
                target.returnValue = v;
            } else {
                target.argumentValues.add(v);
            }
        }
    }

    private void functionReturn(TraceEvent e) {
        TaskStack s = stack(e.task());
        s.cpu = e.cpu();
        if (e.overrun() != s.overrun) {
            s.overrun = e.overrun();
            listener.overrun(e.task(), e.cpu(), e.time(), e.overrun());
        }
        long function = e.function();
        long entryTime = e.entryTime();
        int match = -1;
        for (int i = s.size - 1; i >= 0; i--) {
            Call c = s.frames[i];
            if (c.function == function && c.entryTime == entryTime) {
                match = i;
                break;
            }
            if (c.entryTime < entryTime) {
                break; // older frames started even earlier: no match below
            }
        }
        if (match < 0) {
            noEntry(s, e);
            return;
        }
        while (s.size - 1 > match) {
            close(s, e.time(), CallEnd.NO_RETURN, 0, 0, e.cpu());
        }
        boolean unwound = (e.flags() & EventSink.FLAG_UNWOUND) != 0;
        close(s, e.time(), unwound ? CallEnd.UNWOUND : CallEnd.RETURNED, e.retval(), e.flags(), e.cpu());
    }

    private void close(TaskStack s, long time, CallEnd end, long retval, int flags, int cpu) {
        Call c = s.frames[s.size - 1];
        c.exitTime = Math.max(time, c.entryTime);
        c.end = end;
        c.retval = retval;
        c.flags = flags;
        c.cpu = cpu;
        listener.exit(c);
        if (c.parent != null) {
            c.parent.childTime += c.duration();
        }
        s.size--;
    }

    private void noEntry(TaskStack s, TraceEvent e) {
        Call c = orphan;
        Call top = s.top();
        c.parent = top;
        c.task = e.task();
        c.cpu = e.cpu();
        c.function = e.function();
        c.recordedDepth = e.depth();
        c.depth = c.recordedDepth;
        c.entryTime = e.entryTime();
        c.exitTime = e.time();
        c.retval = e.retval();
        c.flags = e.flags();
        c.argCount = 0;
        c.argumentValues.clear();
        c.returnValue = s.pendingReturn != null && s.pendingReturnEntry == c.entryTime ? s.pendingReturn : null;
        s.pendingReturn = null;
        c.end = CallEnd.NO_ENTRY;
        int d = c.recordedDepth;
        c.childTime = s.orphanChildren(d + 1);
        if (d + 1 < s.orphanChildTime.length) {
            s.orphanChildTime[d + 1] = 0;
        }
        listener.exit(c);
        if (top != null && top.recordedDepth == d - 1) {
            top.childTime += c.duration();
        } else {
            s.addOrphanChildren(d, c.duration());
        }
    }

    /** Closes the calls still open, as {@link CallEnd#OPEN} at the last event time, and ends the listener. */
    public void finish() {
        for (TaskStack s : order) {
            while (s.size > 0) {
                close(s, lastTime, CallEnd.OPEN, 0, 0, s.cpu);
            }
        }
        listener.end();
    }
}
