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
    /** The values as a trace records them ({@code EventSink.probeHit}): a fault is null. */
    public Object[] traceFields() {
        Object[] fields = values.clone();
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] == io.fgraph.probes.fetch.FetchArg.FAULT) {
                fields[i] = null;
            }
        }
        return fields;
    }
}
