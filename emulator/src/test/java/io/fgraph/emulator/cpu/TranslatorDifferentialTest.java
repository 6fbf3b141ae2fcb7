package io.fgraph.emulator.cpu;

import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.TranslationConfig;
import io.fgraph.emulator.memory.FlatMemory;
import io.fgraph.emulator.memory.Memory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random programs run on both tiers end in the same state: every integer register, the pc, the
 * trap CSRs, instret, the run's result and all of RAM. The programs mix every class the translator
 * compiles (ALU and M, compressed forms, forward branches, counted loops, calls and returns, computed
 * jumps, loads and stores across page ends and past the end of RAM, AMOs and LR/SC, some misaligned)
 * with the instructions it leaves to the interpreter (CSR reads of instret and cycle, ecall,
 * fence.i, stack switches), and faults that the guest's trap handler skips. Each program runs with
 * a small random quantum, so the budget cuts units at every possible place.
 */
class TranslatorDifferentialTest {
    private static final long DATA = CpuHarness.DATA;
    private static final long HANDLER = CpuHarness.BASE + 0x4000;
    private static final long RAM_END = CpuHarness.BASE + CpuHarness.RAM_SIZE;
    /** Base registers that random instructions never write: loads and stores go through them. */
    private static final int PAGE_END = Asm.S0;       // 8 bytes before a page boundary: accesses cross it
    private static final int PAGE_START = Asm.S1;     // a page start
    private static final int NEAR_RAM_END = Asm.S2;   // 32 bytes before the end of RAM: accesses past it fault
    private static final int MISALIGNED = Asm.A7;     // 3 bytes into a page: misaligned accesses, misaligned AMOs trap
    private static final int COUNTER = Asm.T5;        // the loop counter
    private static final int SCRATCH = Asm.T6;        // the trap handler's
    private static final int[] FREE = {0, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 24, 25,
        26, 27, 28, 29};
    private static final int[] FREE_PRIME = {10, 11, 12, 13, 14, 15};
    private static final int[] BASES = {PAGE_END, PAGE_START, NEAR_RAM_END, MISALIGNED};

