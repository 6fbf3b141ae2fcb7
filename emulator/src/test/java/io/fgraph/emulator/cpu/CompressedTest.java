package io.fgraph.emulator.cpu;

import io.fgraph.emulator.hook.HookAction;
import io.fgraph.emulator.memory.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.A5;
import static io.fgraph.emulator.cpu.Asm.RA;
import static io.fgraph.emulator.cpu.Asm.S0;
import static io.fgraph.emulator.cpu.Asm.S1;
import static io.fgraph.emulator.cpu.Asm.SP;
import static io.fgraph.emulator.cpu.Asm.T0;
import static io.fgraph.emulator.cpu.Asm.T6;
import static io.fgraph.emulator.cpu.Asm.ZERO;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static io.fgraph.emulator.cpu.CpuHarness.DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every RV64C form: each is stepped on its own (it must advance the pc by 2 and do what its
 * 32-bit expansion does), then mixed with 32-bit instructions in programs, including a 32-bit
 * instruction at an address that is 2 mod 4. Reserved encodings raise illegal-instruction with the
 * 16 bits in mtval.
 */
class CompressedTest {
    private final CpuHarness harness = new CpuHarness(CpuHarness.config().withDeliverFaults(true));
    private static final long TRAP_VECTOR = BASE + 0x1000;

    /** Executes one compressed instruction at BASE and checks it was 2 bytes long. */
    private void step16(Consumer<Asm> instruction) {
        int bits = Asm.encode16(instruction);
        harness.machine().memory().store16(BASE, bits);
        harness.step(BASE);
        assertEquals(BASE + 2, harness.hart().pc(), () -> String.format("pc after 0x%04x", bits));
    }

    private void expectIllegal(int bits) {
        harness.hart().mtvec = TRAP_VECTOR;
        harness.machine().memory().store16(BASE, bits);
        harness.step(BASE);
        assertEquals(TrapCause.ILLEGAL_INSTRUCTION, harness.hart().mcause(), () -> String.format("mcause for 0x%04x", bits));
        assertEquals(bits, harness.hart().mtval(), "mtval holds the 16 instruction bits");
        assertEquals(BASE, harness.hart().mepc());
        assertEquals(TRAP_VECTOR, harness.hart().pc());
    }

    @Test
    void addi4spnAddsAScaledUnsignedImmediateToSp() {
        harness.set(SP, 0x1000);
        step16(a -> a.cAddi4spn(S0, 1020));
        assertEquals(0x1000 + 1020, harness.x(S0));
        step16(a -> a.cAddi4spn(A5, 4));
        assertEquals(0x1004, harness.x(A5));
    }

    @Test
    void theAllZeroHalfwordAndAZeroAddi4spnAreIllegal() {
        expectIllegal(0x0000);
        expectIllegal(0x0004); // c.addi4spn a1, sp, 0: nzuimm = 0 is reserved
    }

    @Test
    void compressedLoadsAndStoresUseScaledOffsets() {
        Memory memory = harness.machine().memory();
        memory.store32(DATA + 124, 0x8000_0001);
        memory.store64(DATA + 248, 0x8877_6655_4433_2211L);
        harness.set(A5, DATA);
        step16(a -> a.cLw(A0, 124, A5));
        assertEquals(0xFFFF_FFFF_8000_0001L, harness.x(A0), "c.lw sign-extends");
        step16(a -> a.cLd(A1, 248, A5));
        assertEquals(0x8877_6655_4433_2211L, harness.x(A1));
        harness.set(S1, 0x1122_3344_5566_7788L);
        step16(a -> a.cSw(S1, 64, A5));
        assertEquals(0x5566_7788L, memory.load32(DATA + 64));
        assertEquals(0, memory.load32(DATA + 68), "c.sw writes 4 bytes only");
        step16(a -> a.cSd(S1, 136, A5));
        assertEquals(0x1122_3344_5566_7788L, memory.load64(DATA + 136));
    }

    @Test
    void stackPointerRelativeLoadsAndStores() {
        Memory memory = harness.machine().memory();
        harness.set(SP, DATA);
        harness.set(T6, 0xF0E0_D0C0_B0A0_9080L);
        step16(a -> a.cSwsp(T6, 252));
        assertEquals((int) 0xB0A0_9080L, (int) memory.load32(DATA + 252));
        step16(a -> a.cSdsp(T6, 504));
        assertEquals(0xF0E0_D0C0_B0A0_9080L, memory.load64(DATA + 504));
        step16(a -> a.cLwsp(A0, 252));
        assertEquals(0xFFFF_FFFF_B0A0_9080L, harness.x(A0), "c.lwsp sign-extends");
        step16(a -> a.cLdsp(RA, 504));
        assertEquals(0xF0E0_D0C0_B0A0_9080L, harness.x(RA));
    }

    @Test
    void lwspAndLdspToX0AndJrOfX0AreReserved() {
        expectIllegal(0x4002); // c.lwsp x0, 0(sp)
        expectIllegal(0x6002); // c.ldsp x0, 0(sp)
        expectIllegal(0x8002); // c.jr x0
    }

