package io.fgraph.emulator.cpu;

import io.fgraph.emulator.hook.JavaTrap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A test-only RV64IMAFDC assembler: one method per instruction, emitting the encodings of the
 * RISC-V unprivileged spec (chapter "RV32I Base Integer Instruction Set", the M, A, F, D, Zicsr and
 * Zifencei chapters and the RVC tables), written from the spec's bit layouts rather than from the
 * emulator's decoder. F/D methods take {@code d} (double precision) and f register numbers. Labels give forward and backward branch targets.
 *
 * <p>Operand order follows assembly: {@code add(rd, rs1, rs2)}, {@code lw(rd, offset, rs1)},
 * {@code sw(rs2, offset, rs1)}, {@code scW(rd, rs2, rs1)}.
 */
public final class Asm {
    public static final int ZERO = 0;
    public static final int RA = 1;
    public static final int SP = 2;
    public static final int GP = 3;
    public static final int TP = 4;
    public static final int T0 = 5;
    public static final int T1 = 6;
    public static final int T2 = 7;
    public static final int S0 = 8;
    public static final int S1 = 9;
    public static final int A0 = 10;
    public static final int A1 = 11;
    public static final int A2 = 12;
    public static final int A3 = 13;
    public static final int A4 = 14;
    public static final int A5 = 15;
    public static final int A6 = 16;
    public static final int A7 = 17;
    public static final int S2 = 18;
    public static final int T3 = 28;
    public static final int T4 = 29;
    public static final int T5 = 30;
    public static final int T6 = 31;

    /** Trap-to-Java id the harness uses to stop a run ({@link CpuHarness}). */
    public static final int HALT_ID = 0x1FF;
    /** Trap-to-Java id the harness uses to park the executing hart. */
    public static final int PARK_ID = 0x1FE;

    private static final int OP_LUI = 0b0110111;
    private static final int OP_AUIPC = 0b0010111;
    private static final int OP_JAL = 0b1101111;
    private static final int OP_JALR = 0b1100111;
    private static final int OP_BRANCH = 0b1100011;
    private static final int OP_LOAD = 0b0000011;
    private static final int OP_STORE = 0b0100011;
    private static final int OP_IMM = 0b0010011;
    private static final int OP_IMM_32 = 0b0011011;
    private static final int OP = 0b0110011;
    private static final int OP_32 = 0b0111011;
    private static final int OP_MISC_MEM = 0b0001111;
    private static final int OP_SYSTEM = 0b1110011;
    private static final int OP_AMO = 0b0101111;

    /** A branch target; bind it where it points. */
    public static final class Label {
        private long address = -1;

        public long address() {
            if (address < 0) {
                throw new IllegalStateException("label is not bound");
            }
            return address;
        }
    }

    @FunctionalInterface
    private interface OffsetEncoder {
        int encode(int offset);
    }

    private record Fixup(int position, int length, Label label, OffsetEncoder encoder) {
    }

    private final long origin;
    private byte[] buffer = new byte[256];
    private int size;
    private final List<Fixup> fixups = new ArrayList<>();

    public Asm(long origin) {
        if ((origin & 1) != 0) {
            throw new IllegalArgumentException("origin=0x" + Long.toHexString(origin) + ": must be even");
        }
        this.origin = origin;
    }

    /** The 32-bit encoding of the single instruction {@code body} emits. */
    public static int encode(Consumer<Asm> body) {
        Asm asm = new Asm(0);
        body.accept(asm);
        byte[] bytes = asm.bytes();
        if (bytes.length != 4) {
            throw new IllegalArgumentException("not one 32-bit instruction: " + bytes.length + " bytes");
        }
        return (bytes[0] & 0xFF) | (bytes[1] & 0xFF) << 8 | (bytes[2] & 0xFF) << 16 | (bytes[3] & 0xFF) << 24;
    }

    /** The 16-bit encoding of the single compressed instruction {@code body} emits. */
    public static int encode16(Consumer<Asm> body) {
        Asm asm = new Asm(0);
        body.accept(asm);
        byte[] bytes = asm.bytes();
        if (bytes.length != 2) {
            throw new IllegalArgumentException("not one 16-bit instruction: " + bytes.length + " bytes");
        }
        return (bytes[0] & 0xFF) | (bytes[1] & 0xFF) << 8;
    }

    public long origin() {
        return origin;
    }

    /** The address of the next instruction. */
    public long pc() {
        return origin + size;
    }

    /** The code, with every label reference resolved. */
    public byte[] bytes() {
        for (Fixup fixup : fixups) {
            long offset = fixup.label.address() - (origin + fixup.position);
            int bits = fixup.encoder.encode(Math.toIntExact(offset));
            put(fixup.position, bits, fixup.length);
        }
        return Arrays.copyOf(buffer, size);
    }

    public Label label() {
        return new Label();
    }

    public Asm bind(Label label) {
        if (label.address >= 0) {
            throw new IllegalStateException("label bound twice");
        }
        label.address = pc();
        return this;
    }

