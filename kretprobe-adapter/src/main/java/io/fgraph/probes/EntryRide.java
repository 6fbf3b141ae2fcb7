package io.fgraph.probes;

import io.fgraph.core.EntryProbe;
import io.fgraph.emulator.cpu.Hart;

/**
 * The probes at a function entry fgraph owns, riding on fgraph's entry patch (Linux's
 * {@code KPROBES_ON_FTRACE}): fgraph runs the entry's first instruction (or skips its NOPs), the
 * probes' handlers run before and after it, and fgraph's users see the call as usual.
 */
final class EntryRide implements EntryProbe {
    private final ProbePoint point;
    private final ProbeHandlers handlers;
    private final HartStep[] steps;

    EntryRide(ProbePoint point, ProbeHandlers handlers, HartStep[] steps) {
        this.point = point;
        this.handlers = handlers;
        this.steps = steps;
    }

    @Override
    public boolean beforeEntry(Hart hart) {
        Kprobe[] probes = handlers.enter(point, hart);
        if (probes != null && handlers.pre(probes, hart, point.address)) {
            return true;
        }
        steps[hart.id()].begin(point, probes);
        return false;
    }

    @Override
    public void afterEntry(Hart hart) {
        HartStep step = steps[hart.id()];
        if (!step.isAt(point.address)) {
            return;
        }
        Kprobe[] probes = step.probes;
        step.clear();
        if (probes != null) {
            handlers.post(probes, hart);
        }
    }

    @Override
    public boolean onFault(Hart hart, int cause, long value) {
        HartStep step = steps[hart.id()];
        if (!step.isAt(point.address)) {
            return false;
        }
        Kprobe[] probes = step.probes;
        step.clear();
        return probes != null && handlers.fault(probes, hart, cause);
    }
}
