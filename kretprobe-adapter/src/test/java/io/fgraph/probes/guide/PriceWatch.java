package io.fgraph.probes.guide;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.probes.Kprobe;
import io.fgraph.probes.KprobeHandler;
import io.fgraph.probes.Kprobes;
import io.fgraph.probes.event.HitLineFormat;
import io.fgraph.probes.event.ProbeDefinition;
import io.fgraph.probes.event.ProbeEvent;
import io.fgraph.probes.jprobe.Field;
import io.fgraph.probes.jprobe.Jprobe;

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;

/** Watches the probes guest three ways: a jprobe, a probe event in the text syntax, a kprobe. */
public final class PriceWatch {
    /** struct item of guest/src/probes.c, field by field. */
    public record Item(int id, short weight, @Field(offset = 6, bitWidth = 3) byte kind,
                       @Field(offset = 6, bitOffset = 3, bitWidth = 1) boolean hot, long price, String label) {
    }

    public final List<String> lines = new ArrayList<>();

    /** The jprobe handler: the parameters of long value(const struct item *it, int count). */
    public void value(Item item, int count) {
        lines.add("value(" + item.label() + " at " + item.price() + ", " + count + ") hot=" + item.hot());
    }

    public Kprobe[] install(Machine machine, ElfFile elf) {
        Kprobes kprobes = Kprobes.install(machine, elf);
        Jprobe jprobe = Jprobe.on("value", MethodHandles.lookup(), this, "value", elf.symbols());
        HitLineFormat format = new HitLineFormat(elf.symbols(), "probes");
        ProbeEvent greet = new ProbeEvent(0, ProbeDefinition.parse("p:hello greet who=$arg1:string n=$arg2:s32",
                elf.symbols(), "probes"), hit -> lines.add(format.body(hit)));
        Kprobe totals = Kprobe.at("total", new KprobeHandler() {
            @Override
            public void postHandler(Kprobe probe, Hart regs) {
                lines.add("total() entered with a1=" + regs.x(Hart.A0 + 1));
            }
        });
        kprobes.register(List.of(jprobe.kprobe(), greet.kprobe(), totals));
        return new Kprobe[] {jprobe.kprobe(), greet.kprobe(), totals};
    }
}