    /** Emits a raw 32-bit word. */
    public Asm word(int bits) {
        ensure(4);
        put(size, bits, 4);
        size += 4;
        return this;
    }

    /** Emits a raw 16-bit parcel. */
    public Asm half(int bits) {
        ensure(2);
        put(size, bits, 2);
        size += 2;
        return this;
    }

    /** Pads with zero bytes up to {@code address}. */
    public Asm org(long address) {
        if (address < pc()) {
            throw new IllegalArgumentException("org 0x" + Long.toHexString(address) + " is behind pc 0x" + Long.toHexString(pc()));
        }
        int gap = Math.toIntExact(address - pc());
        ensure(gap);
        size += gap;
        return this;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }

    private void put(int position, int bits, int length) {
        for (int i = 0; i < length; i++) {
            buffer[position + i] = (byte) (bits >>> (8 * i));
        }
    }

    private Asm wordTo(Label target, OffsetEncoder encoder) {
        fixups.add(new Fixup(size, 4, target, encoder));
        return word(0);
    }

    private Asm halfTo(Label target, OffsetEncoder encoder) {
        fixups.add(new Fixup(size, 2, target, encoder));
        return half(0);
    }

    // ---- instruction formats ----

    static int rType(int funct7, int rs2, int rs1, int funct3, int rd, int opcode) {
        return funct7 << 25 | reg(rs2) << 20 | reg(rs1) << 15 | funct3 << 12 | reg(rd) << 7 | opcode;
    }

    static int iType(int imm, int rs1, int funct3, int rd, int opcode) {
        checkSigned(imm, 12);
        return (imm & 0xFFF) << 20 | reg(rs1) << 15 | funct3 << 12 | reg(rd) << 7 | opcode;
    }

    static int sType(int imm, int rs2, int rs1, int funct3, int opcode) {
        checkSigned(imm, 12);
        return (imm >> 5 & 0x7F) << 25 | reg(rs2) << 20 | reg(rs1) << 15 | funct3 << 12 | (imm & 0x1F) << 7 | opcode;
    }

    static int bType(int offset, int rs2, int rs1, int funct3) {
        checkSigned(offset, 13);
        checkEven(offset);
        return bit(offset, 12) << 31 | field(offset, 10, 5) << 25 | reg(rs2) << 20 | reg(rs1) << 15 | funct3 << 12
                | field(offset, 4, 1) << 8 | bit(offset, 11) << 7 | OP_BRANCH;
    }

    static int uType(int upper20, int rd, int opcode) {
        if (upper20 < 0 || upper20 > 0xFFFFF) {
            throw new IllegalArgumentException("upper20=0x" + Integer.toHexString(upper20) + ": must be 0..0xfffff");
        }
        return upper20 << 12 | reg(rd) << 7 | opcode;
    }

    static int jType(int offset, int rd) {
        checkSigned(offset, 21);
        checkEven(offset);
        return bit(offset, 20) << 31 | field(offset, 10, 1) << 21 | bit(offset, 11) << 20 | field(offset, 19, 12) << 12
                | reg(rd) << 7 | OP_JAL;
    }

    private static int bit(int value, int position) {
        return value >>> position & 1;
    }

    private static int field(int value, int high, int low) {
        return value >>> low & (1 << (high - low + 1)) - 1;
    }

    /** Concatenates the listed bits of {@code value}, most significant first (the spec's "imm[5|4:2]" notation). */
    static int scatter(int value, int... positions) {
        int result = 0;
        for (int position : positions) {
            result = result << 1 | bit(value, position);
        }
        return result;
    }

    private static int reg(int r) {
        if (r < 0 || r > 31) {
            throw new IllegalArgumentException("register=" + r + ": must be 0..31");
        }
        return r;
    }

    private static void checkSigned(long value, int bits) {
        long min = -(1L << (bits - 1));
        long max = (1L << (bits - 1)) - 1;
        if (value < min || value > max) {
            throw new IllegalArgumentException("immediate=" + value + ": must fit " + bits + " signed bits");
        }
    }

    private static void checkUnsigned(long value, int bits) {
        if (value < 0 || value >= 1L << bits) {
            throw new IllegalArgumentException("immediate=" + value + ": must fit " + bits + " unsigned bits");
        }
    }

    private static void checkEven(int offset) {
        if ((offset & 1) != 0) {
            throw new IllegalArgumentException("offset=" + offset + ": must be even");
        }
    }

    // ---- RV64I ----

    public Asm lui(int rd, int upper20) {
        return word(uType(upper20, rd, OP_LUI));
    }

    public Asm auipc(int rd, int upper20) {
        return word(uType(upper20, rd, OP_AUIPC));
    }

    public Asm jal(int rd, int offset) {
        return word(jType(offset, rd));
    }

    public Asm jal(int rd, Label target) {
        return wordTo(target, offset -> jType(offset, rd));
    }

    public Asm j(Label target) {
        return jal(ZERO, target);
    }

    public Asm jalr(int rd, int rs1, int imm) {
        return word(iType(imm, rs1, 0, rd, OP_JALR));
    }

