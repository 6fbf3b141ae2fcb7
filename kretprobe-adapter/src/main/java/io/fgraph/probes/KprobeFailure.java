package io.fgraph.probes;

/**
 * A probe handler threw: the probe is isolated (its handlers no longer run; it stays registered
 * until it is unregistered) and the machine goes on, as fgraph does with a failing user.
 */
public record KprobeFailure(Kprobe probe, String handler, Throwable error) {
    @Override
    public String toString() {
        return probe + ": " + handler + " handler threw " + error + "; its handlers no longer run";
    }
}
