package io.fgraph.probes;

import io.fgraph.emulator.cpu.Hart;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 003 §5: a probe hit while a probe handler runs on the same hart runs no handler and counts
 * in that probe's nmissed. A pre-handler that executes guest code (here: it steps the hart through
 * the probed instruction itself) reaches the breakpoint again from inside the handler.
 */
class RecursionTest {
    @Test
    void aHitFromInsideAHandlerIsCountedAsMissedAndRunsNoHandler() {
        ProbedGuest guest = ProbedGuest.boot("chain");
        List<String> events = new ArrayList<>();
        Kprobe probe = Kprobe.at("c+0xc", new KprobeHandler() {
            @Override
            public boolean preHandler(Kprobe p, Hart regs) {
                events.add("pre");
                long before = regs.pc();
                guest.machine.step(regs); // runs the probed instruction: it hits this probe again
                assertTrue(regs.pc() != before, "the step moved the hart");
                return true; // the instruction has run: go on from where the step left the hart
            }

            @Override
            public void postHandler(Kprobe p, Hart regs) {
                events.add("post");
            }
        });
        guest.kprobes.register(probe);
        assertEquals(0, guest.run().exitCode(), guest.stdout());
        assertTrue(guest.stdout().startsWith("a(5) = 66\n"), "the instruction ran exactly once: " + guest.stdout());
        assertEquals(List.of("pre"), events, "the nested hit ran no handler");
        assertEquals(1, probe.hits());
        assertEquals(1, probe.nmissed());
    }

    @Test
    void everyProbeAtTheAddressCountsTheMiss() {
        ProbedGuest guest = ProbedGuest.boot("chain");
        Kprobe quiet = Kprobe.at("c+0xc", new KprobeHandler() {
        });
        Kprobe stepping = Kprobe.at("c+0xc", new KprobeHandler() {
            @Override
            public boolean preHandler(Kprobe p, Hart regs) {
                guest.machine.step(regs);
                return true;
            }
        });
        guest.kprobes.register(List.of(quiet, stepping));
        assertEquals(0, guest.run().exitCode(), guest.stdout());
        assertEquals(1, quiet.hits());
        assertEquals(1, quiet.nmissed());
        assertEquals(1, stepping.nmissed());
    }
}