    public Asm branch(int funct3, int rs1, int rs2, Label target) {
        return wordTo(target, offset -> bType(offset, rs2, rs1, funct3));
    }

    public Asm branch(int funct3, int rs1, int rs2, int offset) {
        return word(bType(offset, rs2, rs1, funct3));
    }

    public Asm beq(int rs1, int rs2, Label target) {
        return branch(0, rs1, rs2, target);
    }

    public Asm bne(int rs1, int rs2, Label target) {
        return branch(1, rs1, rs2, target);
    }

    public Asm blt(int rs1, int rs2, Label target) {
        return branch(4, rs1, rs2, target);
    }

    public Asm bge(int rs1, int rs2, Label target) {
        return branch(5, rs1, rs2, target);
    }

    public Asm bltu(int rs1, int rs2, Label target) {
        return branch(6, rs1, rs2, target);
    }

    public Asm bgeu(int rs1, int rs2, Label target) {
        return branch(7, rs1, rs2, target);
    }

    public Asm load(int funct3, int rd, int imm, int rs1) {
        return word(iType(imm, rs1, funct3, rd, OP_LOAD));
    }

    public Asm lb(int rd, int imm, int rs1) {
        return load(0, rd, imm, rs1);
    }

    public Asm lh(int rd, int imm, int rs1) {
        return load(1, rd, imm, rs1);
    }

    public Asm lw(int rd, int imm, int rs1) {
        return load(2, rd, imm, rs1);
    }

    public Asm ld(int rd, int imm, int rs1) {
        return load(3, rd, imm, rs1);
    }

    public Asm lbu(int rd, int imm, int rs1) {
        return load(4, rd, imm, rs1);
    }

    public Asm lhu(int rd, int imm, int rs1) {
        return load(5, rd, imm, rs1);
    }

    public Asm lwu(int rd, int imm, int rs1) {
        return load(6, rd, imm, rs1);
    }

    public Asm store(int funct3, int rs2, int imm, int rs1) {
        return word(sType(imm, rs2, rs1, funct3, OP_STORE));
    }

    public Asm sb(int rs2, int imm, int rs1) {
        return store(0, rs2, imm, rs1);
    }

    public Asm sh(int rs2, int imm, int rs1) {
        return store(1, rs2, imm, rs1);
    }

    public Asm sw(int rs2, int imm, int rs1) {
        return store(2, rs2, imm, rs1);
    }

    public Asm sd(int rs2, int imm, int rs1) {
        return store(3, rs2, imm, rs1);
    }

    public Asm addi(int rd, int rs1, int imm) {
        return word(iType(imm, rs1, 0, rd, OP_IMM));
    }

    public Asm slti(int rd, int rs1, int imm) {
        return word(iType(imm, rs1, 2, rd, OP_IMM));
    }

    public Asm sltiu(int rd, int rs1, int imm) {
        return word(iType(imm, rs1, 3, rd, OP_IMM));
    }

    public Asm xori(int rd, int rs1, int imm) {
        return word(iType(imm, rs1, 4, rd, OP_IMM));
    }

    public Asm ori(int rd, int rs1, int imm) {
        return word(iType(imm, rs1, 6, rd, OP_IMM));
    }

    public Asm andi(int rd, int rs1, int imm) {
        return word(iType(imm, rs1, 7, rd, OP_IMM));
    }

    public Asm slli(int rd, int rs1, int shamt) {
        checkUnsigned(shamt, 6);
        return word(iType(shamt, rs1, 1, rd, OP_IMM));
    }

    public Asm srli(int rd, int rs1, int shamt) {
        checkUnsigned(shamt, 6);
        return word(iType(shamt, rs1, 5, rd, OP_IMM));
    }

    public Asm srai(int rd, int rs1, int shamt) {
        checkUnsigned(shamt, 6);
        return word(iType(shamt, rs1, 5, rd, OP_IMM) | 0b010000 << 26);
    }

    public Asm add(int rd, int rs1, int rs2) {
        return word(rType(0, rs2, rs1, 0, rd, OP));
    }

    public Asm sub(int rd, int rs1, int rs2) {
        return word(rType(0b0100000, rs2, rs1, 0, rd, OP));
    }

    public Asm sll(int rd, int rs1, int rs2) {
        return word(rType(0, rs2, rs1, 1, rd, OP));
    }

    public Asm slt(int rd, int rs1, int rs2) {
        return word(rType(0, rs2, rs1, 2, rd, OP));
    }

    public Asm sltu(int rd, int rs1, int rs2) {
        return word(rType(0, rs2, rs1, 3, rd, OP));
    }

    public Asm xor(int rd, int rs1, int rs2) {
        return word(rType(0, rs2, rs1, 4, rd, OP));
    }

    public Asm srl(int rd, int rs1, int rs2) {
        return word(rType(0, rs2, rs1, 5, rd, OP));
    }

    public Asm sra(int rd, int rs1, int rs2) {
        return word(rType(0b0100000, rs2, rs1, 5, rd, OP));
    }

