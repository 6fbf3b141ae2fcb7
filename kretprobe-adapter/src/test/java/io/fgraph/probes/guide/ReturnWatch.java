package io.fgraph.probes.guide;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.memory.MemoryFault;
import io.fgraph.probes.kretprobe.Kretprobe;
import io.fgraph.probes.kretprobe.KretprobeHandler;
import io.fgraph.probes.kretprobe.KretprobeInstance;
import io.fgraph.probes.kretprobe.Kretprobes;

import java.util.ArrayList;
import java.util.List;

/** Watches greet() return: its arguments, kept at the entry, with its result and its time. */
public final class ReturnWatch implements KretprobeHandler {
    public final List<String> lines = new ArrayList<>();

    /** Registers the watch with either design of return probes. */
    public Kretprobe install(Kretprobes kretprobes) {
        Kretprobe probe = Kretprobe.on("greet", 16, this); // 16 bytes of data per call
        kretprobes.register(probe);
        return probe;
    }

    @Override
    public boolean entryHandler(KretprobeInstance call, Hart regs) {
        call.data().putLong(0, regs.argument(0)); // const char *who
        call.data().putLong(8, regs.argument(1)); // int times
        return false; // false: probe this call's return
    }

    @Override
    public void handler(KretprobeInstance call, Hart regs) {
        String who;
        try {
            who = new String(regs.memory().read(call.data().getLong(0), 5)); // "probe"
        } catch (MemoryFault e) {
            who = "?";
        }
        long took = regs.cycle() - call.entryTime(); // virtual ns
        lines.add("greet(\"" + who + "\", " + call.data().getLong(8) + ") = " + regs.x(Hart.A0) + " in " + took + " ns");
    }
}
