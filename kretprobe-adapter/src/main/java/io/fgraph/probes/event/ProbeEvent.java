package io.fgraph.probes.event;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.probes.Kprobe;
import io.fgraph.probes.KprobeHandler;
import io.fgraph.probes.fetch.EntryArguments;
import io.fgraph.probes.fetch.FetchArg;
import io.fgraph.probes.kretprobe.Kretprobe;
import io.fgraph.probes.kretprobe.KretprobeHandler;
import io.fgraph.probes.kretprobe.KretprobeInstance;

import java.util.List;

/**
 * A {@link ProbeDefinition} made a probe: a kprobe (its hits fetch the arguments before the probed
 * instruction runs), or for a return probe a {@link Kretprobe} (the entry keeps the {@code $argN}
 * the definition names in the instance's data; the return fetches the arguments, with the pc at
 * the return address). Either hands each hit to a listener.
 */
public final class ProbeEvent {
    private final int id;
    private final ProbeDefinition definition;
    private final FetchArg[] args;
    private final Kprobe kprobe;
    private final Kretprobe kretprobe;

    /**
     * @param id a number for the event, unique among the events of a run (trace records carry it)
     */
    public ProbeEvent(int id, ProbeDefinition definition, ProbeHitListener listener) {
        this.id = id;
        this.definition = definition;
        this.args = definition.args().toArray(new FetchArg[0]);
        if (definition.kind().atReturn()) {
            this.kprobe = null;
            this.kretprobe = returnProbe(definition, listener);
            return;
        }
        this.kretprobe = null;
        this.kprobe = new Kprobe(definition.target(), new KprobeHandler() {
            @Override
            public boolean preHandler(Kprobe probe, Hart regs) {
                listener.onHit(new ProbeHit(ProbeEvent.this, regs.id(), regs.task(), regs.cycle(), regs.pc(), fetch(regs)));
                return false;
            }
        });
    }

    private Kretprobe returnProbe(ProbeDefinition definition, ProbeHitListener listener) {
        EntryArguments saved = definition.saved();
        KretprobeHandler handler = new KretprobeHandler() {
            @Override
            public boolean entryHandler(KretprobeInstance instance, Hart regs) {
                saved.save(regs, instance.data());
                return false;
            }

            @Override
            public void handler(KretprobeInstance instance, Hart regs) {
                saved.restore(regs, instance.data());
                listener.onHit(new ProbeHit(ProbeEvent.this, regs.id(), instance.task(), regs.cycle(), regs.pc(), fetch(regs)));
            }
        };
        return new Kretprobe(definition.target(), handler, saved.dataBytes(), definition.maxactive());
    }

    private Object[] fetch(Hart regs) {
        Object[] values = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            values[i] = args[i].fetch(regs);
        }
        return values;
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

    /** The kprobe to register with {@code Kprobes}, or null for a return probe. */
    public Kprobe kprobe() {
        return kprobe;
    }

    /** The return probe to register with {@code Kretprobes}, or null for a kprobe. */
    public Kretprobe kretprobe() {
        return kretprobe;
    }

    public long hits() {
        return kprobe != null ? kprobe.hits() : kretprobe.hits();
    }

    public long nmissed() {
        return kprobe != null ? kprobe.nmissed() : kretprobe.nmissed();
    }

    /** {@code probe EVENT: N hits, M missed} (and calls a longjmp skipped, for a return probe), as the command line prints it at exit. */
    public String summary() {
        String unwound = kretprobe != null && kretprobe.unwound() > 0 ? ", " + kretprobe.unwound() + " unwound" : "";
        return "probe " + name() + ": " + hits() + " hits, " + nmissed() + " missed" + unwound;
    }
}
