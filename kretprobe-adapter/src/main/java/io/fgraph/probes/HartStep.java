package io.fgraph.probes;

/**
 * What one hart is in the middle of between a probe's pre-handlers and the end of the probed
 * instruction (an out-of-line copy about to resume, an in-place single step, fgraph running a
 * ridden entry). One per hart, touched only by the thread running that hart.
 */
final class HartStep {
    ProbePoint point;
    /** The probes whose pre-handlers ran (their post-handlers run next), or null for a missed hit. */
    Kprobe[] probes;
    boolean faulted;

    void begin(ProbePoint point, Kprobe[] probes) {
        this.point = point;
        this.probes = probes;
        this.faulted = false;
    }

    boolean isAt(long address) {
        return point != null && point.address == address;
    }

    void clear() {
        point = null;
        probes = null;
        faulted = false;
    }

    static HartStep[] perHart(int harts) {
        HartStep[] steps = new HartStep[harts];
        for (int i = 0; i < harts; i++) {
            steps[i] = new HartStep();
        }
        return steps;
    }
}