    public Asm or(int rd, int rs1, int rs2) {
        return word(rType(0, rs2, rs1, 6, rd, OP));
    }

    public Asm and(int rd, int rs1, int rs2) {
        return word(rType(0, rs2, rs1, 7, rd, OP));
    }

    public Asm addiw(int rd, int rs1, int imm) {
        return word(iType(imm, rs1, 0, rd, OP_IMM_32));
    }

    public Asm slliw(int rd, int rs1, int shamt) {
        checkUnsigned(shamt, 5);
        return word(iType(shamt, rs1, 1, rd, OP_IMM_32));
    }

    public Asm srliw(int rd, int rs1, int shamt) {
        checkUnsigned(shamt, 5);
        return word(iType(shamt, rs1, 5, rd, OP_IMM_32));
    }

    public Asm sraiw(int rd, int rs1, int shamt) {
        checkUnsigned(shamt, 5);
        return word(iType(shamt, rs1, 5, rd, OP_IMM_32) | 0b0100000 << 25);
    }

    public Asm addw(int rd, int rs1, int rs2) {
        return word(rType(0, rs2, rs1, 0, rd, OP_32));
    }

    public Asm subw(int rd, int rs1, int rs2) {
        return word(rType(0b0100000, rs2, rs1, 0, rd, OP_32));
    }

    public Asm sllw(int rd, int rs1, int rs2) {
        return word(rType(0, rs2, rs1, 1, rd, OP_32));
    }

    public Asm srlw(int rd, int rs1, int rs2) {
        return word(rType(0, rs2, rs1, 5, rd, OP_32));
    }

    public Asm sraw(int rd, int rs1, int rs2) {
        return word(rType(0b0100000, rs2, rs1, 5, rd, OP_32));
    }

    /** {@code fence rw,rw}. */
    public Asm fence() {
        return word(0b0011_0011 << 20 | OP_MISC_MEM);
    }

    public Asm fenceI() {
        return word(1 << 12 | OP_MISC_MEM);
    }

    public Asm ecall() {
        return word(OP_SYSTEM);
    }

    public Asm ebreak() {
        return word(1 << 20 | OP_SYSTEM);
    }

    public Asm mret() {
        return word(0x302 << 20 | OP_SYSTEM);
    }

    public Asm wfi() {
        return word(0x105 << 20 | OP_SYSTEM);
    }

    public Asm nop() {
        return addi(ZERO, ZERO, 0);
    }

    /** Loads any 64-bit constant (lui/addiw, then shifts and addis for wider values). */
    public Asm li(int rd, long value) {
        if (value == (int) value) {
            long hi = (value + 0x800) >> 12;
            int lo = (int) (value - (hi << 12));
            if (hi == 0) {
                return addi(rd, ZERO, lo);
            }
            lui(rd, (int) (hi & 0xFFFFF));
            return lo == 0 ? this : addiw(rd, rd, lo);
        }
        int lo = (int) (value << 52 >> 52);
        long rest = (value - lo) >> 12;
        int shift = 12 + Long.numberOfTrailingZeros(rest);
        li(rd, (value - lo) >> shift);
        slli(rd, rd, shift);
        return lo == 0 ? this : addi(rd, rd, lo);
    }

    public Asm mv(int rd, int rs) {
        return addi(rd, rs, 0);
    }

    // ---- Zicsr ----

    private Asm csr(int funct3, int rd, int csr, int rs1OrUimm) {
        checkUnsigned(csr, 12);
        return word(csr << 20 | reg(rs1OrUimm) << 15 | funct3 << 12 | reg(rd) << 7 | OP_SYSTEM);
    }

    public Asm csrrw(int rd, int csr, int rs1) {
        return csr(1, rd, csr, rs1);
    }

    public Asm csrrs(int rd, int csr, int rs1) {
        return csr(2, rd, csr, rs1);
    }

    public Asm csrrc(int rd, int csr, int rs1) {
        return csr(3, rd, csr, rs1);
    }

    public Asm csrrwi(int rd, int csr, int uimm) {
        return csr(5, rd, csr, uimm);
    }

    public Asm csrrsi(int rd, int csr, int uimm) {
        return csr(6, rd, csr, uimm);
    }

    public Asm csrrci(int rd, int csr, int uimm) {
        return csr(7, rd, csr, uimm);
    }

    public Asm csrr(int rd, int csr) {
        return csrrs(rd, csr, ZERO);
    }

    public Asm csrw(int csr, int rs1) {
        return csrrw(ZERO, csr, rs1);
    }

    // ---- M ----

    private Asm muldiv(int funct3, int rd, int rs1, int rs2, int opcode) {
        return word(rType(1, rs2, rs1, funct3, rd, opcode));
    }

    public Asm mul(int rd, int rs1, int rs2) {
        return muldiv(0, rd, rs1, rs2, OP);
    }

    public Asm mulh(int rd, int rs1, int rs2) {
        return muldiv(1, rd, rs1, rs2, OP);
    }

