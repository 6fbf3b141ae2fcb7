package io.fgraph.probes;

import io.fgraph.emulator.cpu.Hart;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs the handlers of a hit: the per-hart recursion guard (seed 003 §5: a probe reached while a
 * probe handler runs on that hart counts in its {@code nmissed} and runs nothing), the counters,
 * and the isolation of a handler that throws (the probe stops running handlers, the machine goes on).
 * The guard is the hart's {@link Hart#inHook()} flag, which fgraph's callbacks set too.
 */
final class ProbeHandlers {
    private final List<KprobeFailure> failures = new CopyOnWriteArrayList<>();

    /**
     * A hart reached {@code point}: counts the hit, or the miss when a handler is running on the
     * hart. Returns the probes whose handlers run now, or null for a miss.
     */
    Kprobe[] enter(ProbePoint point, Hart hart) {
        Kprobe[] probes = point.probes;
        int id = hart.id();
        if (hart.inHook()) {
            for (Kprobe probe : probes) {
                if (!probe.failed()) {
                    probe.countMissed(id);
                }
            }
            return null;
        }
        for (Kprobe probe : probes) {
            if (!probe.failed()) {
                probe.countHit(id);
            }
        }
        return probes;
    }

    /**
     * The pre-handlers in registration order; true if one changed the pc (the rest are not called,
     * the instruction does not run).
     */
    boolean pre(Kprobe[] probes, Hart hart, long address) {
        hart.setInHook(true);
        try {
            for (Kprobe probe : probes) {
                if (probe.failed()) {
                    continue;
                }
                try {
                    if (probe.handler().preHandler(probe, hart) && hart.pc() != address) {
                        return true;
                    }
                } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                    fail(probe, "pre", e);
                    hart.setPc(address);
                }
            }
            return false;
        } finally {
            hart.setInHook(false);
        }
    }

    void post(Kprobe[] probes, Hart hart) {
        boolean any = false;
        for (Kprobe probe : probes) {
            any |= probe.hasPostHandler();
        }
        if (!any) {
            return;
        }
        hart.setInHook(true);
        try {
            for (Kprobe probe : probes) {
                if (probe.failed()) {
                    continue;
                }
                try {
                    probe.handler().postHandler(probe, hart);
                } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                    fail(probe, "post", e);
                }
            }
        } finally {
            hart.setInHook(false);
        }
    }

    /** The fault handlers in registration order until one handles the fault. */
    boolean fault(Kprobe[] probes, Hart hart, int cause) {
        hart.setInHook(true);
        try {
            for (Kprobe probe : probes) {
                if (probe.failed()) {
                    continue;
                }
                try {
                    if (probe.handler().faultHandler(probe, hart, cause)) {
                        return true;
                    }
                } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                    fail(probe, "fault", e);
                }
            }
            return false;
        } finally {
            hart.setInHook(false);
        }
    }

    private void fail(Kprobe probe, String handler, Throwable e) {
        probe.markFailed();
        failures.add(new KprobeFailure(probe, handler, e));
    }

    List<KprobeFailure> failures() {
        return List.copyOf(failures);
    }
}
