package io.fgraph.core;

import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.memory.Memory;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A program that overwrites fgraph's trampoline page is told the page was fgraph's. */
class TrampolinePageOverwrittenTest {
    @Test
    void aReturnIntoAnOverwrittenTrampolinePageSaysWhosePageItWas() {
        Guest guest = Guest.boot("chain");
        long page = guest.fgraph.trampoline() & ~(Memory.PAGE_SIZE - 1L);
        byte[] garbage = new byte[Memory.PAGE_SIZE];
        Arrays.fill(garbage, (byte) 0xff);
        guest.fgraph.register(new RecordingOps(FunctionFilter.only("c"), call -> {
            guest.machine.patchText(page, garbage); // what a runaway store loop in the program would do
            return true;
        }));
        RunResult result = guest.run();
        assertEquals(StopReason.ILLEGAL_INSTRUCTION, result.reason(), result.message());
        assertEquals(page, result.pc() & ~(Memory.PAGE_SIZE - 1L), result.message());
        assertTrue(result.message().contains("(fgraph trampolines"), result.message());
        assertTrue(result.message().endsWith("; RAM [0x83f00000, 0x84000000) is kept for the tracers' own code "
                + "(trampolines and out-of-line instruction copies): the program overwrote it or jumped into it"), result.message());
    }
}