    public Asm mulhsu(int rd, int rs1, int rs2) {
        return muldiv(2, rd, rs1, rs2, OP);
    }

    public Asm mulhu(int rd, int rs1, int rs2) {
        return muldiv(3, rd, rs1, rs2, OP);
    }

    public Asm div(int rd, int rs1, int rs2) {
        return muldiv(4, rd, rs1, rs2, OP);
    }

    public Asm divu(int rd, int rs1, int rs2) {
        return muldiv(5, rd, rs1, rs2, OP);
    }

    public Asm rem(int rd, int rs1, int rs2) {
        return muldiv(6, rd, rs1, rs2, OP);
    }

    public Asm remu(int rd, int rs1, int rs2) {
        return muldiv(7, rd, rs1, rs2, OP);
    }

    public Asm mulw(int rd, int rs1, int rs2) {
        return muldiv(0, rd, rs1, rs2, OP_32);
    }

    public Asm divw(int rd, int rs1, int rs2) {
        return muldiv(4, rd, rs1, rs2, OP_32);
    }

    public Asm divuw(int rd, int rs1, int rs2) {
        return muldiv(5, rd, rs1, rs2, OP_32);
    }

    public Asm remw(int rd, int rs1, int rs2) {
        return muldiv(6, rd, rs1, rs2, OP_32);
    }

    public Asm remuw(int rd, int rs1, int rs2) {
        return muldiv(7, rd, rs1, rs2, OP_32);
    }

    // ---- A ----

    public static final int AMOADD = 0b00000;
    public static final int AMOSWAP = 0b00001;
    public static final int LR = 0b00010;
    public static final int SC = 0b00011;
    public static final int AMOXOR = 0b00100;
    public static final int AMOOR = 0b01000;
    public static final int AMOAND = 0b01100;
    public static final int AMOMIN = 0b10000;
    public static final int AMOMAX = 0b10100;
    public static final int AMOMINU = 0b11000;
    public static final int AMOMAXU = 0b11100;

    /** Any A-extension instruction, with aq=rl=0; {@code doubleword} selects .d over .w. */
    public Asm amo(int funct5, boolean doubleword, int rd, int rs2, int rs1) {
        return word(rType(funct5 << 2, rs2, rs1, doubleword ? 3 : 2, rd, OP_AMO));
    }

    public Asm lrW(int rd, int rs1) {
        return amo(LR, false, rd, ZERO, rs1);
    }

    public Asm lrD(int rd, int rs1) {
        return amo(LR, true, rd, ZERO, rs1);
    }

    public Asm scW(int rd, int rs2, int rs1) {
        return amo(SC, false, rd, rs2, rs1);
    }

    public Asm scD(int rd, int rs2, int rs1) {
        return amo(SC, true, rd, rs2, rs1);
    }

    public Asm amoaddW(int rd, int rs2, int rs1) {
        return amo(AMOADD, false, rd, rs2, rs1);
    }

    public Asm amoaddD(int rd, int rs2, int rs1) {
        return amo(AMOADD, true, rd, rs2, rs1);
    }

    // ---- F and D ----
    // Register numbers are f0..f31; the ABI names of the ones tests use follow.

    public static final int FT0 = 0;
    public static final int FT1 = 1;
    public static final int FT2 = 2;
    public static final int FS0 = 8;
    public static final int FS1 = 9;
    public static final int FA0 = 10;
    public static final int FA1 = 11;
    public static final int FA2 = 12;
    public static final int FA3 = 13;
    public static final int FA4 = 14;
    public static final int FA5 = 15;

    /** Rounding modes for an instruction's rm field. */
    public static final int RNE = 0;
    public static final int RTZ = 1;
    public static final int RDN = 2;
    public static final int RUP = 3;
    public static final int RMM = 4;
    public static final int DYN = 7;

    private static final int OP_LOAD_FP = 0b0000111;
    private static final int OP_STORE_FP = 0b0100111;
    private static final int OP_MADD = 0b1000011;
    private static final int OP_MSUB = 0b1000111;
    private static final int OP_NMSUB = 0b1001011;
    private static final int OP_NMADD = 0b1001111;
    private static final int OP_FP = 0b1010011;
    /** The fmt field: S or D. */
    private static final int FMT_S = 0b00;
    private static final int FMT_D = 0b01;

    private static int fmt(boolean d) {
        return d ? FMT_D : FMT_S;
    }

    private static int rm(int rm) {
        checkUnsigned(rm, 3);
        return rm;
    }

    /** An OP-FP instruction: funct7 = funct5 | fmt, with funct3 (a rounding mode or a selector) and rs2 as given. */
    public Asm opFp(int funct5, boolean d, int rd, int rs1, int rs2, int funct3) {
        return word(rType(funct5 << 2 | fmt(d), rs2, rs1, rm(funct3), rd, OP_FP));
    }

    private Asm r4(int opcode, boolean d, int rd, int rs1, int rs2, int rs3, int rm) {
        return word(reg(rs3) << 27 | fmt(d) << 25 | reg(rs2) << 20 | reg(rs1) << 15 | rm(rm) << 12 | reg(rd) << 7 | opcode);
    }

