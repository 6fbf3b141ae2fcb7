package io.fgraph.probes;

import java.util.Objects;

/**
 * One probe: where it goes ({@link ProbeTarget}) and what it does ({@link KprobeHandler}), with the
 * counters Linux keeps: {@link #hits()} (its handlers ran) and {@link #nmissed()} (it was reached
 * while a probe handler ran on the same hart, so its handlers did not run). Register it with
 * {@link Kprobes#register}; it may be registered again after {@link Kprobes#unregister}, and its
 * counters go on from where they were.
 */
public final class Kprobe {
    private final ProbeTarget target;
    private final KprobeHandler handler;
    private volatile Registration registration;
    private volatile HartCounter hits;
    private volatile HartCounter missed;
    private volatile boolean failed;

    /** Where a registered probe is and who registered it. */
    record Registration(Kprobes owner, long address, String location) {
    }

    /** Whether the handler has a post-handler of its own (the hit path skips the call when none has). */
    private final boolean hasPostHandler;

    public Kprobe(ProbeTarget target, KprobeHandler handler) {
        this.target = Objects.requireNonNull(target, "target");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.hasPostHandler = overrides(handler.getClass(), "postHandler", Kprobe.class, io.fgraph.emulator.cpu.Hart.class);
    }

    private static boolean overrides(Class<?> type, String method, Class<?>... parameters) {
        try {
            return type.getMethod(method, parameters).getDeclaringClass() != KprobeHandler.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    boolean hasPostHandler() {
        return hasPostHandler;
    }

    /** A probe at {@code SYMBOL[+OFFS]} or an address ({@link ProbeTarget#parse}). */
    public static Kprobe at(String target, KprobeHandler handler) {
        return new Kprobe(ProbeTarget.parse(target), handler);
    }

    public static Kprobe at(long address, KprobeHandler handler) {
        return new Kprobe(ProbeTarget.address(address), handler);
    }

    public ProbeTarget target() {
        return target;
    }

    public KprobeHandler handler() {
        return handler;
    }

    /** Times its handlers ran. */
    public long hits() {
        HartCounter counter = hits;
        return counter == null ? 0 : counter.sum();
    }

    /** Times it was reached while a probe handler was running on that hart (its handlers did not run). */
    public long nmissed() {
        HartCounter counter = missed;
        return counter == null ? 0 : counter.sum();
    }

    public boolean isRegistered() {
        return registration != null;
    }

    /** The probed address; throws if not registered. */
    public long address() {
        return registered().address();
    }

    /** The probed address as {@code symbol+0xoffset}; throws if not registered. */
    public String location() {
        return registered().location();
    }

    /** True once a handler threw: its handlers no longer run (see {@link Kprobes#failures()}). */
    public boolean failed() {
        return failed;
    }

    Registration registered() {
        Registration r = registration;
        if (r == null) {
            throw new IllegalStateException("kprobe " + target + ": not registered");
        }
        return r;
    }

    Registration registrationOrNull() {
        return registration;
    }

    void bind(Registration registration, int harts) {
        if (hits == null) {
            hits = new HartCounter(harts);
            missed = new HartCounter(harts);
        }
        this.registration = registration;
    }

    void unbind() {
        this.registration = null;
    }

    void countHit(int hart) {
        hits.increment(hart);
    }

    void countMissed(int hart) {
        missed.increment(hart);
    }

    void markFailed() {
        failed = true;
    }

    @Override
    public String toString() {
        Registration r = registration;
        return "kprobe " + (r == null ? target.toString() : r.location());
    }
}
