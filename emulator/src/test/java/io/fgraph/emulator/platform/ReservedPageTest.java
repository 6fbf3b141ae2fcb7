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

/** The top of RAM is the tracers' (trampolines, out-of-line slots): reports say so instead of naming __stack. */
class ReservedPageTest {

    private static Machine boot() throws ProgramLoadException {
        MachineConfig config = MachineConfig.defaults()
                .withConsole(InputStream.nullInputStream(), OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        return BareMetalPlatform.boot(GuestRunner.elf("fib"), config);
    }

    @Test
    void executingTheReservedPageSaysThePageIsFgraphsInsteadOfStackPlusOffset() throws Exception {
        Machine machine = boot();
        long page = BareMetalPlatform.toolTextStart((io.fgraph.emulator.memory.FlatMemory) machine.memory());
        assertEquals(0x83f0_0000L, page, "1 MiB at the top of 64 MiB");
        Hart hart = machine.hart(0);
        hart.reset(page + 0x10);
        RunResult result = machine.run();
        assertEquals(StopReason.ILLEGAL_INSTRUCTION, result.reason());
        assertEquals("hart 0: illegal instruction at pc 0x83f00010 (fgraph trampolines+0x10): bits 0x0000 "
                + "(compressed); RAM [0x83f00000, 0x84000000) is kept for the tracers' own code (trampolines and "
                + "out-of-line instruction copies): the program overwrote it or jumped into it", result.message());
    }

    @Test
    void addressesInTheReservedPageAreNamedAfterIt() throws Exception {
        Machine machine = boot();
        assertEquals("fgraph trampolines", machine.symbolizer().apply(0x83f0_0000L));
        assertEquals("fgraph trampolines+0xff8", machine.symbolizer().apply(0x83f0_0ff8L));
        assertEquals("fgraph out-of-line slots+0x8", machine.symbolizer().apply(0x83f0_1008L));
        assertEquals("main", machine.symbolizer().apply(GuestRunner.elf("fib").symbolAddress("main").orElseThrow()));
        assertEquals("0x83effff8", machine.symbolizer().apply(0x83ef_fff8L), "the stack below the region has no name");
    }
}
