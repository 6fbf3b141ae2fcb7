package io.fgraph.emulator;

/**
 * The emulator's own clock. Every hart runs at a nominal {@link #FREQUENCY_HZ} and retires one
 * instruction per cycle, so one instruction is exactly one nanosecond of virtual time. The
 * {@code cycle}, {@code time} and {@code mcycle} CSRs, semihosting's clock calls and every trace
 * timestamp come from this clock, never from the host, which is why a trace of the same program
 * with the same options is the same byte for byte.
 *
 * <p>A hart that is started later begins at its starter's cycle count, so virtual time stays
 * monotonic across harts; a parked hart does not count cycles.
 */
public final class VirtualClock {
    private VirtualClock() {
    }

    /** Nominal hart frequency and {@code time} CSR tick rate: 1 GHz. */
    public static final long FREQUENCY_HZ = 1_000_000_000L;
    /** Virtual nanoseconds per cycle. */
    public static final long NANOS_PER_CYCLE = 1_000_000_000L / FREQUENCY_HZ;

    public static long cyclesToNanos(long cycles) {
        return cycles * NANOS_PER_CYCLE;
    }
}
