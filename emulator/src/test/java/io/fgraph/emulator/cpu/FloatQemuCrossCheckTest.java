package io.fgraph.emulator.cpu;

import io.fgraph.emulator.MachineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.A2;
import static io.fgraph.emulator.cpu.Asm.A7;
import static io.fgraph.emulator.cpu.Asm.DYN;
import static io.fgraph.emulator.cpu.Asm.FA0;
import static io.fgraph.emulator.cpu.Asm.FA1;
import static io.fgraph.emulator.cpu.Asm.FA2;
import static io.fgraph.emulator.cpu.Asm.FA3;
import static io.fgraph.emulator.cpu.Asm.FFLAGS;
import static io.fgraph.emulator.cpu.Asm.FRM;
import static io.fgraph.emulator.cpu.Asm.S0;
import static io.fgraph.emulator.cpu.Asm.T0;
import static io.fgraph.emulator.cpu.Asm.ZERO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every F/D computational instruction cross-checked against QEMU, an independent implementation:
 * thousands of single instructions with random operands ({@link RandomFloats}; single operands
 * sometimes not NaN-boxed), each static rounding mode and the dynamic one, run once on the emulator
 * and once as a Linux executable under {@code qemu-riscv64}; every f result, x result and fflags
 * value must be identical. Skipped when qemu-riscv64 is not on the PATH. {@code -Dfloat.qemu.vectors=N}
 * and {@code -Dfloat.qemu.seed=S} run more or other vectors.
 */
class FloatQemuCrossCheckTest {
    private static final int VECTORS = Integer.getInteger("float.qemu.vectors", 4000);
    /** Per vector: operands a, b, c (also x operand a), then the f result, the x result, fflags. */
    private static final int SLOT = 48;
    private static final long QEMU_BASE = 0x10000;
    private static final int HEADERS = 0x1000;

    record Vector(String text, Consumer<Asm> instruction, long a, long b, long c, int frm) {
    }

