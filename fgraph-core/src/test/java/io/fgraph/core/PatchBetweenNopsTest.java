package io.fgraph.core;

import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.cpu.Hart;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hart stopped between an entry's two {@code c.nop}s when the entry trap is written resumes in
 * the trap's upper half. That parcel is RVC's illegal 0x0000 and stands for the second
 * {@code c.nop}: the program runs on unharmed, with the same instruction count, and only that one
 * call is not seen (its entry had already run).
 */
class PatchBetweenNopsTest {
    private static final int C_NOP = 0x0001;

    @Test
    void aHartBetweenTheNopsWhenTheTrapLandsRunsOnAsIfItRanTheSecondNop() {
        Guest reference = Guest.boot("fib", "12");
        RecordingOps everyCall = new RecordingOps(FunctionFilter.only("fib"));
        reference.fgraph.register(everyCall);
        RunResult referenceResult = reference.run();
        assertEquals(0, referenceResult.exitCode(), reference.stdout());

        Guest guest = Guest.boot("fib", "12");
        long entry = guest.address("fib");
        assertEquals(C_NOP, guest.machine.memory().fetch16(entry), "fib starts with the patchable c.nops");
        assertEquals(C_NOP, guest.machine.memory().fetch16(entry + 2));
        Hart hart = guest.machine.hart(0);
        long steps = 0;
        while (hart.pc() != entry + 2) {
            guest.machine.step(hart);
            assertTrue(++steps < 1_000_000, "fib's second c.nop was never reached");
        }
        RecordingOps user = new RecordingOps(FunctionFilter.only("fib"));
        guest.fgraph.register(user);
        assertEquals(0, guest.machine.memory().fetch16(entry + 2), "the trap's upper parcel is 0x0000");

        RunResult result = guest.run();

        assertEquals(0, result.exitCode(), result.message() + guest.stdout());
        assertEquals(reference.stdout(), guest.stdout());
        assertNull(guest.fgraph.killReason());
        assertEquals(everyCall.entries - 1, user.entries, "every call but the one already past its entry");
        assertEquals(user.entries, user.returns);
        assertEquals(reference.machine.instructions(), guest.machine.instructions(),
                "the illegal parcel retired in place of the c.nop");
    }
}