    @Test
    void immediateArithmetic() {
        harness.set(A0, 100);
        step16(a -> a.cAddi(A0, -32));
        assertEquals(68, harness.x(A0));
        step16(a -> a.cAddi(A0, 31));
        assertEquals(99, harness.x(A0));
        step16(a -> a.cNop());
        assertEquals(99, harness.x(A0));

        harness.set(A1, 0x7FFF_FFFFL);
        step16(a -> a.cAddiw(A1, 1));
        assertEquals(0xFFFF_FFFF_8000_0000L, harness.x(A1), "c.addiw wraps and sign-extends");
        harness.set(A1, 0x1_FFFF_FFFFL);
        step16(a -> a.cAddiw(A1, 0));
        assertEquals(-1L, harness.x(A1), "c.addiw rd, 0 is sext.w");

        step16(a -> a.cLi(T6, -17));
        assertEquals(-17, harness.x(T6));
        step16(a -> a.cLi(T6, 31));
        assertEquals(31, harness.x(T6));
    }

    @Test
    void rv64HasCAddiwWhereRv32HasCJal() {
        // Quadrant 1, funct3 001 is c.jal in RV32C but c.addiw in RV64C: no link, no jump.
        harness.set(RA, 0x1234);
        harness.set(A0, 5);
        step16(a -> a.cAddiw(A0, 3));
        assertEquals(8, harness.x(A0));
        assertEquals(0x1234, harness.x(RA));
        expectIllegal(0x2001); // c.addiw x0, 0: rd = x0 is reserved
    }

    @Test
    void addi16spAdjustsTheStackPointerInSixteenByteSteps() {
        harness.set(SP, 0x10000);
        step16(a -> a.cAddi16sp(-512));
        assertEquals(0x10000 - 512, harness.x(SP));
        step16(a -> a.cAddi16sp(496));
        assertEquals(0x10000 - 16, harness.x(SP));
        step16(a -> a.cAddi16sp(16));
        assertEquals(0x10000, harness.x(SP));
        expectIllegal(0x6101); // c.addi16sp sp, 0 is reserved
    }

    @Test
    void luiSignExtendsItsSixBitImmediate() {
        step16(a -> a.cLui(A0, -32));
        assertEquals(0xFFFF_FFFF_FFFE_0000L, harness.x(A0));
        step16(a -> a.cLui(A0, 31));
        assertEquals(0x1F000L, harness.x(A0));
        step16(a -> a.cLui(A0, 1));
        assertEquals(0x1000L, harness.x(A0));
        expectIllegal(0x6501); // c.lui a0, 0 is reserved
    }

    @Test
    void luiToX0IsAHintThatDoesNothing() {
        // RVC: "the remaining code points with rd=x0 are HINTs" (only nzimm = 0 is reserved).
        step16(a -> a.cLui(ZERO, 5));
        assertEquals(0, harness.x(ZERO));
    }

    @Test
    void shiftsAndAndi() {
        harness.set(A0, Long.MIN_VALUE);
        step16(a -> a.cSrli(A0, 63));
        assertEquals(1, harness.x(A0));
        harness.set(A0, Long.MIN_VALUE);
        step16(a -> a.cSrai(A0, 63));
        assertEquals(-1, harness.x(A0));
        harness.set(A5, -8);
        step16(a -> a.cSrai(A5, 1));
        assertEquals(-4, harness.x(A5));
        harness.set(T6, 1);
        step16(a -> a.cSlli(T6, 63));
        assertEquals(Long.MIN_VALUE, harness.x(T6));
        harness.set(S1, 0x1234_5678_9ABC_DEFFL);
        step16(a -> a.cAndi(S1, -32));
        assertEquals(0x1234_5678_9ABC_DEE0L, harness.x(S1));
        harness.set(S1, 0xFFL);
        step16(a -> a.cAndi(S1, 5));
        assertEquals(5, harness.x(S1));
    }

    @Test
    void registerArithmetic() {
        long x = 0x0F0F_0000_FFFF_1234L;
        long y = 0x00FF_00FF_8000_0001L;
        harness.set(A0, x).set(A1, y);
        step16(a -> a.cSub(A0, A1));
        assertEquals(x - y, harness.x(A0));
        harness.set(A0, x);
        step16(a -> a.cXor(A0, A1));
        assertEquals(x ^ y, harness.x(A0));
        harness.set(A0, x);
        step16(a -> a.cOr(A0, A1));
        assertEquals(x | y, harness.x(A0));
        harness.set(A0, x);
        step16(a -> a.cAnd(A0, A1));
        assertEquals(x & y, harness.x(A0));
        harness.set(A0, x);
        step16(a -> a.cSubw(A0, A1));
        assertEquals((long) ((int) x - (int) y), harness.x(A0));
        harness.set(A0, x);
        step16(a -> a.cAddw(A0, A1));
        assertEquals((long) ((int) x + (int) y), harness.x(A0));
        harness.set(T6, 77);
        step16(a -> a.cMv(A0, T6));
        assertEquals(77, harness.x(A0));
        step16(a -> a.cAdd(A0, T6));
        assertEquals(154, harness.x(A0));
    }

