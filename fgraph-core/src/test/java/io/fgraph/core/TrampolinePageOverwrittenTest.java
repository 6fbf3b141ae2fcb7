package io.fgraph.core;

import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.memory.Memory;
import io.fgraph.emulator.platform.BareMetalPlatform;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A program that overwrites fgraph's trampoline page is told the page was fgraph's. */
class TrampolinePageOverwrittenTest {
    @Test
    void aReturnIntoAnOverwrittenTrampolinePageSaysWhosePageItWas() {
        Guest guest = Guest.boot("chain");
        long page = BareMetalPlatform.reservedPage(guest.machine.memory());
        byte[] garbage = new byte[Memory.PAGE_SIZE];
        Arrays.fill(garbage, (byte) 0xff);
        guest.fgraph.register(new RecordingOps(FunctionFilter.only("c"), call -> {
            guest.machine.patchText(page, garbage); // what a runaway store loop in the program would do
            return true;
        }));
        RunResult result = guest.run();
        assertEquals(StopReason.ILLEGAL_INSTRUCTION, result.reason(), result.message());
        assertEquals(page, result.pc() & ~(Memory.PAGE_SIZE - 1L), result.message());
        assertTrue(result.message().contains("(fgraph trampoline page"), result.message());
        assertTrue(result.message().endsWith("; the last page of RAM [0x83fff000, 0x84000000) is fgraph's, kept for "
                + "tracer trampolines: the program overwrote it or jumped into it"), result.message());
    }
}
