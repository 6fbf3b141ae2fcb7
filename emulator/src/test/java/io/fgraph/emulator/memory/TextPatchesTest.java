package io.fgraph.emulator.memory;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.cpu.CpuHarness;
import io.fgraph.emulator.hook.JavaTrap;
import io.fgraph.emulator.insn.CallSites;
import org.junit.jupiter.api.Test;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.RA;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hooks' patches keep the program's instructions readable: a patched call is still a call. */
class TextPatchesTest {
    @Test
    void aCallUnderAPatchIsStillACall() {
        CpuHarness harness = new CpuHarness();
        Machine machine = harness.machine();
        // BASE: jal ra, +8 (4 bytes); BASE+4: c.jalr a0 (2 bytes); BASE+6: addi
        harness.load(a -> a.jal(RA, 8).cJalr(A0).addi(A0, A0, 1));
        CallSites sites = new CallSites(machine.memory());
        assertTrue(sites.followsCall(BASE + 4));
        assertTrue(sites.followsCall(BASE + 6));

        byte[] jal = machine.memory().read(BASE, 4);
        byte[] cJalr = machine.memory().read(BASE + 4, 2);
        machine.writePatch(BASE, JavaTrap.bytes(7));
        machine.writePatch(BASE + 4, new byte[] {(byte) 0x02, (byte) 0x90}); // c.ebreak
        assertTrue(sites.followsCall(BASE + 4), "the trap over the jal");
        assertTrue(sites.followsCall(BASE + 6), "the c.ebreak over the c.jalr");
        TextPatches patches = machine.memory().textPatches();
        assertEquals((jal[2] & 0xFF) | ((jal[3] & 0xFF) << 8), patches.parcel(BASE + 2), "the high half of the 4-byte original");
        assertArrayEquals(jal, patches.original(BASE));

        assertArrayEquals(jal, machine.restorePatch(BASE));
        assertArrayEquals(cJalr, machine.restorePatch(BASE + 4));
        assertArrayEquals(jal, machine.memory().read(BASE, 4));
        assertNull(patches.original(BASE));
        assertThrows(IllegalStateException.class, () -> machine.restorePatch(BASE));
    }

    @Test
    void patchingTwiceKeepsTheProgramsBytes() {
        CpuHarness harness = new CpuHarness();
        Machine machine = harness.machine();
        harness.load(a -> a.addi(A0, A0, 1).addi(A0, A0, 2));
        byte[] addi = machine.memory().read(BASE, 4);
        machine.writePatch(BASE, JavaTrap.bytes(7));
        machine.writePatch(BASE, JavaTrap.bytes(8));
        assertArrayEquals(addi, machine.restorePatch(BASE), "the second patch replaced the first, not the program");
        assertFalse(new CallSites(machine.memory()).followsCall(BASE + 4));
    }
}