    @Test
    void reservedArithmeticEncodingsAreIllegal() {
        expectIllegal(0x9C41); // quadrant 1, funct3 100, bit12=1, funct2=11, selector 10: reserved in RV64
        expectIllegal(0x9C61); // selector 11: reserved
    }

    @Test
    void jumpsAndLinks() {
        long target = BASE + 0x100;
        harness.set(T0, target + 1);
        harness.machine().memory().store16(BASE, Asm.encode16(a -> a.cJr(T0)));
        harness.step(BASE);
        assertEquals(target, harness.hart().pc(), "c.jr clears bit 0 like jalr");

        harness.set(T0, target);
        harness.machine().memory().store16(BASE, Asm.encode16(a -> a.cJalr(T0)));
        harness.step(BASE);
        assertEquals(target, harness.hart().pc());
        assertEquals(BASE + 2, harness.x(RA), "c.jalr links pc + 2");

        harness.set(RA, target);
        harness.machine().memory().store16(BASE, Asm.encode16(a -> a.cJalr(RA)));
        harness.step(BASE);
        assertEquals(target, harness.hart().pc(), "c.jalr ra jumps to the old ra");
        assertEquals(BASE + 2, harness.x(RA));

        long at = BASE + 0x4000;
        for (int offset : new int[] {2, 16, -2048, 2046, 1024, -2}) {
            harness.machine().memory().store16(at, Asm.encode16(a -> a.cJ(offset)));
            harness.step(at);
            assertEquals(at + offset, harness.hart().pc(), "c.j " + offset);
        }
    }

    @ParameterizedTest(name = "value {0}")
    @ValueSource(longs = {0, 1, -1, 0x1_0000_0000L})
    void compareWithZeroBranches(long value) {
        CpuHarness program = CpuHarness.runProgram(a -> {
            Asm.Label zero = a.label();
            Asm.Label nonZero = a.label();
            Asm.Label back = a.label();
            Asm.Label end = a.label();
            a.li(S0, value).li(A0, 0).li(A1, 0)
                    .cBeqz(S0, zero).li(A0, 1).j(back)
                    .bind(zero).li(A0, 2)
                    .bind(back).cBnez(S0, nonZero).li(A1, 1).j(end)
                    .bind(nonZero).li(A1, 2)
                    .bind(end).halt();
        });
        assertEquals(value == 0 ? 2 : 1, program.x(A0), "c.beqz");
        assertEquals(value != 0 ? 2 : 1, program.x(A1), "c.bnez");
    }

    @Test
    void branchOffsetsReachTheirEncodableLimits() {
        long at = BASE + 0x4000;
        harness.set(S0, 0);
        for (int offset : new int[] {-256, 254, 2, -2, 0x80, 0x20}) {
            harness.machine().memory().store16(at, Asm.cbType(0b110, offset, S0));
            harness.step(at);
            assertEquals(at + offset, harness.hart().pc(), "c.beqz " + offset);
        }
    }

    @Test
    void ebreakReachesTheBreakpointHandlerAndSkipsTwoBytes() {
        List<Long> hits = new ArrayList<>();
        CpuHarness program = new CpuHarness();
        program.machine().hooks().addBreakpointHandler(hart -> {
            hits.add(hart.pc());
            return HookAction.SKIP;
        });
        program.load(a -> a.li(A0, 1).cEbreak().cAddi(A0, 1).halt()).runToHalt();
        assertEquals(List.of(BASE + 4), hits);
        assertEquals(2, program.x(A0));
    }

    @Test
    void sixteenAndThirtyTwoBitInstructionsMix() {
        // A 32-bit instruction at an address that is 2 mod 4, and a loop mixing both sizes.
        CpuHarness program = CpuHarness.runProgram(a -> {
            a.cLi(A0, 0);
            if (a.pc() % 4 != 2) {
                throw new AssertionError("layout");
            }
            a.li(A1, 10); // 32-bit lui-less addi at 2 mod 4
            Asm.Label loop = a.label();
            a.bind(loop).cAddi(A0, 3).addi(A1, A1, -1).cMv(T0, A1).bne(T0, ZERO, loop)
                    .cNop().addi(A0, A0, 1000).halt();
        });
        assertEquals(1030, program.x(A0));
        assertEquals(0, program.x(A1));
    }

    @Test
    void aThirtyTwoBitInstructionAtTwoModFourStraddlingAPage() {
        long page = BASE + 0x3000;
        Asm asm = new Asm(page - 6);
        asm.cLi(A0, 1).cNop().addi(A0, A0, 41).halt();
        harness.load(asm);
        harness.hart().setPc(page - 6);
        for (int i = 0; i < 3; i++) {
            harness.machine().step(harness.hart());
        }
        assertEquals(42, harness.x(A0));
        assertEquals(page + 2, harness.hart().pc());
    }
}
