package io.fgraph.probes.event;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.probes.Kprobe;
import io.fgraph.probes.KprobeHandler;
import io.fgraph.probes.fetch.FetchArg;

import java.util.List;

/**
 * A {@link ProbeDefinition} made a kprobe: each hit fetches the definition's arguments, before the
 * probed instruction runs, and hands them to a listener.
 */
public final class ProbeEvent {
    private final int id;
    private final ProbeDefinition definition;
    private final FetchArg[] args;
    private final Kprobe kprobe;

    /**
     * @param id a number for the event, unique among the events of a run (trace records carry it)
     */
    public ProbeEvent(int id, ProbeDefinition definition, ProbeHitListener listener) {
        this.id = id;
        this.definition = definition;
        this.args = definition.args().toArray(new FetchArg[0]);
        this.kprobe = new Kprobe(definition.target(), new KprobeHandler() {
            @Override
            public boolean preHandler(Kprobe probe, Hart regs) {
                Object[] values = new Object[args.length];
                for (int i = 0; i < args.length; i++) {
                    values[i] = args[i].fetch(regs);
                }
                listener.onHit(new ProbeHit(ProbeEvent.this, regs.id(), regs.task(), regs.cycle(), regs.pc(), values));
                return false;
            }
        });
    }

    public int id() {
        return id;
    }

    public ProbeDefinition definition() {
        return definition;
    }

    /** The event's name. */
    public String name() {
        return definition.event();
    }

    public List<FetchArg> args() {
        return definition.args();
    }

    /** The kprobe to register. */
    public Kprobe kprobe() {
        return kprobe;
    }

    /** {@code probe EVENT: N hits, M missed}, as the command line prints it at exit. */
    public String summary() {
        return "probe " + name() + ": " + kprobe.hits() + " hits, " + kprobe.nmissed() + " missed";
    }
}
