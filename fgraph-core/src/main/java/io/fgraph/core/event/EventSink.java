package io.fgraph.core.event;

/**
 * Where tracers send their events. The function_graph tracer and the probes call it from the hart
 * that hit the hook, so implementations must be safe to call from several harts at once (parallel
 * mode) and must not allocate on the hot path. Times are virtual-clock nanoseconds
 * ({@code io.fgraph.emulator.VirtualClock}); {@code task} is the task id (a hart on bare metal),
 * {@code cpu} the hart that ran it.
 */
public interface EventSink {
    /** Flag of {@link #functionReturn}: the frame was closed because a non-local exit (longjmp) skipped it. */
    int FLAG_UNWOUND = 1;
    /** Flag of {@link #functionReturn}: the return value was recorded ({@code retval} is meaningful). */
    int FLAG_RETVAL = 2;

    /**
     * A traced function was entered.
     *
     * @param depth nesting depth of this call on its task's shadow stack (0 = outermost traced call)
     * @param args  argument registers a0.. (may be null); only the first {@code argCount} are valid;
     *              the sink copies them, the caller may reuse the array
     */
    void functionEntry(int task, int cpu, long time, long function, int depth, long[] args, int argCount);

    /**
     * A traced function returned (or was unwound).
     *
     * @param entryTime the time of the matching entry, so a reader needs no stack to get the duration
     * @param overrun   the task's shadow-stack overrun count so far
     * @param flags     {@link #FLAG_UNWOUND}, {@link #FLAG_RETVAL}
     */
    void functionReturn(int task, int cpu, long entryTime, long returnTime, long function, int depth,
                        long retval, long overrun, int flags);

    /** {@code count} events were lost (dropped, or not traced) on this task before {@code time}. */
    void lost(int task, int cpu, long time, long count);

    /** The cpu switched from task {@code previousTask} to {@code nextTask}. */
    void taskSwitch(int cpu, long time, int previousTask, int nextTask);

    /** A probe fired: {@code probeId} names the probe, {@code address} where, {@code value} probe-specific. */
    void probeHit(int task, int cpu, long time, int probeId, long address, long value);

    /**
     * A probe event fired with the values its definition fetched, in definition order: each a
     * {@code Long}, a {@code String}, a {@code long[]}, a {@code String[]}, or null for memory that
     * could not be read. Sinks that keep only one value get the first number (the default).
     */
    default void probeHit(int task, int cpu, long time, int probeId, long address, Object[] fields) {
        long value = 0;
        for (Object field : fields) {
            if (field instanceof Long number) {
                value = number;
                break;
            }
        }
        probeHit(task, cpu, time, probeId, address, value);
    }

    /** A user-defined plugin payload (at most {@link #MAX_PAYLOAD} bytes from {@code offset}). */
    void payload(int task, int cpu, long time, int plugin, byte[] bytes, int offset, int length);

    /**
     * The typed values (uftrace's {@code -A}, {@code -R}) of the call of {@code task} entered at
     * {@code entryTime}: sent right after its entry (arguments) or right before its return (the
     * return value). {@code values[offset, offset + length)} are values as
     * {@code io.fgraph.core.trace.EventLayout#putNumberValue} and {@code putTextValue} write them
     * (at most 256 bytes); the sink copies them.
     */
    default void callValues(int task, int cpu, long time, long entryTime, byte[] values, int offset, int length) {
    }

    int MAX_PAYLOAD = 256;

    /** An event sink that drops everything (the tracer's default). */
    EventSink NONE = new EventSink() {
        @Override
        public void functionEntry(int task, int cpu, long time, long function, int depth, long[] args, int argCount) {
        }

        @Override
        public void functionReturn(int task, int cpu, long entryTime, long returnTime, long function, int depth,
                                   long retval, long overrun, int flags) {
        }

        @Override
        public void lost(int task, int cpu, long time, long count) {
        }

        @Override
        public void taskSwitch(int cpu, long time, int previousTask, int nextTask) {
        }

        @Override
        public void probeHit(int task, int cpu, long time, int probeId, long address, long value) {
        }

        @Override
        public void payload(int task, int cpu, long time, int plugin, byte[] bytes, int offset, int length) {
        }
    };
}
