package io.fgraph.probes.event;

/**
 * Gets the hits of probe events, on the hart that hit them (inside its probe handler: keep it short;
 * with {@code --parallel}, from several threads at once).
 */
@FunctionalInterface
public interface ProbeHitListener {
    void onHit(ProbeHit hit);
}
