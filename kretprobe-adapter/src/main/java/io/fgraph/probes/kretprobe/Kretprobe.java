package io.fgraph.probes.kretprobe;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.probes.ProbeTarget;

import java.util.List;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A return probe (seed 003 §1.3): at a function's entry its entry handler may save what it wants
 * in {@link #dataSize()} bytes of per-call data; at the function's return its handler runs with the
 * return value. Register it with a {@link Kretprobes}, classic or on fgraph.
 *
 * <p>Counters: {@link #hits()} return handlers run, {@link #nmissed()} calls it did not get
 * (classic: no free instance among {@link #maxactive()}; on fgraph: a full shadow stack, or a call
 * made inside a handler), {@link #skipped()} calls its entry handler declined, {@link #unwound()}
 * calls a longjmp skipped.
 */
public final class Kretprobe {
    /** The most private data per instance. */
    public static final int MAX_DATA_SIZE = 4096;

    private final ProbeTarget target;
    private final KretprobeHandler handler;
    private final int dataSize;
    private final int maxactive;
    private final LongAdder hits = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder unwound = new LongAdder();
    /** The implementation it is registered with, or null. */
    volatile Kretprobes owner;
    /** A handler threw: its handlers no longer run. */
    volatile boolean failed;

    /**
     * @param target    the function, at its entry ({@code SYMBOL} or {@code SYMBOL+0} or its address)
     * @param dataSize  bytes of private data per instance, 0..{@link #MAX_DATA_SIZE}
     * @param maxactive instances in flight at once for the classic implementation (0: the default,
     *                  max(10, 2 x harts)); the fgraph implementation has no such limit
     */
    public Kretprobe(ProbeTarget target, KretprobeHandler handler, int dataSize, int maxactive) {
        this.target = Objects.requireNonNull(target, "target");
        this.handler = Objects.requireNonNull(handler, "handler");
        if (dataSize < 0 || dataSize > MAX_DATA_SIZE) {
            throw new IllegalArgumentException("dataSize=" + dataSize + ": must be 0.." + MAX_DATA_SIZE);
        }
        if (maxactive < 0) {
            throw new IllegalArgumentException("maxactive=" + maxactive + ": must be >= 0 (0 = the default)");
        }
        if (target.offset() != 0) {
            throw new IllegalArgumentException("target=" + target + ": a return probe goes at a function's entry (+0)");
        }
        this.dataSize = dataSize;
        this.maxactive = maxactive;
    }

    /** A probe on {@code function} with {@code dataSize} bytes per instance and the default maxactive. */
    public static Kretprobe on(String function, int dataSize, KretprobeHandler handler) {
        return new Kretprobe(ProbeTarget.parse(function), handler, dataSize, 0);
    }

    public ProbeTarget target() {
        return target;
    }

    public KretprobeHandler handler() {
        return handler;
    }

    public int dataSize() {
        return dataSize;
    }

    /** 0 for the default. */
    public int maxactive() {
        return maxactive;
    }

    public boolean isRegistered() {
        return owner != null;
    }

    /** True once a handler threw (its handlers no longer run). */
    public boolean failed() {
        return failed;
    }

    /** Return handlers run. */
    public long hits() {
        return hits.sum();
    }

    /** Calls not probed: no free instance (classic), a full shadow stack or recursion (fgraph). */
    public long nmissed() {
        return missed.sum();
    }

    /** Calls whose entry handler returned true (skip): not misses. */
    public long skipped() {
        return skipped.sum();
    }

    /** Calls a non-local exit skipped; their instances were closed. */
    public long unwound() {
        return unwound.sum();
    }

    void countMissed() {
        missed.increment();
    }

    /**
     * Runs the entry handler for one call, for either design: true if the call is to be probed at
     * its return; false if the handler skipped it (counted) or threw (the probe is isolated).
     */
    boolean enter(KretprobeInstance instance, Hart regs, List<KretprobeFailure> failures) {
        if (failed) {
            return false;
        }
        boolean skip;
        try {
            skip = handler.entryHandler(instance, regs);
        } catch (RuntimeException e) {
            fail("entry", e, failures);
            return false;
        }
        if (skip) {
            skipped.increment();
        }
        return !skip;
    }

    /**
     * Runs the return handler of one probed call, or its unwound handler when a non-local exit
     * skipped it; nothing when the probe left ({@code owner} no longer the design that probed the
     * call) or failed.
     */
    void exit(Kretprobes design, KretprobeInstance instance, Hart regs, boolean wasUnwound, List<KretprobeFailure> failures) {
        if (failed || owner != design) {
            return;
        }
        try {
            if (wasUnwound) {
                unwound.increment();
                handler.unwound(instance);
            } else {
                hits.increment();
                handler.handler(instance, regs);
            }
        } catch (RuntimeException e) {
            fail(wasUnwound ? "unwound" : "return", e, failures);
        }
    }

    private void fail(String which, Throwable e, List<KretprobeFailure> failures) {
        failed = true;
        failures.add(new KretprobeFailure(this, which, e));
    }

    @Override
    public String toString() {
        return "kretprobe " + target;
    }
}
