package io.fgraph.core;

import io.fgraph.emulator.RunResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FgraphEntryReturnTest {
    @Test
    void shouldSeeNestedCallsWithDepthAndReturnValues() {
        Guest guest = Guest.boot("chain");
        RecordingOps ops = new RecordingOps(FunctionFilter.only("a", "b", "c", "fails", "sum8"));
        guest.fgraph.register(ops);
        RunResult result = guest.run();
        assertEquals(0, result.exitCode(), guest.stdout());
        assertEquals(List.of("> a 0", "> b 1", "> c 2", "< c 2 37", "< b 1 33", "< a 0 66",
                "> fails 0", "< fails 0 -22", "> sum8 0", "< sum8 0 36"), ops.events);
        assertTrue(guest.stdout().contains("a(5) = 66"));
    }

    @Test
    void shouldTraceEveryFunctionOfTheProgramAndStillRunCorrectly() {
        Guest guest = Guest.boot("chain");
        RecordingOps ops = new RecordingOps(FunctionFilter.ALL);
        guest.fgraph.register(ops);
        RunResult result = guest.run();
        assertEquals(0, result.exitCode(), guest.stdout() + result);
        assertEquals("a(5) = 66\nfails() = -22\nsum8(1, 2, 3, 4, 5, 6, 7, 8) = 36\n", guest.stdout());
        assertTrue(ops.entries > 10, "entries=" + ops.entries);
        assertEquals(guest.fgraph.stats().hijacks(), guest.fgraph.stats().returns() + openFrames(guest));
        assertTrue(guest.fgraph.failures().isEmpty(), guest.fgraph.failures().toString());
        assertEquals(null, guest.fgraph.killReason());
    }

    private static long openFrames(Guest guest) {
        ShadowStack stack = guest.fgraph.stack(0);
        return stack == null ? 0 : stack.depth();
    }
}