    static boolean qemuInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "qemu-riscv64"))) {
                return true;
            }
        }
        return false;
    }

    private final RandomFloats random = new RandomFloats(Long.getLong("float.qemu.seed", 0xC0FFEE_F10A7L));

    private long operand(boolean d, long related) {
        if (d) {
            return related == 0 ? random.double64() : random.partner64(related);
        }
        if (random.oneIn(16)) {
            return random.nextLong(); // usually not NaN-boxed: reads as the canonical NaN
        }
        int bits = related == 0 ? random.single32() : random.partner32((int) related);
        return 0xFFFF_FFFF_0000_0000L | bits & 0xFFFF_FFFFL;
    }

    private List<Vector> vectors() {
        String[] ints = {"w", "wu", "l", "lu"};
        List<Vector> vectors = new ArrayList<>();
        for (int i = 0; i < VECTORS; i++) {
            boolean d = random.nextBoolean();
            String p = d ? ".d" : ".s";
            int rm = random.oneIn(6) ? DYN : random.nextInt(5);
            int frm = rm == DYN ? random.nextInt(5) : 0;
            long a = operand(d, 0);
            long b = operand(d, a);
            long c = random.oneIn(3) && d ? random.fmaCanceller(a, b) : operand(d, a);
            int kind = random.nextInt(22);
            int format = random.nextInt(4);
            String text;
            Consumer<Asm> instruction;
            switch (kind) {
                case 0: text = "fadd"; instruction = x -> x.fadd(d, FA0, FA1, FA2, rm); break;
                case 1: text = "fsub"; instruction = x -> x.fsub(d, FA0, FA1, FA2, rm); break;
                case 2: text = "fmul"; instruction = x -> x.fmul(d, FA0, FA1, FA2, rm); break;
                case 3: text = "fdiv"; instruction = x -> x.fdiv(d, FA0, FA1, FA2, rm); break;
                case 4: text = "fsqrt"; instruction = x -> x.fsqrt(d, FA0, FA1, rm); break;
                case 5: text = "fmadd"; instruction = x -> x.fmadd(d, FA0, FA1, FA2, FA3, rm); break;
                case 6: text = "fmsub"; instruction = x -> x.fmsub(d, FA0, FA1, FA2, FA3, rm); break;
                case 7: text = "fnmsub"; instruction = x -> x.fnmsub(d, FA0, FA1, FA2, FA3, rm); break;
                case 8: text = "fnmadd"; instruction = x -> x.fnmadd(d, FA0, FA1, FA2, FA3, rm); break;
                case 9: text = "fsgnj"; instruction = x -> x.fsgnj(d, FA0, FA1, FA2); break;
                case 10: text = "fsgnjn"; instruction = x -> x.fsgnjn(d, FA0, FA1, FA2); break;
                case 11: text = "fsgnjx"; instruction = x -> x.fsgnjx(d, FA0, FA1, FA2); break;
                case 12: text = "fmin"; instruction = x -> x.fmin(d, FA0, FA1, FA2); break;
                case 13: text = "fmax"; instruction = x -> x.fmax(d, FA0, FA1, FA2); break;
                case 14: text = "feq"; instruction = x -> x.feq(d, A0, FA1, FA2); break;
                case 15: text = "flt"; instruction = x -> x.flt(d, A0, FA1, FA2); break;
                case 16: text = "fle"; instruction = x -> x.fle(d, A0, FA1, FA2); break;
                case 17: text = "fclass"; instruction = x -> x.fclass(d, A0, FA1); break;
                case 18: text = "fcvt." + ints[format]; instruction = x -> x.fcvtToInt(format, d, A0, FA1, rm); break;
                case 19:
                    text = "fcvt" + p + "." + ints[format];
                    a = random.nextBoolean() ? random.nextLong() : random.nextLong() >> random.nextInt(64);
                    instruction = x -> x.fcvtFromInt(format, d, FA0, A1, rm);
                    break;
                case 20: text = "fcvt" + (d ? ".d.s" : ".s.d"); instruction = x -> x.fcvtFloat(d, FA0, FA1, rm); break;
                default:
                    text = random.nextBoolean() ? "fmv.x" : "fmv.from.x";
                    instruction = text.equals("fmv.x") ? x -> x.fmvToX(d, A0, FA1) : x -> x.fmvFromX(d, FA0, A1);
                    break;
            }
            if (kind == 20 && !d) {
                a = random.double64(); // fcvt.s.d reads a double
            } else if (kind == 20) {
                a = operand(false, 0);
            }
            vectors.add(new Vector(text + (kind == 18 ? p : "") + (kind < 9 || kind >= 18 && kind <= 20 ? " rm=" + rm : "")
                    + (rm == DYN ? " frm=" + frm : ""), instruction, a, b, c, frm));
        }
        return vectors;
    }

    /** The program: for each vector load the operands, set frm if dynamic, clear fflags, run it, store results. */
    private static Asm program(List<Vector> vectors, long origin, long data, Consumer<Asm> epilogue) {
        Asm asm = new Asm(origin);
        asm.li(S0, data);
        for (Vector v : vectors) {
            asm.fld(FA1, 0, S0).fld(FA2, 8, S0).fld(FA3, 16, S0).ld(A1, 0, S0);
            asm.csrrwi(ZERO, FRM, v.frm()).csrrwi(ZERO, FFLAGS, 0);
            v.instruction().accept(asm);
            asm.fsd(FA0, 24, S0).sd(A0, 32, S0).csrr(T0, FFLAGS).sd(T0, 40, S0).addi(S0, S0, SLOT);
        }
        epilogue.accept(asm);
        return asm;
    }

    private static byte[] table(List<Vector> vectors) {
        ByteBuffer buffer = ByteBuffer.allocate(vectors.size() * SLOT).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < vectors.size(); i++) {
            Vector v = vectors.get(i);
            buffer.putLong(i * SLOT, v.a()).putLong(i * SLOT + 8, v.b()).putLong(i * SLOT + 16, v.c());
        }
        return buffer.array();
    }

    private static byte[] runOnEmulator(List<Vector> vectors) {
        int half = Math.max(4 << 20, Integer.highestOneBit(vectors.size() * 64) << 1); // code (< 64 bytes a vector), then data
        CpuHarness harness = new CpuHarness(MachineConfig.defaults().withRamSize(2 * half));
        long data = CpuHarness.BASE + half;
        harness.machine().memory().write(data, table(vectors));
        harness.load(program(vectors, CpuHarness.BASE, data, Asm::halt));
        harness.hart().enableFloatingPoint();
        harness.runToHalt();
        return harness.machine().memory().read(data, vectors.size() * SLOT);
    }

    private static byte[] runOnQemu(List<Vector> vectors, Path directory) throws IOException, InterruptedException {
        int length = vectors.size() * SLOT;
        long codeAddress = QEMU_BASE + HEADERS;
        // Assemble once to learn the code size, then place the data on the next page.
        long codeSize = program(vectors, codeAddress, 0x7FFF_F000L, Asm::nop).bytes().length + 64;
        long data = (codeAddress + codeSize + 0xFFF) & ~0xFFFL;
        Consumer<Asm> exit = asm -> asm.li(A0, 1).li(A1, data).li(A2, length).li(A7, 64).ecall() // write(1, data, length)
                .li(A0, 0).li(A7, 93).ecall();                                                 // exit(0)
        byte[] code = program(vectors, codeAddress, data, exit).bytes();
        assertTrue(codeAddress + code.length <= data, "the code overlaps the data");
        Path elf = directory.resolve("fp-vectors.elf");
        Files.write(elf, executable(codeAddress, code, data, table(vectors)));
        assertTrue(elf.toFile().setExecutable(true), "chmod +x " + elf); // qemu-riscv64 exits silently otherwise
        Path output = directory.resolve("qemu.out");
        Process qemu = new ProcessBuilder("qemu-riscv64", elf.toString())
                .redirectOutput(output.toFile()).redirectErrorStream(false)
                .redirectError(directory.resolve("qemu.err").toFile()).start();
        assertTrue(qemu.waitFor(60, TimeUnit.SECONDS), "qemu-riscv64 did not finish in 60 s");
        assertEquals(0, qemu.exitValue(), () -> "qemu-riscv64 failed: " + read(directory.resolve("qemu.err")));
        byte[] result = Files.readAllBytes(output);
        assertEquals(length, result.length, "bytes written by the program under qemu");
        return result;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A static ELF64 RISC-V executable with one RWX segment holding headers, code and data. */
    private static byte[] executable(long codeAddress, byte[] code, long dataAddress, byte[] data) {
        int size = (int) (dataAddress - QEMU_BASE) + data.length;
        ByteBuffer elf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0});
        elf.position(16);
        elf.putShort((short) 2).putShort((short) 243).putInt(1);     // ET_EXEC, EM_RISCV, EV_CURRENT
        elf.putLong(codeAddress).putLong(64).putLong(0);               // e_entry, e_phoff, e_shoff
        elf.putInt(0x5);                                               // e_flags: RVC, double-float ABI
        elf.putShort((short) 64).putShort((short) 56).putShort((short) 1); // e_ehsize, e_phentsize, e_phnum
        elf.putShort((short) 64).putShort((short) 0).putShort((short) 0);  // e_shentsize, e_shnum, e_shstrndx
        elf.putInt(1).putInt(7);                                       // PT_LOAD, PF_R | PF_W | PF_X
        elf.putLong(0).putLong(QEMU_BASE).putLong(QEMU_BASE);          // p_offset, p_vaddr, p_paddr
        elf.putLong(size).putLong(size).putLong(0x1000);               // p_filesz, p_memsz, p_align
        elf.position((int) (codeAddress - QEMU_BASE));
        elf.put(code);
        elf.position((int) (dataAddress - QEMU_BASE));
        elf.put(data);
        return elf.array();
    }

    @Test
    @EnabledIf(value = "qemuInstalled", disabledReason = "qemu-riscv64 is not installed")
    void everyFpInstructionGivesQemusResultsAndFlags(@org.junit.jupiter.api.io.TempDir Path directory) throws Exception {
        List<Vector> vectors = vectors();
        byte[] ours = runOnEmulator(vectors);
        byte[] theirs = runOnQemu(vectors, directory);
        ByteBuffer o = ByteBuffer.wrap(ours).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer t = ByteBuffer.wrap(theirs).order(ByteOrder.LITTLE_ENDIAN);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            int at = i * SLOT;
            for (int field = 3; field < 6; field++) {
                if (o.getLong(at + 8 * field) != t.getLong(at + 8 * field)) {
                    Vector v = vectors.get(i);
                    mismatches.add(String.format("#%d %s a=0x%x b=0x%x c=0x%x: f=0x%x x=0x%x flags=0x%x, qemu f=0x%x x=0x%x flags=0x%x",
                            i, v.text(), v.a(), v.b(), v.c(), o.getLong(at + 24), o.getLong(at + 32), o.getLong(at + 40),
                            t.getLong(at + 24), t.getLong(at + 32), t.getLong(at + 40)));
                    break;
                }
            }
        }
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " of " + vectors.size() + " differ from qemu:\n"
                    + String.join("\n", mismatches.subList(0, Math.min(20, mismatches.size()))));
        }
    }
}
