package io.fgraph.core;

import io.fgraph.emulator.cpu.Hart;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Probes riding on fgraph's entry patch (KPROBES_ON_FTRACE): they coexist with users and leave no trace when detached. */
class EntryProbeTest {
    private static final class Recorder implements EntryProbe {
        final List<String> events = new ArrayList<>();

        @Override
        public boolean beforeEntry(Hart hart) {
            events.add("before a0=" + hart.x(Hart.A0));
            return false;
        }

        @Override
        public void afterEntry(Hart hart) {
            events.add("after");
        }
    }

    @Test
    void aProbeAndAUserOnTheSameEntryBothSeeEveryCall() throws Exception {
        Guest guest = Guest.boot("chain");
        long c = guest.address("c");
        Recorder probe = new Recorder();
        RecordingOps user = new RecordingOps(FunctionFilter.only("c"));
        guest.fgraph.register(user);
        try (AutoCloseable attached = guest.fgraph.attachEntryProbe(c, probe)) {
            assertEquals(0, guest.run().exitCode());
        }
        assertEquals(List.of("before a0=12", "after"), probe.events);
        assertEquals(List.of("> c 0", "< c 0 37"), user.events);
    }

    @Test
    void aProbeOnAnEntryWithoutNopsRunsAfterTheDisplacedInstruction() throws Exception {
        Guest guest = Guest.boot("chain");
        long printf = guest.address("printf");
        Recorder probe = new Recorder();
        guest.fgraph.attachEntryProbe(printf, probe);
        assertEquals(0, guest.run().exitCode());
        assertEquals(6, probe.events.size(), "three printf calls: " + probe.events);
        assertEquals("after", probe.events.get(1));
    }

    @Test
    void aRedirectingProbeSkipsTheCall() throws Exception {
        Guest guest = Guest.boot("chain");
        long c = guest.address("c");
        RecordingOps user = new RecordingOps(FunctionFilter.only("c"));
        guest.fgraph.register(user);
        guest.fgraph.attachEntryProbe(c, new EntryProbe() {
            @Override
            public boolean beforeEntry(Hart hart) {
                hart.setX(Hart.A0, 37); // c(12) = 37, returned without running c
                hart.setPc(hart.x(Hart.RA));
                return true;
            }
        });
        assertEquals(0, guest.run().exitCode(), guest.stdout());
        assertTrue(guest.stdout().startsWith("a(5) = 66\n"), guest.stdout());
        assertEquals(List.of(), user.events, "the call never happened");
    }

    @Test
    void detachingTheLastProbeRestoresTheEntry() throws Exception {
        Guest guest = Guest.boot("chain");
        long c = guest.address("c");
        byte[] before = guest.machine.memory().read(c, 4);
        AutoCloseable attached = guest.fgraph.attachEntryProbe(c, new Recorder());
        assertEquals(List.of(c), guest.fgraph.patchedEntries(), "the probe alone keeps it patched");
        attached.close();
        assertArrayEquals(before, guest.machine.memory().read(c, 4));
        assertThrows(IllegalArgumentException.class, () -> guest.fgraph.attachEntryProbe(c + 2, new Recorder()));
    }
}
