package io.fgraph.probes.event;

/**
 * One hit of a probe event: where, when, on which hart, and the values its fetch arguments read
 * (see {@link io.fgraph.probes.fetch.FetchArg#fetch}).
 *
 * @param event   the event hit
 * @param cpu     the hart
 * @param task    the task (on bare metal, the hart)
 * @param time    virtual nanoseconds (the hart's cycle count)
 * @param address the probed address
 * @param values  one value per fetch argument, in order
 */
public record ProbeHit(ProbeEvent event, int cpu, int task, long time, long address, Object[] values) {
}
