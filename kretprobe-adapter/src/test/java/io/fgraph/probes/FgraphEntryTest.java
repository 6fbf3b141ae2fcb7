package io.fgraph.probes;

import io.fgraph.core.EntryContext;
import io.fgraph.core.ReturnContext;
import io.fgraph.core.FgraphOps;
import io.fgraph.core.FunctionFilter;
import io.fgraph.emulator.cpu.Hart;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kprobe at a function entry fgraph owns rides on fgraph's patch (KPROBES_ON_FTRACE): the entry is
 * patched once, fgraph's users and the probe both see every call, and the probe leaving gives the
 * entry back to fgraph (restored when no user wants it).
 */
class FgraphEntryTest {
    /** An fgraph user recording the calls of its filter. */
    private static final class Calls implements FgraphOps {
        final FunctionFilter filter;
        final List<String> events;
        final ProbedGuest guest;

        Calls(ProbedGuest guest, FunctionFilter filter, List<String> events) {
            this.guest = guest;
            this.filter = filter;
            this.events = events;
        }

        @Override
        public FunctionFilter filter() {
            return filter;
        }

        @Override
        public boolean onEntry(EntryContext call) {
            events.add("enter " + guest.fgraph.functions().nameOf(call.function()));
            return true;
        }

        @Override
        public void onReturn(ReturnContext call) {
            events.add("return " + guest.fgraph.functions().nameOf(call.function()) + " = " + call.returnValue());
        }
    }

    private static KprobeHandler recorder(List<String> events) {
        return new KprobeHandler() {
            @Override
            public boolean preHandler(Kprobe probe, Hart regs) {
                events.add("pre " + probe.location() + " a0=" + regs.x(Hart.A0));
                return false;
            }

            @Override
            public void postHandler(Kprobe probe, Hart regs) {
                events.add("post pc=" + (regs.pc() - probe.address()));
            }
        };
    }

    @Test
    void aProbeAndAUserShareTheEntryPatch() {
        ProbedGuest guest = ProbedGuest.withFgraph("chain");
        long c = guest.address("c");
        byte[] nops = guest.text(c, 4);
        List<String> events = new ArrayList<>();
        guest.fgraph.register(new Calls(guest, FunctionFilter.only("c"), events));
        byte[] fgraphPatch = guest.text(c, 4);
        Kprobe probe = Kprobe.at("c", recorder(events));
        guest.kprobes.register(probe);
        assertArrayEquals(fgraphPatch, guest.text(c, 4), "the probe writes nothing: it rides on fgraph's trap");
        assertEquals(0, guest.run().exitCode(), guest.stdout());
        assertEquals(List.of("pre c a0=12", "enter c", "post pc=4", "return c = 37"), events,
                "the probe's handlers around the NOPs, fgraph's user sees the call as usual");
        assertEquals(1, probe.hits());
        guest.kprobes.unregister(probe);
        assertArrayEquals(fgraphPatch, guest.text(c, 4), "the user still wants the entry");
        assertEquals(List.of(c), guest.fgraph.patchedEntries());
        assertTrue(nops.length == 4);
    }

    @Test
    void aProbeAloneKeepsTheEntryPatchedAndItsLeavingRestoresIt() {
        ProbedGuest guest = ProbedGuest.withFgraph("chain");
        long c = guest.address("c");
        byte[] nops = guest.text(c, 4);
        Kprobe probe = Kprobe.at("c", recorder(new ArrayList<>()));
        guest.kprobes.register(probe);
        assertEquals(List.of(c), guest.fgraph.patchedEntries());
        guest.kprobes.unregister(probe);
        assertEquals(List.of(), guest.fgraph.patchedEntries());
        assertArrayEquals(nops, guest.text(c, 4));
    }

    @Test
    void aProbeAtAnEntryWithoutNopsRunsAroundTheDisplacedInstruction() {
        ProbedGuest guest = ProbedGuest.withFgraph("chain");
        List<String> events = new ArrayList<>();
        Kprobe probe = Kprobe.at("printf", recorder(events));
        guest.kprobes.register(probe);
        assertEquals(0, guest.run().exitCode(), guest.stdout());
        assertEquals(3, probe.hits(), "three printf calls");
        assertEquals(6, events.size(), events.toString());
        assertTrue(events.get(1).startsWith("post pc="), events.toString());
    }

    @Test
    void aRedirectAtAnFgraphEntrySkipsTheCall() {
        ProbedGuest guest = ProbedGuest.withFgraph("chain");
        List<String> events = new ArrayList<>();
        guest.fgraph.register(new Calls(guest, FunctionFilter.only("c"), events));
        guest.kprobes.register(Kprobe.at("c", new KprobeHandler() {
            @Override
            public boolean preHandler(Kprobe probe, Hart regs) {
                regs.setX(Hart.A0, 37); // c(12), without running c
                regs.setPc(regs.x(Hart.RA));
                return true;
            }
        }));
        assertEquals(0, guest.run().exitCode(), guest.stdout());
        assertEquals(List.of(), events, "the call never happened");
    }

    @Test
    void probesInsideAHookedFunctionPatchTheirOwnInstructions() {
        ProbedGuest guest = ProbedGuest.withFgraph("chain");
        List<String> events = new ArrayList<>();
        guest.fgraph.register(new Calls(guest, FunctionFilter.only("c"), events));
        guest.kprobes.register(List.of(Kprobe.at("c", recorder(events)), Kprobe.at("c+0xc", recorder(events))));
        assertEquals(0, guest.run().exitCode(), guest.stdout());
        assertEquals(List.of("pre c a0=12", "enter c", "post pc=4", "pre c+0xc a0=12", "post pc=4", "return c = 37"), events);
    }
}
