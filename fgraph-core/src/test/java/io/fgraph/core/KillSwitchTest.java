package io.fgraph.core;

import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.Hart;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kill switch: tracing stops cleanly, frames in flight still return to their callers. */
class KillSwitchTest {
    @Test
    void killingWithFramesInFlightRestoresEntriesAndTheProgramCompletes() {
        Guest guest = Guest.boot("chain");
        byte[] original = guest.machine.memory().read(guest.address("a"), 4);
        RecordingOps user = new RecordingOps(FunctionFilter.only("a", "b", "c", "fails"), call -> {
            if (call.functionName().equals("c")) {
                guest.fgraph.kill("test kill");
            }
            return true;
        });
        guest.fgraph.register(user);
        RunResult result = guest.run();
        assertEquals(0, result.exitCode());
        assertEquals("a(5) = 66\nfails() = -22\nsum8(1, 2, 3, 4, 5, 6, 7, 8) = 36\n", guest.stdout());
        assertEquals(List.of("> a 0", "> b 1", "> c 2"), user.events, "no callback after the kill");
        assertEquals("test kill", guest.fgraph.killReason());
        assertEquals(List.of(), guest.fgraph.patchedEntries());
        assertArrayEquals(original, guest.machine.memory().read(guest.address("a"), 4));
        assertEquals(3, guest.fgraph.stats().returns(), "the 3 frames in flight went through the trampoline");
        assertThrows(IllegalStateException.class, () -> guest.fgraph.register(new RecordingOps(FunctionFilter.ALL)));
    }

    @Test
    void aReturnToTheTrampolineWithNoFrameStopsTheMachineWithAReport() {
        Guest guest = Guest.boot("chain");
        guest.fgraph.register(new RecordingOps(FunctionFilter.only("c"), call -> {
            Hart hart = call.hart();
            hart.setX(Hart.RA, guest.fgraph.trampoline()); // a corrupted return address
            return false;
        }));
        RunResult result = guest.run();
        assertEquals(StopReason.HOOK_FAILURE, result.reason());
        assertTrue(result.message().contains("empty shadow stack"), result.message());
        assertTrue(guest.fgraph.killReason().contains("empty shadow stack"));
    }
}
