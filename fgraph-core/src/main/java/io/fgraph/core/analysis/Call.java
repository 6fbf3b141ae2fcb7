package io.fgraph.core.analysis;

import io.fgraph.core.event.EventSink;

/**
 * One call as a {@link CallTreeWalker} sees it: a reused flyweight, one per stack level of a task.
 * Valid during the callback that receives it; {@link #parent()} walks the open calls outward.
 */
public final class Call {
    int task;
    int cpu;
    int depth;
    int recordedDepth;
    long function;
    long entryTime;
    long exitTime;
    long retval;
    int flags;
    long childTime;
    final long[] args = new long[8];
    int argCount;
    final java.util.List<io.fgraph.core.trace.CallValue> argumentValues = new java.util.ArrayList<>(4);
    io.fgraph.core.trace.CallValue returnValue;
    CallEnd end;
    Call parent;

    public int task() {
        return task;
    }

    public int cpu() {
        return cpu;
    }

    /** Nesting depth to display: the recorded depth, rebased by a {@link ReplayFilter}'s {@code -F}. */
    public int depth() {
        return depth;
    }

    /** Nesting depth as recorded (0 = the outermost traced call of the task). */
    public int recordedDepth() {
        return recordedDepth;
    }

    public long function() {
        return function;
    }

    public long entryTime() {
        return entryTime;
    }

    /** The return time; valid at the exit callback. */
    public long exitTime() {
        return exitTime;
    }

    public long duration() {
        return exitTime - entryTime;
    }

    /** Duration minus the time of the callees seen in the trace (never negative). */
    public long selfTime() {
        return Math.max(0, duration() - childTime);
    }

    public boolean hasRetval() {
        return (flags & EventSink.FLAG_RETVAL) != 0;
    }

    public long retval() {
        return retval;
    }

    public int argCount() {
        return argCount;
    }

    public long arg(int i) {
        return args[i];
    }

    /**
     * The typed arguments recorded for the call (uftrace's {@code -A}), in order; they follow the
     * entry in the trace, so they are complete by the time anything of the call's callees or its
     * exit is seen (empty when none were recorded).
     */
    public java.util.List<io.fgraph.core.trace.CallValue> argumentValues() {
        return argumentValues;
    }

    /** The typed return value recorded (uftrace's {@code -R}), or null; valid at the exit callback. */
    public io.fgraph.core.trace.CallValue returnValue() {
        return returnValue;
    }

    /** How the call ended; null before the exit callback. */
    public CallEnd end() {
        return end;
    }

    /** Whether the entry was recorded (false only for {@link CallEnd#NO_ENTRY}). */
    public boolean hasEntry() {
        return end != CallEnd.NO_ENTRY;
    }

    /** The enclosing open call of the same task, or null at the outermost level. */
    public Call parent() {
        return parent;
    }
}
