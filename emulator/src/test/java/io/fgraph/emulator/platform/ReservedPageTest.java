package io.fgraph.emulator.platform;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.Hart;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The last page of RAM is the platform's (tracer trampolines): reports say so instead of naming __stack. */
class ReservedPageTest {

    private static Machine boot() throws ProgramLoadException {
        MachineConfig config = MachineConfig.defaults()
                .withConsole(InputStream.nullInputStream(), OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        return BareMetalPlatform.boot(GuestRunner.elf("fib"), config);
    }

    @Test
    void executingTheReservedPageSaysThePageIsFgraphsInsteadOfStackPlusOffset() throws Exception {
        Machine machine = boot();
        long page = BareMetalPlatform.reservedPage(machine.memory());
        assertEquals(0x83ff_f000L, page);
        Hart hart = machine.hart(0);
        hart.reset(page + 0x10);
        RunResult result = machine.run();
        assertEquals(StopReason.ILLEGAL_INSTRUCTION, result.reason());
        assertEquals("hart 0: illegal instruction at pc 0x83fff010 (fgraph trampoline page+0x10): bits 0x0000 "
                + "(compressed); the last page of RAM [0x83fff000, 0x84000000) is fgraph's, kept for tracer "
                + "trampolines: the program overwrote it or jumped into it", result.message());
    }

    @Test
    void addressesInTheReservedPageAreNamedAfterIt() throws Exception {
        Machine machine = boot();
        assertEquals("fgraph trampoline page", machine.symbolizer().apply(0x83ff_f000L));
        assertEquals("fgraph trampoline page+0xff8", machine.symbolizer().apply(0x83ff_fff8L));
        assertEquals("main", machine.symbolizer().apply(GuestRunner.elf("fib").symbolAddress("main").orElseThrow()));
        assertEquals("0x83ffeff8", machine.symbolizer().apply(0x83ff_eff8L), "the stack below the page has no name");
    }
}
