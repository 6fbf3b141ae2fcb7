package io.fgraph.probes;

import io.fgraph.emulator.cpu.Hart;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The handler protocol of seed 003: pre, the instruction, post; several probes on one address; redirects. */
class KprobeHandlersTest {
    /** Records what its handlers see. */
    static final class Recorder implements KprobeHandler {
        final String name;
        final List<String> events;

        Recorder(String name, List<String> events) {
            this.name = name;
            this.events = events;
        }

        @Override
        public boolean preHandler(Kprobe probe, Hart regs) {
            events.add(name + " pre pc=" + probe.location() + " a0=" + regs.x(Hart.A0));
            return false;
        }

        @Override
        public void postHandler(Kprobe probe, Hart regs) {
            events.add(name + " post a0=" + regs.x(Hart.A0) + " a5=" + regs.x(15));
        }
    }

    @Test
    void preSeesTheStateBeforeTheInstructionAndPostTheStateAfterIt() {
        ProbedGuest guest = ProbedGuest.boot("chain");
        List<String> events = new ArrayList<>();
        // c+0xc: sllw a5,a0,0x1 (4 bytes, run out of line); c(12): a5 becomes 24
        Kprobe probe = Kprobe.at("c+0xc", new Recorder("k", events));
        guest.kprobes.register(probe);
        assertEquals(0, guest.run().exitCode(), guest.stdout());
        assertEquals(List.of("k pre pc=c+0xc a0=12", "k post a0=12 a5=24"), events);
        assertEquals(1, probe.hits());
        assertEquals(0, probe.nmissed());
    }

    @Test
    void probesOnOneAddressShareOneBreakpointAndRunInRegistrationOrder() {
        ProbedGuest guest = ProbedGuest.boot("chain");
        List<String> events = new ArrayList<>();
        long address = guest.address("c") + 0x10; // addw a0,a0,a5 (compressed: c.ebreak)
        byte[] original = guest.text(address, 2);
        Kprobe first = Kprobe.at(address, new Recorder("first", events));
        Kprobe second = Kprobe.at("c+0x10", new Recorder("second", events));
        guest.kprobes.register(first);
        byte[] patched = guest.text(address, 2);
        guest.kprobes.register(second);
        assertArrayEquals(patched, guest.text(address, 2), "the second probe writes nothing");
        assertEquals(0, guest.run().exitCode(), guest.stdout());
        assertEquals(List.of("first pre pc=c+0x10 a0=12", "second pre pc=c+0x10 a0=12",
                "first post a0=36 a5=24", "second post a0=36 a5=24"), events);
        guest.kprobes.unregister(first);
        assertArrayEquals(patched, guest.text(address, 2), "one probe is left");
        guest.kprobes.unregister(second);
        assertArrayEquals(original, guest.text(address, 2), "the last one restores the instruction");
        assertFalse(first.isRegistered());
    }

    @Test
    void aPreHandlerThatChangesThePcSkipsTheInstructionAndThePostHandlers() {
        ProbedGuest guest = ProbedGuest.boot("chain");
        List<String> events = new ArrayList<>();
        Kprobe redirect = Kprobe.at("fails+0x4", new KprobeHandler() {
            @Override
            public boolean preHandler(Kprobe probe, Hart regs) {
                regs.setX(Hart.A0, -5); // fails() returns -5 instead of -22
                regs.setPc(regs.x(Hart.RA));
                return true;
            }

            @Override
            public void postHandler(Kprobe probe, Hart regs) {
                events.add("post");
            }
        });
        Kprobe later = Kprobe.at("fails+0x4", new Recorder("later", events));
        guest.kprobes.register(List.of(redirect, later));
        assertEquals(1, guest.run().exitCode(), "main sees the wrong value");
        assertTrue(guest.stdout().contains("fails() = -5\n"), guest.stdout());
        assertEquals(List.of(), events, "no post-handler, no later pre-handler after a redirect");
        assertEquals(1, later.hits(), "the later probe was hit all the same");
    }
}
