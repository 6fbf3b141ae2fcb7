package io.fgraph.probes.kretprobe;

/** A kretprobe handler threw: the probe is isolated (its handlers no longer run) and the machine goes on. */
public record KretprobeFailure(Kretprobe probe, String handler, Throwable error) {
    @Override
    public String toString() {
        return probe + ": " + handler + " handler threw " + error + "; its handlers no longer run";
    }
}
