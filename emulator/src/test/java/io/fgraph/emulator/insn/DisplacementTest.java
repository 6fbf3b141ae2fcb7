package io.fgraph.emulator.insn;

import io.fgraph.emulator.cpu.Asm;
import io.fgraph.emulator.cpu.CpuHarness;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.hook.JavaTrap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.RA;
import static io.fgraph.emulator.cpu.Asm.T0;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which instructions are simulated, run out of line or refused, and that a simulated one does at
 * its original address exactly what the CPU does: each simulated instruction is executed once by
 * the interpreter and once by {@link Displacement#simulate} from the same state, and both results
 * (pc and every register) must agree.
 */
class DisplacementTest {
    private static final long AT = BASE + 0x100;

    private static Displacement classify(Consumer<Asm> one) throws RefusedInstructionException {
        CpuHarness harness = new CpuHarness();
        Asm asm = new Asm(AT);
        one.accept(asm);
        harness.load(asm);
        return Displacement.at(harness.machine().memory(), AT, address -> false);
    }

    static Stream<Object[]> simulated() {
        return Stream.of(
                new Object[] {"auipc", (Consumer<Asm>) a -> a.auipc(A0, 0x12345)},
                new Object[] {"jal ra", (Consumer<Asm>) a -> a.word(0x0400_00ef)},          // jal ra, +64
                new Object[] {"jal x0 (j)", (Consumer<Asm>) a -> a.word(0xff9f_f06f)},      // j -8
                new Object[] {"jalr ra, 8(t0)", (Consumer<Asm>) a -> a.word(0x0082_80e7)},
                new Object[] {"jalr t0, 0(t0) (rd = rs1)", (Consumer<Asm>) a -> a.word(0x0002_82e7)},
                new Object[] {"beq taken", (Consumer<Asm>) a -> a.word(0x00b5_0863)},       // beq a0, a1, +16
                new Object[] {"bne not taken", (Consumer<Asm>) a -> a.word(0x00b5_1863)},
                new Object[] {"blt", (Consumer<Asm>) a -> a.word(0x00b5_4863)},
                new Object[] {"bge", (Consumer<Asm>) a -> a.word(0x00b5_5863)},
                new Object[] {"bltu", (Consumer<Asm>) a -> a.word(0x00b5_6863)},
                new Object[] {"bgeu", (Consumer<Asm>) a -> a.word(0x00b5_7863)},
                new Object[] {"c.j", (Consumer<Asm>) a -> a.cJ(-16)},
                new Object[] {"c.jr t0", (Consumer<Asm>) a -> a.cJr(T0)},
                new Object[] {"c.jalr t0", (Consumer<Asm>) a -> a.cJalr(T0)},
                new Object[] {"c.beqz a0", (Consumer<Asm>) a -> a.half(0xc111)},            // c.beqz a0, +4
                new Object[] {"c.bnez a0", (Consumer<Asm>) a -> a.half(0xe111)});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("simulated")
    void simulatedInstructionsDoWhatTheCpuDoes(String name, Consumer<Asm> one) throws Exception {
        Displacement d = classify(one);
        assertEquals(Displacement.Mode.SIMULATED, d.mode(), name);
        CpuHarness real = new CpuHarness();
        Asm asm = new Asm(AT);
        one.accept(asm);
        real.load(asm);
        CpuHarness simulated = new CpuHarness();
        simulated.load(asm);
        for (CpuHarness h : new CpuHarness[] {real, simulated}) {
            h.set(A0, 5).set(A1, 5).set(T0, BASE + 0x400).set(RA, 0x1234);
        }
        real.step(AT);
        Hart hart = simulated.hart();
        hart.setPc(AT);
        d.simulate(hart);
        assertEquals(real.hart().pc(), hart.pc(), name + ": pc");
        for (int r = 1; r < 32; r++) {
            assertEquals(real.x(r), simulated.x(r), name + ": x" + r);
        }
    }

    @Test
    void theLinkRegisterHoldsTheOriginalAddressPlusLength() throws Exception {
        Displacement d = classify(a -> a.cJalr(T0));
        CpuHarness harness = new CpuHarness();
        harness.set(T0, BASE + 0x800);
        harness.hart().setPc(0); // wherever the hart is: the link comes from the original address
        d.simulate(harness.hart());
        assertEquals(AT + 2, harness.x(RA));
        assertEquals(BASE + 0x800, harness.hart().pc());
    }

    @Test
    void ordinaryInstructionsRunOutOfLine() throws Exception {
        assertEquals(Displacement.Mode.OUT_OF_LINE, classify(a -> a.addi(A0, A0, 1)).mode());
        assertEquals(Displacement.Mode.OUT_OF_LINE, classify(a -> a.sd(A0, 8, T0)).mode());
        assertEquals(Displacement.Mode.OUT_OF_LINE, classify(a -> a.cAddi(A0, 1)).mode());
        assertEquals(Displacement.Mode.OUT_OF_LINE, classify(a -> a.amoaddD(A0, A1, T0)).mode());
    }

    @Test
    void systemInstructionsTrapsAndSemihostingAreRefusedWithTheReason() {
        assertRefused(a -> a.word(0x0000_0073), "ecall");
        assertRefused(a -> a.word(0x0010_0073), "ebreak");
        assertRefused(a -> a.cEbreak(), "c.ebreak");
        assertRefused(a -> a.word(0x3020_0073), "mret");
        assertRefused(a -> a.word(0x1050_0073), "wfi");
        assertRefused(a -> a.csrr(A0, 0xC00), "CSR");
        assertRefused(a -> a.word(JavaTrap.encode(7)), "trap-to-Java");
        assertRefused(a -> a.word(0x01f0_1013).word(0x0010_0073).word(0x4070_5013), "semihosting");
    }

    @Test
    void theEbreakAndTheLastInstructionOfASemihostingCallAreRefusedToo() throws Exception {
        CpuHarness harness = new CpuHarness();
        harness.load(new Asm(AT).word(0x01f0_1013).word(0x0010_0073).word(0x4070_5013));
        for (long at = AT; at < AT + 12; at += 4) {
            long where = at;
            RefusedInstructionException e = assertThrows(RefusedInstructionException.class,
                    () -> Displacement.at(harness.machine().memory(), where, address -> false));
            assertTrue(e.getMessage().contains("semihosting"), e.getMessage());
        }
    }

    @Test
    void reservedTextIsRefused() throws Exception {
        CpuHarness harness = new CpuHarness();
        harness.load(new Asm(AT).addi(A0, A0, 1));
        RefusedInstructionException e = assertThrows(RefusedInstructionException.class,
                () -> Displacement.at(harness.machine().memory(), AT, address -> address == AT));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }

    private static void assertRefused(Consumer<Asm> one, String reason) {
        RefusedInstructionException e = assertThrows(RefusedInstructionException.class, () -> classify(one));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
