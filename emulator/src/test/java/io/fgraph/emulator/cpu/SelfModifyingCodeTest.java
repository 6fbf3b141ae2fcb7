package io.fgraph.emulator.cpu;

import io.fgraph.emulator.hook.HookAction;
import io.fgraph.emulator.hook.JavaTrap;
import io.fgraph.emulator.memory.Memory;
import org.junit.jupiter.api.Test;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.A2;
import static io.fgraph.emulator.cpu.Asm.T0;
import static io.fgraph.emulator.cpu.Asm.ZERO;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Coherence of the decode cache with stores, fence.i and {@code Machine.patchText}. */
class SelfModifyingCodeTest {
    private static byte[] littleEndian(int word) {
        return new byte[] {(byte) word, (byte) (word >>> 8), (byte) (word >>> 16), (byte) (word >>> 24)};
    }

    @Test
    void aStoreOverAnExecutedInstructionThenFenceIRunsTheNewOne() {
        int replacement = Asm.encode(a -> a.addi(A0, A0, 100));
        CpuHarness harness = CpuHarness.runProgram(a -> {
            Asm.Label patched = a.label();
            Asm.Label done = a.label();
            a.li(A0, 0).li(A1, 0).li(A2, replacement)
                    .bind(patched).addi(A0, A0, 1)          // runs twice: first as +1, then as +100
                    .bne(A1, ZERO, done)
                    .li(A1, 1)
                    .auipc(T0, 0).sw(A2, -12, T0)           // overwrite the addi at 'patched' (auipc is 12 bytes after it)
                    .fenceI()
                    .j(patched)
                    .bind(done).halt();
        });
        assertEquals(101, harness.x(A0));
    }

    @Test
    void patchTextInvalidatesTheDecodedInstruction() {
        CpuHarness harness = new CpuHarness();
        harness.machine().memory().store32(BASE, Asm.encode(a -> a.addi(A0, A0, 1)));
        harness.set(A0, 0);
        harness.step(BASE);
        assertEquals(1, harness.x(A0));
        byte[] old = harness.machine().patchText(BASE, littleEndian(Asm.encode(a -> a.addi(A0, A0, 50))));
        assertArrayEquals(littleEndian(Asm.encode(a -> a.addi(A0, A0, 1))), old, "patchText returns the old bytes");
        harness.step(BASE);
        assertEquals(51, harness.x(A0));
    }

    @Test
    void patchTextFromAHookWhileTheGuestRuns() {
        CpuHarness harness = new CpuHarness();
        int id = harness.machine().hooks().allocateTrap((hart, trapId) -> {
            // Replace the loop body: from now on the loop adds 10 instead of 1.
            harness.machine().patchText(BASE + 8, littleEndian(Asm.encode(a -> a.addi(A0, A0, 10))));
            return HookAction.SKIP;
        });
        harness.load(a -> {
            Asm.Label loop = a.label();
            Asm.Label skip = a.label();
            a.li(A0, 0).li(A1, 4)
                    .bind(loop).addi(A0, A0, 1)            // BASE + 8
                    .addi(A1, A1, -1)
                    .li(T0, 2).bne(A1, T0, skip).word(JavaTrap.encode(id))
                    .bind(skip).bne(A1, ZERO, loop)
                    .halt();
        });
        harness.runToHalt();
        assertEquals(1 + 1 + 10 + 10, harness.x(A0));
    }

    @Test
    void anInstructionStraddlingAPageWhoseSecondHalfIsRewritten() {
        CpuHarness harness = new CpuHarness();
        long boundary = BASE + 0x2000;
        long at = boundary - 2;
        int original = Asm.encode(a -> a.addi(A0, A0, 1));
        int replacement = original & 0xFFFF | Asm.encode(a -> a.addi(A0, A0, -5)) & 0xFFFF_0000; // same low half
        harness.machine().memory().store32(at, original);
        harness.set(A0, 0);
        harness.step(at);
        assertEquals(1, harness.x(A0));
        harness.machine().patchText(boundary, new byte[] {(byte) (replacement >>> 16), (byte) (replacement >>> 24)});
        harness.step(at);
        assertEquals(-4, harness.x(A0), "the patch touched only the next page, yet the straddling decode was dropped");
    }

    @Test
    void aGuestStoreToTheSecondHalfOfAStraddlingInstructionIsSeenWithoutFenceI() {
        // The emulator documents every store as coherent with the decode cache (docs/emulator.md).
        CpuHarness harness = new CpuHarness();
        long boundary = BASE + 0x3000;
        long at = boundary - 2;
        int original = Asm.encode(a -> a.addi(A0, A0, 1));
        int replacement = Asm.encode(a -> a.addi(A0, A0, 7));
        harness.machine().memory().store32(at, original);
        Asm store = new Asm(BASE + 0x100);
        store.sh(A2, 0, A1);
        harness.load(store);
        harness.set(A0, 0).set(A1, boundary).set(A2, replacement >>> 16);
        harness.step(at);
        assertEquals(1, harness.x(A0));
        harness.step(BASE + 0x100);
        harness.step(at);
        assertEquals(1 + 7, harness.x(A0));
    }

    @Test
    void writingALaterPageKeepsWatchingTheHalfOfAStraddlingInstructionOnItsNeighbour() {
        // Pages P0, P1, P2 all hold decoded code; an instruction straddles P0 -> P1. A write to P2 drops
        // P2 and P1 (P1's last slot may straddle into P2) but P0 is still cached and still depends on
        // the first bytes of P1, so a later patch of those bytes must still drop P0.
        CpuHarness harness = new CpuHarness();
        Memory memory = harness.machine().memory();
        long p1 = BASE + 0x5000;
        long p2 = p1 + Memory.PAGE_SIZE;
        long straddler = p1 - 2;
        memory.store32(straddler, Asm.encode(a -> a.addi(A0, A0, 1)));
        memory.store32(p1 + 0x10, Asm.encode(a -> a.addi(A1, A1, 1)));
        memory.store32(p2 + 0x10, Asm.encode(a -> a.addi(A1, A1, 1)));
        harness.set(A0, 0);
        harness.step(straddler);
        harness.step(p1 + 0x10);
        harness.step(p2 + 0x10);
        harness.machine().patchText(p2 + 0x800, new byte[] {1, 2, 3, 4}); // data next to code in P2
        int replacement = Asm.encode(a -> a.addi(A0, A0, 0x100));
        harness.machine().patchText(p1, new byte[] {(byte) (replacement >>> 16), (byte) (replacement >>> 24)});
        harness.step(straddler);
        // addi a0,a0,1 and addi a0,a0,0x100 differ only in the upper half, so the result is the new instruction.
        assertEquals(1 + 0x100, harness.x(A0), "the straddling instruction must run with its new upper half");
    }
}
