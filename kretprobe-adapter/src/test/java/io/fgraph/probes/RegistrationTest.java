package io.fgraph.probes;

import io.fgraph.emulator.elf.Symbol;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a probe may go: symbol+offset on an instruction boundary of its function, an instruction that can be displaced. */
class RegistrationTest {
    private static final KprobeHandler NOTHING = new KprobeHandler() {
    };

    private static String refusal(ProbedGuest guest, String target) {
        return assertThrows(KprobeException.class, () -> guest.kprobes.register(Kprobe.at(target, NOTHING))).getMessage();
    }

    @Test
    void anUnknownSymbolIsNamed() {
        ProbedGuest guest = ProbedGuest.boot("chain");
        UnknownSymbolException e = assertThrows(UnknownSymbolException.class,
                () -> guest.kprobes.register(Kprobe.at("mian", NOTHING)));
        assertEquals("mian", e.symbol());
        assertEquals("mian: no such symbol in the program", e.getMessage());
    }

    @Test
    void anOffsetInsideAnInstructionNamesTheInstruction() {
        ProbedGuest guest = ProbedGuest.boot("chain");
        // c+0xc: sllw a5,a0,0x1 = 0x0015179b (4 bytes)
        assertEquals("c+0xe: inside the 4-byte instruction 0x0015179b at c+0xc: probes go on instruction boundaries",
                refusal(guest, "c+0xe"));
        long c = guest.address("c");
        assertEquals("c+0xe: inside the 4-byte instruction 0x0015179b at c+0xc: probes go on instruction boundaries",
                refusal(guest, String.format("0x%x", c + 0xe)), "a raw address is checked the same way");
        assertEquals("c+0x7: an odd address is never an instruction's", refusal(guest, "c+0x7"));
    }

    @Test
    void anOffsetPastTheFunctionIsRefused() {
        ProbedGuest guest = ProbedGuest.boot("chain");
        Symbol c = guest.function("c");
        assertEquals(String.format("c+0x%x: past the end of c (0x%x bytes)", c.size(), c.size()),
                refusal(guest, "c+" + c.size()));
    }

    @Test
    void anAddressOutsideEveryFunctionIsRefused() {
        ProbedGuest guest = ProbedGuest.boot("chain");
        String message = refusal(guest, "0x10");
        assertTrue(message.startsWith("0x10: no function contains 0x10"), message);
    }

    @Test
    void systemInstructionsAreRefusedWithTheReason() {
        ProbedGuest guest = ProbedGuest.boot("chain");
        String message = refusal(guest, "sys_semihost+0x4");
        assertTrue(message.startsWith("sys_semihost+0x4: 0x00100073 at 0x"), message);
        assertTrue(message.endsWith("cannot be displaced: the ebreak of a semihosting call (slli x0,x0,0x1f; ebreak; "
                + "srai x0,x0,7), which must stay in place"), message);
    }

    @Test
    void dataIsNotCode() {
        ProbedGuest guest = ProbedGuest.boot("probes");
        assertEquals("primes: primes is a data object (0x14 bytes), not code", refusal(guest, "primes"));
    }

    @Test
    void theTracersOwnTextIsRefused() {
        ProbedGuest guest = ProbedGuest.withFgraph("chain");
        long trampoline = guest.fgraph.trampoline();
        String message = assertThrows(KprobeException.class,
                () -> guest.kprobes.register(Kprobe.at(trampoline, NOTHING))).getMessage();
        assertTrue(message.contains("no function contains"), message);
    }

    @Test
    void thePatchableNopsAreOneUnitWhenFgraphHooksTheEntry() {
        ProbedGuest plain = ProbedGuest.boot("chain");
        plain.kprobes.register(Kprobe.at("c+0x2", NOTHING)); // without fgraph, the second c.nop is an instruction
        ProbedGuest guest = ProbedGuest.withFgraph("chain");
        assertEquals("c+0x2: inside the patchable NOPs at c, which fgraph's entry hook replaces as one 4-byte "
                + "instruction: probe c itself", refusal(guest, "c+0x2"));
    }

    @Test
    void aProbeIsRegisteredOnceAtATime() {
        ProbedGuest guest = ProbedGuest.boot("chain");
        Kprobe probe = Kprobe.at("c+0xc", NOTHING);
        guest.kprobes.register(probe);
        assertEquals("kprobe c+0xc: already registered", assertThrows(KprobeException.class,
                () -> guest.kprobes.register(probe)).getMessage());
        guest.kprobes.unregister(probe);
        assertThrows(IllegalStateException.class, () -> guest.kprobes.unregister(probe));
        guest.kprobes.register(probe); // again, after it left
        assertTrue(probe.isRegistered());
    }

    @Test
    void aBatchIsRegisteredAllOrNothing() {
        ProbedGuest guest = ProbedGuest.boot("chain");
        long c = guest.address("c");
        byte[] before = guest.text(c, 0x18);
        Kprobe good = Kprobe.at("c+0xc", NOTHING);
        Kprobe alsoGood = Kprobe.at("c+0x10", NOTHING);
        Kprobe bad = Kprobe.at("c+0xe", NOTHING);
        assertThrows(KprobeException.class, () -> guest.kprobes.register(List.of(good, alsoGood, bad)));
        assertFalse(good.isRegistered());
        assertFalse(alsoGood.isRegistered());
        assertEquals(List.of(), guest.kprobes.probes());
        assertArrayEquals(before, guest.text(c, 0x18), "the text is as it was");
    }

    @Test
    void aProbeKnowsWhereItIs() {
        ProbedGuest guest = ProbedGuest.boot("chain");
        Kprobe probe = Kprobe.at(String.format("0x%x", guest.address("c") + 0x10), NOTHING);
        guest.kprobes.register(probe);
        assertEquals("c+0x10", probe.location());
        assertEquals(guest.address("c") + 0x10, probe.address());
        assertEquals(List.of(probe), guest.kprobes.probes());
    }

    @Test
    void aProbeRegisteredAgainReusesItsOutOfLineSlot() {
        ProbedGuest guest = ProbedGuest.boot("chain");
        Kprobe probe = Kprobe.at("c+0xc", NOTHING); // sllw: run out of line
        guest.kprobes.register(probe);
        int used = guest.machine.xol().used();
        for (int round = 0; round < 64; round++) {
            guest.kprobes.unregister(probe);
            guest.kprobes.register(probe);
        }
        assertEquals(used, guest.machine.xol().used(), "one slot per displaced instruction, not per registration");
        assertEquals(0, guest.run().exitCode(), guest.stdout());
        assertEquals(1, probe.hits());
    }
}