    public Asm flw(int rd, int imm, int rs1) {
        return word(iType(imm, rs1, 2, rd, OP_LOAD_FP));
    }

    public Asm fld(int rd, int imm, int rs1) {
        return word(iType(imm, rs1, 3, rd, OP_LOAD_FP));
    }

    public Asm fsw(int rs2, int imm, int rs1) {
        return word(sType(imm, rs2, rs1, 2, OP_STORE_FP));
    }

    public Asm fsd(int rs2, int imm, int rs1) {
        return word(sType(imm, rs2, rs1, 3, OP_STORE_FP));
    }

    public Asm fadd(boolean d, int rd, int rs1, int rs2, int rm) {
        return opFp(0b00000, d, rd, rs1, rs2, rm);
    }

    public Asm fsub(boolean d, int rd, int rs1, int rs2, int rm) {
        return opFp(0b00001, d, rd, rs1, rs2, rm);
    }

    public Asm fmul(boolean d, int rd, int rs1, int rs2, int rm) {
        return opFp(0b00010, d, rd, rs1, rs2, rm);
    }

    public Asm fdiv(boolean d, int rd, int rs1, int rs2, int rm) {
        return opFp(0b00011, d, rd, rs1, rs2, rm);
    }

    public Asm fsqrt(boolean d, int rd, int rs1, int rm) {
        return opFp(0b01011, d, rd, rs1, 0, rm);
    }

    public Asm fsgnj(boolean d, int rd, int rs1, int rs2) {
        return opFp(0b00100, d, rd, rs1, rs2, 0b000);
    }

    public Asm fsgnjn(boolean d, int rd, int rs1, int rs2) {
        return opFp(0b00100, d, rd, rs1, rs2, 0b001);
    }

    public Asm fsgnjx(boolean d, int rd, int rs1, int rs2) {
        return opFp(0b00100, d, rd, rs1, rs2, 0b010);
    }

    public Asm fmin(boolean d, int rd, int rs1, int rs2) {
        return opFp(0b00101, d, rd, rs1, rs2, 0b000);
    }

    public Asm fmax(boolean d, int rd, int rs1, int rs2) {
        return opFp(0b00101, d, rd, rs1, rs2, 0b001);
    }

    /** fcvt.s.d ({@code toDouble} false) or fcvt.d.s: fmt is the destination, rs2 the source format. */
    public Asm fcvtFloat(boolean toDouble, int rd, int rs1, int rm) {
        return opFp(0b01000, toDouble, rd, rs1, toDouble ? FMT_S : FMT_D, rm);
    }

    public Asm feq(boolean d, int rd, int rs1, int rs2) {
        return opFp(0b10100, d, rd, rs1, rs2, 0b010);
    }

    public Asm flt(boolean d, int rd, int rs1, int rs2) {
        return opFp(0b10100, d, rd, rs1, rs2, 0b001);
    }

    public Asm fle(boolean d, int rd, int rs1, int rs2) {
        return opFp(0b10100, d, rd, rs1, rs2, 0b000);
    }

    public Asm fclass(boolean d, int rd, int rs1) {
        return opFp(0b11100, d, rd, rs1, 0, 0b001);
    }

    /** Integer formats of fcvt, in the rs2 field. */
    public static final int W = 0;
    public static final int WU = 1;
    public static final int L = 2;
    public static final int LU = 3;

    /** fcvt.{w,wu,l,lu}.{s,d} rd(x), rs1(f). */
    public Asm fcvtToInt(int integerFormat, boolean d, int rd, int rs1, int rm) {
        return opFp(0b11000, d, rd, rs1, integerFormat, rm);
    }

    /** fcvt.{s,d}.{w,wu,l,lu} rd(f), rs1(x). */
    public Asm fcvtFromInt(int integerFormat, boolean d, int rd, int rs1, int rm) {
        return opFp(0b11010, d, rd, rs1, integerFormat, rm);
    }

    /** fmv.x.w / fmv.x.d. */
    public Asm fmvToX(boolean d, int rd, int rs1) {
        return opFp(0b11100, d, rd, rs1, 0, 0b000);
    }

    /** fmv.w.x / fmv.d.x. */
    public Asm fmvFromX(boolean d, int rd, int rs1) {
        return opFp(0b11110, d, rd, rs1, 0, 0b000);
    }

    public Asm fmadd(boolean d, int rd, int rs1, int rs2, int rs3, int rm) {
        return r4(OP_MADD, d, rd, rs1, rs2, rs3, rm);
    }

    public Asm fmsub(boolean d, int rd, int rs1, int rs2, int rs3, int rm) {
        return r4(OP_MSUB, d, rd, rs1, rs2, rs3, rm);
    }

    public Asm fnmsub(boolean d, int rd, int rs1, int rs2, int rs3, int rm) {
        return r4(OP_NMSUB, d, rd, rs1, rs2, rs3, rm);
    }

