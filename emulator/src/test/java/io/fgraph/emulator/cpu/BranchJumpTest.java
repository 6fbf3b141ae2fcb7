package io.fgraph.emulator.cpu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.BiPredicate;
import java.util.stream.Stream;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.A2;
import static io.fgraph.emulator.cpu.Asm.RA;
import static io.fgraph.emulator.cpu.Asm.T0;
import static io.fgraph.emulator.cpu.Asm.ZERO;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Conditional branches (signed and unsigned, taken and not), JAL and JALR. */
class BranchJumpTest {
    static final long[] VALUES = {0, 1, -1, 2, -2, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000_0000L, 0xFFFF_FFFFL};

    static Stream<Arguments> branches() {
        return Stream.of(
            Arguments.of("beq", 0, (BiPredicate<Long, Long>) (a, b) -> a.longValue() == b.longValue()),
            Arguments.of("bne", 1, (BiPredicate<Long, Long>) (a, b) -> a.longValue() != b.longValue()),
            Arguments.of("blt", 4, (BiPredicate<Long, Long>) (a, b) -> a < b),
            Arguments.of("bge", 5, (BiPredicate<Long, Long>) (a, b) -> a >= b),
            Arguments.of("bltu", 6, (BiPredicate<Long, Long>) (a, b) -> Long.compareUnsigned(a, b) < 0),
            Arguments.of("bgeu", 7, (BiPredicate<Long, Long>) (a, b) -> Long.compareUnsigned(a, b) >= 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("branches")
    void branchesCompareAsTheSpecSaysAndJumpRelativeToThemselves(String name, int funct3, BiPredicate<Long, Long> taken) {
        CpuHarness harness = new CpuHarness();
        long at = BASE + 0x2000;
        for (int offset : new int[] {8, -8, 4094, -4096, 0x800}) {
            harness.machine().memory().store32(at, Asm.encode(a -> a.branch(funct3, A1, A2, offset)));
            for (long x : VALUES) {
                for (long y : VALUES) {
                    harness.set(A1, x).set(A2, y);
                    harness.step(at);
                    long expected = taken.test(x, y) ? at + offset : at + 4;
                    assertEquals(expected, harness.hart().pc(),
                            () -> name + " 0x" + Long.toHexString(x) + ", 0x" + Long.toHexString(y) + " offset " + offset);
                }
            }
        }
    }

    @Test
    void branchComparingARegisterWithItselfIsDecidedByEquality() {
        CpuHarness harness = CpuHarness.runProgram(a -> {
            Asm.Label taken = a.label();
            Asm.Label end = a.label();
            a.li(T0, -5).blt(T0, T0, end).bge(T0, T0, taken).li(A0, 1).j(end)
                    .bind(taken).li(A0, 2).bind(end).halt();
        });
        assertEquals(2, harness.x(A0));
    }

    @Test
    void jalLinksTheNextAddressAndJumpsBothWays() {
        CpuHarness harness = new CpuHarness();
        long at = BASE + 0x10_0000 / 2;
        harness.machine().memory().store32(at, Asm.encode(a -> a.jal(RA, 0x1_0000)));
        harness.step(at);
        assertEquals(at + 0x1_0000, harness.hart().pc());
        assertEquals(at + 4, harness.x(RA));
        harness.machine().memory().store32(at, Asm.encode(a -> a.jal(A0, -0x4_0000)));
        harness.step(at);
        assertEquals(at - 0x4_0000, harness.hart().pc());
        assertEquals(at + 4, harness.x(A0));
    }

    @Test
    void jalToItselfLoopsForever() {
        CpuHarness harness = new CpuHarness(CpuHarness.config().withMaxInstructions(1000));
        harness.load(a -> a.jal(ZERO, 0));
        assertEquals(io.fgraph.emulator.StopReason.INSTRUCTION_LIMIT, harness.run().reason());
        assertEquals(BASE, harness.hart().pc());
        assertEquals(1000, harness.hart().instret());
    }

    @Test
    void jalrAddsTheImmediateAndClearsBitZero() {
        CpuHarness harness = new CpuHarness();
        long target = BASE + 0x400;
        harness.machine().memory().store32(BASE, Asm.encode(a -> a.jalr(RA, A1, 3)));
        harness.set(A1, target - 2);
        harness.step(BASE);
        assertEquals(target, harness.hart().pc(), "(target - 2 + 3) & ~1");
        assertEquals(BASE + 4, harness.x(RA));

        harness.machine().memory().store32(BASE, Asm.encode(a -> a.jalr(RA, A1, -2048)));
        harness.set(A1, target + 2048 + 1);
        harness.step(BASE);
        assertEquals(target, harness.hart().pc());
    }

    @Test
    void jalrWithRdEqualToRs1UsesTheOldValueForTheTarget() {
        CpuHarness harness = new CpuHarness();
        long target = BASE + 0x300;
        harness.machine().memory().store32(BASE, Asm.encode(a -> a.jalr(A0, A0, 0x10)));
        harness.set(A0, target - 0x10);
        harness.step(BASE);
        assertEquals(target, harness.hart().pc());
        assertEquals(BASE + 4, harness.x(A0));
    }

    @Test
    void callAndReturnThroughRa() {
        CpuHarness harness = CpuHarness.runProgram(a -> {
            Asm.Label function = a.label();
            a.li(A0, 20).jal(RA, function).addi(A0, A0, 1).halt()
                    .bind(function).slli(A0, A0, 1).jalr(ZERO, RA, 0);
        });
        assertEquals(41, harness.x(A0));
    }
}