    @TestFactory
    Stream<DynamicTest> randomProgramsEndAlikeOnBothTiers() {
        return IntStream.range(0, 300).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> compare(seed)));
    }

    private static void compare(long seed) {
        Random random = new Random(seed);
        Asm program = program(random);
        long[] registers = new long[32];
        for (int r = 1; r < 32; r++) {
            registers[r] = random.nextInt(4) == 0 ? random.nextInt(64) - 32 : random.nextLong();
        }
        int quantum = 1 + random.nextInt(random.nextBoolean() ? 8 : 200);
        int threshold = random.nextInt(3) == 0 ? random.nextInt(4) : 0;
        CpuHarness interpreted = run(program, registers, quantum, TranslationConfig.off());
        CpuHarness translated = run(program, registers, quantum, new TranslationConfig(true, threshold));

        String where = "seed " + seed + ", quantum " + quantum + ", threshold " + threshold;
        Hart a = interpreted.hart();
        Hart b = translated.hart();
        for (int r = 0; r < 32; r++) {
            assertEquals(a.x(r), b.x(r), where + ": x" + r);
        }
        assertEquals(a.pc(), b.pc(), where + ": pc");
        assertEquals(a.instret(), b.instret(), where + ": instret");
        assertEquals(a.mepc(), b.mepc(), where + ": mepc");
        assertEquals(a.mcause(), b.mcause(), where + ": mcause");
        assertEquals(a.mtval(), b.mtval(), where + ": mtval");
        FlatMemory ma = (FlatMemory) interpreted.machine().memory();
        FlatMemory mb = (FlatMemory) translated.machine().memory();
        assertArrayEquals(ma.read(ma.base(), ma.size()), mb.read(mb.base(), mb.size()), where + ": memory");
        TranslationStats stats = translated.machine().translationStats();
        assertEquals(0, stats.failed(), where + ": " + stats.firstFailure());
        assertTrue(stats.translatedInstructions() > 0 || threshold > 0, where + ": nothing ran translated");
    }

    private static CpuHarness run(Asm program, long[] registers, int quantum, TranslationConfig translation) {
        MachineConfig config = CpuHarness.config().withQuantum(quantum).withDeliverFaults(true)
                .withMaxInstructions(20_000).withTranslation(translation);
        CpuHarness harness = new CpuHarness(config);
        harness.load(program);
        harness.load(handler());
        Memory memory = harness.machine().memory();
        byte[] data = new byte[0x3000];
        new Random(registers[1]).nextBytes(data);
        memory.write(DATA, data);
        memory.write(RAM_END - 0x100, new byte[0x100]);
        for (int r = 1; r < 32; r++) {
            harness.set(r, registers[r]);
        }
        harness.set(PAGE_END, DATA + Memory.PAGE_SIZE - 8)
                .set(PAGE_START, DATA + 2 * Memory.PAGE_SIZE)
                .set(NEAR_RAM_END, RAM_END - 32)
                .set(MISALIGNED, DATA + 3);
        harness.hart().enableFloatingPoint();
        RunResult result = harness.run();
        assertTrue(result.instructions() > 0);
        return harness;
    }

    /** mtvec's handler: skips the trapping instruction (always a 4-byte one) and returns. */
    private static Asm handler() {
        Asm asm = new Asm(HANDLER);
        asm.csrr(SCRATCH, Csr.MEPC).addi(SCRATCH, SCRATCH, 4).csrw(Csr.MEPC, SCRATCH).mret();
        return asm;
    }

    private static Asm program(Random random) {
        Asm asm = new Asm(CpuHarness.BASE);
        asm.li(SCRATCH, HANDLER).csrw(Csr.MTVEC, SCRATCH);
        int subroutines = 3;
        List<Asm.Label> calls = new ArrayList<>();
        for (int i = 0; i < subroutines; i++) {
            calls.add(asm.label());
        }
        List<Asm.Label> pending = new ArrayList<>();
        int length = 40 + random.nextInt(160);
        for (int i = 0; i < length; i++) {
            bindSome(asm, random, pending);
            int kind = random.nextInt(100);
            if (kind < 6) {
                Asm.Label target = asm.label();
                pending.add(target);
                branch(asm, random, target);
            } else if (kind < 8) {
                loop(asm, random);
            } else if (kind < 10) {
                asm.jal(Asm.RA, calls.get(random.nextInt(subroutines)));
            } else if (kind < 11) {
                asm.auipc(SCRATCH, 0).jalr(Asm.ZERO, SCRATCH, 12);
                asm.addi(pick(random), pick(random), 1); // skipped
            } else {
                straight(asm, random);
            }
        }
        for (Asm.Label label : pending) {
            asm.bind(label);
        }
        asm.halt();
        for (Asm.Label call : calls) {
            asm.bind(call);
            int n = 1 + random.nextInt(6);
            for (int i = 0; i < n; i++) {
                straight(asm, random);
            }
            asm.jalr(Asm.ZERO, Asm.RA, 0);
        }
        return asm;
    }

    private static void bindSome(Asm asm, Random random, List<Asm.Label> pending) {
        if (!pending.isEmpty() && random.nextInt(3) == 0) {
            asm.bind(pending.remove(random.nextInt(pending.size())));
        }
    }

    private static void branch(Asm asm, Random random, Asm.Label target) {
        int rs1 = any(random);
        int rs2 = any(random);
        switch (random.nextInt(9)) {
            case 0: asm.beq(rs1, rs2, target); break;
            case 1: asm.bne(rs1, rs2, target); break;
            case 2: asm.blt(rs1, rs2, target); break;
            case 3: asm.bge(rs1, rs2, target); break;
            case 4: asm.bltu(rs1, rs2, target); break;
            case 5: asm.bgeu(rs1, rs2, target); break;
            case 6: asm.cBeqz(FREE_PRIME[random.nextInt(FREE_PRIME.length)], target); break;
            case 7: asm.cBnez(FREE_PRIME[random.nextInt(FREE_PRIME.length)], target); break;
            default: asm.j(target); break;
        }
    }

    private static void loop(Asm asm, Random random) {
        asm.li(COUNTER, 1 + random.nextInt(12));
        Asm.Label top = asm.label();
        asm.bind(top);
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            straight(asm, random);
        }
        asm.addi(COUNTER, COUNTER, -1);
        if (random.nextBoolean()) {
            asm.bne(COUNTER, Asm.ZERO, top);
        } else {
            asm.blt(Asm.ZERO, COUNTER, top);
        }
    }

    /** One instruction that does not transfer control (it may trap: the handler skips it). */
    private static void straight(Asm asm, Random random) {
        int rd = pick(random);
        int rs1 = any(random);
        int rs2 = any(random);
        int imm = random.nextInt(4096) - 2048;
        int shamt = random.nextInt(64);
        int shamtW = random.nextInt(32);
        int base = BASES[random.nextInt(BASES.length)];
        int offset = random.nextInt(96) - 48;
        int p = FREE_PRIME[random.nextInt(FREE_PRIME.length)];
        int q = FREE_PRIME[random.nextInt(FREE_PRIME.length)];
        int pointer = random.nextBoolean() ? PAGE_END : PAGE_START;
        switch (random.nextInt(72)) {
            case 0: asm.addi(rd, rs1, imm); break;
            case 1: asm.slti(rd, rs1, imm); break;
            case 2: asm.sltiu(rd, rs1, imm); break;
            case 3: asm.xori(rd, rs1, imm); break;
            case 4: asm.ori(rd, rs1, imm); break;
            case 5: asm.andi(rd, rs1, imm); break;
            case 6: asm.slli(rd, rs1, shamt); break;
            case 7: asm.srli(rd, rs1, shamt); break;
            case 8: asm.srai(rd, rs1, shamt); break;
            case 9: asm.add(rd, rs1, rs2); break;
            case 10: asm.sub(rd, rs1, rs2); break;
            case 11: asm.sll(rd, rs1, rs2); break;
            case 12: asm.slt(rd, rs1, rs2); break;
            case 13: asm.sltu(rd, rs1, rs2); break;
            case 14: asm.xor(rd, rs1, rs2); break;
            case 15: asm.srl(rd, rs1, rs2); break;
            case 16: asm.sra(rd, rs1, rs2); break;
            case 17: asm.or(rd, rs1, rs2); break;
            case 18: asm.and(rd, rs1, rs2); break;
            case 19: asm.addiw(rd, rs1, imm); break;
            case 20: asm.slliw(rd, rs1, shamtW); break;
            case 21: asm.srliw(rd, rs1, shamtW); break;
            case 22: asm.sraiw(rd, rs1, shamtW); break;
            case 23: asm.addw(rd, rs1, rs2); break;
            case 24: asm.subw(rd, rs1, rs2); break;
            case 25: asm.sllw(rd, rs1, rs2); break;
            case 26: asm.srlw(rd, rs1, rs2); break;
            case 27: asm.sraw(rd, rs1, rs2); break;
            case 28: asm.lui(rd, random.nextInt(1 << 20)); break;
            case 29: asm.auipc(rd, random.nextInt(1 << 20)); break;
            case 30: asm.mul(rd, rs1, rs2); break;
            case 31: asm.mulh(rd, rs1, rs2); break;
            case 32: asm.mulhsu(rd, rs1, rs2); break;
            case 33: asm.mulhu(rd, rs1, rs2); break;
            case 34: asm.div(rd, rs1, rs2); break;
            case 35: asm.divu(rd, rs1, rs2); break;
            case 36: asm.rem(rd, rs1, rs2); break;
            case 37: asm.remu(rd, rs1, rs2); break;
            case 38: asm.mulw(rd, rs1, rs2); break;
            case 39: asm.divw(rd, rs1, rs2); break;
            case 40: asm.divuw(rd, rs1, rs2); break;
            case 41: asm.remw(rd, rs1, rs2); break;
            case 42: asm.remuw(rd, rs1, rs2); break;
            case 43: asm.lb(rd, offset, base); break;
            case 44: asm.lh(rd, offset, base); break;
            case 45: asm.lw(rd, offset, base); break;
            case 46: asm.ld(rd, offset, base); break;
            case 47: asm.lbu(rd, offset, base); break;
            case 48: asm.lhu(rd, offset, base); break;
            case 49: asm.lwu(rd, offset, base); break;
            case 50: asm.sb(rs2, offset, base); break;
            case 51: asm.sh(rs2, offset, base); break;
            case 52: asm.sw(rs2, offset, base); break;
            case 53: asm.sd(rs2, offset, base); break;
            case 54: asm.amo(new int[] {AtomicFunction.AMOSWAP, AtomicFunction.AMOADD, AtomicFunction.AMOXOR,
                AtomicFunction.AMOAND, AtomicFunction.AMOOR, AtomicFunction.AMOMIN, AtomicFunction.AMOMAX,
                AtomicFunction.AMOMINU, AtomicFunction.AMOMAXU}[random.nextInt(9)], random.nextBoolean(), rd, rs2,
                random.nextInt(8) == 0 ? MISALIGNED : pointer);
                break;
            case 55:
                if (random.nextBoolean()) {
                    asm.lrD(rd, pointer).scD(pick(random), rs2, random.nextInt(4) == 0 ? PAGE_START : pointer);
                } else {
                    asm.lrW(rd, pointer).scW(pick(random), rs2, pointer);
                }
                break;
            case 56: asm.cAddi(p, random.nextInt(63) - 31 | 1); break;
            case 57: asm.cLi(p, random.nextInt(64) - 32); break;
            case 58: asm.cMv(p, any(random) | 1); break;
            case 59: asm.cAdd(p, q); break;
            case 60: asm.cSub(p, q); break;
            case 61: asm.cAddw(p, q); break;
            case 62: asm.cLw(p, 4 * random.nextInt(8), pointer); break;
            case 63: asm.cLd(p, 8 * random.nextInt(4), pointer); break;
            case 64: asm.cSw(q, 4 * random.nextInt(8), pointer); break;
            case 65: asm.cSd(q, 8 * random.nextInt(4), pointer); break;
            case 66: asm.csrr(rd, random.nextBoolean() ? Csr.INSTRET : Csr.CYCLE); break;
            case 67: asm.ecall(); break;
            case 68: asm.fenceI(); break;
            case 69: asm.fence(); break;
            case 70: asm.cNop(); break;
            default:
                // a stack switch (sp written from another register): the interpreter runs it
                asm.addi(Asm.SP, any(random) == 0 ? Asm.A0 : Asm.A1, imm);
                break;
        }
    }

    /** A destination: any register but the bases, the loop counter, ra and the handler's scratch. */
    private static int pick(Random random) {
        return FREE[random.nextInt(FREE.length)];
    }

    private static int any(Random random) {
        return random.nextInt(4) == 0 ? BASES[random.nextInt(BASES.length)] : pick(random);
    }
}