    public Asm fnmadd(boolean d, int rd, int rs1, int rs2, int rs3, int rm) {
        return r4(OP_NMADD, d, rd, rs1, rs2, rs3, rm);
    }

    public static final int FFLAGS = 0x001;
    public static final int FRM = 0x002;
    public static final int FCSR = 0x003;

    // ---- the harness's trap-to-Java instructions ----

    /** Stops the run (see {@link CpuHarness}). */
    public Asm halt() {
        return word(JavaTrap.encode(HALT_ID));
    }

    /** Parks the executing hart; the run ends when every hart is parked. */
    public Asm park() {
        return word(JavaTrap.encode(PARK_ID));
    }

    // ---- C (RV64C) ----

    private static int prime(int r) {
        if (r < 8 || r > 15) {
            throw new IllegalArgumentException("register=" + r + ": a compressed form needs x8..x15");
        }
        return r - 8;
    }

    private static int ci(int funct3, int imm6, int rd, int quadrant) {
        return funct3 << 13 | bit(imm6, 5) << 12 | reg(rd) << 7 | field(imm6, 4, 0) << 2 | quadrant;
    }

    public Asm cAddi4spn(int rdPrime, int nzuimm) {
        checkUnsigned(nzuimm, 10);
        return half(scatter(nzuimm, 5, 4, 9, 8, 7, 6, 2, 3) << 5 | prime(rdPrime) << 2);
    }

    public Asm cLw(int rdPrime, int uimm, int rs1Prime) {
        checkUnsigned(uimm, 7);
        return half(0b010 << 13 | scatter(uimm, 5, 4, 3) << 10 | prime(rs1Prime) << 7 | scatter(uimm, 2, 6) << 5
                | prime(rdPrime) << 2);
    }

    public Asm cLd(int rdPrime, int uimm, int rs1Prime) {
        checkUnsigned(uimm, 8);
        return half(0b011 << 13 | scatter(uimm, 5, 4, 3) << 10 | prime(rs1Prime) << 7 | scatter(uimm, 7, 6) << 5
                | prime(rdPrime) << 2);
    }

    public Asm cSw(int rs2Prime, int uimm, int rs1Prime) {
        checkUnsigned(uimm, 7);
        return half(0b110 << 13 | scatter(uimm, 5, 4, 3) << 10 | prime(rs1Prime) << 7 | scatter(uimm, 2, 6) << 5
                | prime(rs2Prime) << 2);
    }

    public Asm cSd(int rs2Prime, int uimm, int rs1Prime) {
        checkUnsigned(uimm, 8);
        return half(0b111 << 13 | scatter(uimm, 5, 4, 3) << 10 | prime(rs1Prime) << 7 | scatter(uimm, 7, 6) << 5
                | prime(rs2Prime) << 2);
    }

    public Asm cNop() {
        return half(0b01);
    }

    public Asm cAddi(int rd, int imm) {
        checkSigned(imm, 6);
        return half(ci(0b000, imm, rd, 0b01));
    }

    public Asm cAddiw(int rd, int imm) {
        checkSigned(imm, 6);
        return half(ci(0b001, imm, rd, 0b01));
    }

    public Asm cLi(int rd, int imm) {
        checkSigned(imm, 6);
        return half(ci(0b010, imm, rd, 0b01));
    }

    public Asm cAddi16sp(int nzimm) {
        checkSigned(nzimm, 10);
        return half(0b011 << 13 | bit(nzimm, 9) << 12 | SP << 7 | scatter(nzimm, 4, 6, 8, 7, 5) << 2 | 0b01);
    }

    /** {@code c.lui rd, imm6}: rd gets sign-extended imm6 << 12. */
    public Asm cLui(int rd, int imm6) {
        checkSigned(imm6, 6);
        return half(ci(0b011, imm6, rd, 0b01));
    }

    private Asm cMiscAlu(int funct2, int rdPrime, int imm6) {
        return half(0b100 << 13 | bit(imm6, 5) << 12 | funct2 << 10 | prime(rdPrime) << 7 | field(imm6, 4, 0) << 2 | 0b01);
    }

    public Asm cSrli(int rdPrime, int shamt) {
        checkUnsigned(shamt, 6);
        return cMiscAlu(0b00, rdPrime, shamt);
    }

    public Asm cSrai(int rdPrime, int shamt) {
        checkUnsigned(shamt, 6);
        return cMiscAlu(0b01, rdPrime, shamt);
    }

    public Asm cAndi(int rdPrime, int imm) {
        checkSigned(imm, 6);
        return cMiscAlu(0b10, rdPrime, imm);
    }

    private Asm cArith(int bit12, int funct2, int rdPrime, int rs2Prime) {
        return half(0b100 << 13 | bit12 << 12 | 0b11 << 10 | prime(rdPrime) << 7 | funct2 << 5 | prime(rs2Prime) << 2 | 0b01);
    }

    public Asm cSub(int rdPrime, int rs2Prime) {
        return cArith(0, 0b00, rdPrime, rs2Prime);
    }

