package io.fgraph.emulator.platform;

import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.ElfImageBuilder;
import io.fgraph.emulator.elf.LoadSegment;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Programs the bare-metal platform cannot place, and what it says about them. */
class ProgramLoadTest {
    /** Where a Linux static executable starts (riscv64-linux-gnu-gcc -static). */
    private static final long LINUX_TEXT = 0x10000;

    private static ElfImageBuilder linkedAtLinuxAddress() {
        return new ElfImageBuilder().entry(LINUX_TEXT)
                .segment(LINUX_TEXT, LINUX_TEXT, new byte[16], 16, LoadSegment.PF_R | LoadSegment.PF_X)
                .symbol("main", LINUX_TEXT, 16, ElfImageBuilder.STT_FUNC);
    }

    private static ProgramLoadException refusal(ElfFile elf, MachineConfig config) {
        return assertThrows(ProgramLoadException.class, () -> BareMetalPlatform.boot(elf, config));
    }

    @Test
    void aLinuxStaticProgramIsSaidToBeALinuxProgramNotLinkedForAnotherMemoryMap() throws Exception {
        ElfFile linux = ElfFile.parse(linkedAtLinuxAddress().abiTag(0, 4, 15, 0).build().bytes());
        ProgramLoadException e = refusal(linux, MachineConfig.defaults());
        assertEquals("a Linux program (its ABI note says Linux 4.15.0): the bare-metal platform runs only bare-metal "
                + "programs (e.g. picolibc with semihosting)", e.getMessage());
        assertFalse(e.largerRamWouldFit());
    }

    @Test
    void aBareMetalProgramLinkedBelowRamWasLinkedForAnotherMemoryMap() throws Exception {
        ElfFile elf = ElfFile.parse(linkedAtLinuxAddress().build().bytes());
        ProgramLoadException e = refusal(elf, MachineConfig.defaults());
        assertTrue(e.getMessage().endsWith("the program was linked for another memory map"), e.getMessage());
        assertFalse(e.largerRamWouldFit(), "more RAM above 0x80000000 cannot hold 0x10000");
    }

    @Test
    void aProgramPastTheEndOfRamNeedsMoreRamAndNamesTheSettingNotAFlag() {
        ElfFile fib = GuestRunner.elf("fib");
        ProgramLoadException e = refusal(fib, MachineConfig.defaults().withRamSize(1 << 20));
        assertTrue(e.getMessage().endsWith("the program needs more RAM (ramSize=1048576)"), e.getMessage());
        assertFalse(e.getMessage().contains("--"), "a library names settings, not command-line flags: " + e.getMessage());
        assertTrue(e.largerRamWouldFit());
    }
}