    public Asm cXor(int rdPrime, int rs2Prime) {
        return cArith(0, 0b01, rdPrime, rs2Prime);
    }

    public Asm cOr(int rdPrime, int rs2Prime) {
        return cArith(0, 0b10, rdPrime, rs2Prime);
    }

    public Asm cAnd(int rdPrime, int rs2Prime) {
        return cArith(0, 0b11, rdPrime, rs2Prime);
    }

    public Asm cSubw(int rdPrime, int rs2Prime) {
        return cArith(1, 0b00, rdPrime, rs2Prime);
    }

    public Asm cAddw(int rdPrime, int rs2Prime) {
        return cArith(1, 0b01, rdPrime, rs2Prime);
    }

    static int cjType(int offset) {
        checkSigned(offset, 12);
        checkEven(offset);
        return 0b101 << 13 | scatter(offset, 11, 4, 9, 8, 10, 6, 7, 3, 2, 1, 5) << 2 | 0b01;
    }

    public Asm cJ(Label target) {
        return halfTo(target, Asm::cjType);
    }

    public Asm cJ(int offset) {
        return half(cjType(offset));
    }

    static int cbType(int funct3, int offset, int rs1Prime) {
        checkSigned(offset, 9);
        checkEven(offset);
        return funct3 << 13 | scatter(offset, 8, 4, 3) << 10 | prime(rs1Prime) << 7 | scatter(offset, 7, 6, 2, 1, 5) << 2 | 0b01;
    }

    public Asm cBeqz(int rs1Prime, Label target) {
        return halfTo(target, offset -> cbType(0b110, offset, rs1Prime));
    }

    public Asm cBnez(int rs1Prime, Label target) {
        return halfTo(target, offset -> cbType(0b111, offset, rs1Prime));
    }

    public Asm cSlli(int rd, int shamt) {
        checkUnsigned(shamt, 6);
        return half(ci(0b000, shamt, rd, 0b10));
    }

    public Asm cLwsp(int rd, int uimm) {
        checkUnsigned(uimm, 8);
        return half(0b010 << 13 | bit(uimm, 5) << 12 | reg(rd) << 7 | scatter(uimm, 4, 3, 2, 7, 6) << 2 | 0b10);
    }

    public Asm cLdsp(int rd, int uimm) {
        checkUnsigned(uimm, 9);
        return half(0b011 << 13 | bit(uimm, 5) << 12 | reg(rd) << 7 | scatter(uimm, 4, 3, 8, 7, 6) << 2 | 0b10);
    }

    public Asm cJr(int rs1) {
        return half(0b100 << 13 | reg(rs1) << 7 | 0b10);
    }

    public Asm cMv(int rd, int rs2) {
        return half(0b100 << 13 | reg(rd) << 7 | reg(rs2) << 2 | 0b10);
    }

    public Asm cEbreak() {
        return half(0b100 << 13 | 1 << 12 | 0b10);
    }

    public Asm cJalr(int rs1) {
        return half(0b100 << 13 | 1 << 12 | reg(rs1) << 7 | 0b10);
    }

    public Asm cAdd(int rd, int rs2) {
        return half(0b100 << 13 | 1 << 12 | reg(rd) << 7 | reg(rs2) << 2 | 0b10);
    }

    /** c.fld: like c.ld, with an f register. */
    public Asm cFld(int rdPrime, int uimm, int rs1Prime) {
        checkUnsigned(uimm, 8);
        return half(0b001 << 13 | scatter(uimm, 5, 4, 3) << 10 | prime(rs1Prime) << 7 | scatter(uimm, 7, 6) << 5
                | prime(rdPrime) << 2);
    }

    public Asm cFsd(int rs2Prime, int uimm, int rs1Prime) {
        checkUnsigned(uimm, 8);
        return half(0b101 << 13 | scatter(uimm, 5, 4, 3) << 10 | prime(rs1Prime) << 7 | scatter(uimm, 7, 6) << 5
                | prime(rs2Prime) << 2);
    }

    public Asm cFldsp(int rd, int uimm) {
        checkUnsigned(uimm, 9);
        return half(0b001 << 13 | bit(uimm, 5) << 12 | reg(rd) << 7 | scatter(uimm, 4, 3, 8, 7, 6) << 2 | 0b10);
    }

    public Asm cFsdsp(int rs2, int uimm) {
        checkUnsigned(uimm, 9);
        return half(0b101 << 13 | scatter(uimm, 5, 4, 3, 8, 7, 6) << 7 | reg(rs2) << 2 | 0b10);
    }

    public Asm cSwsp(int rs2, int uimm) {
        checkUnsigned(uimm, 8);
        return half(0b110 << 13 | scatter(uimm, 5, 4, 3, 2, 7, 6) << 7 | reg(rs2) << 2 | 0b10);
    }

    public Asm cSdsp(int rs2, int uimm) {
        checkUnsigned(uimm, 9);
        return half(0b111 << 13 | scatter(uimm, 5, 4, 3, 8, 7, 6) << 7 | reg(rs2) << 2 | 0b10);
    }
}
