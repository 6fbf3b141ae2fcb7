package io.fgraph.emulator.cpu;

/**
 * Internal operation numbers of decoded instructions. The decoder maps every supported RV64IMAFDC,
 * Zicsr and Zifencei encoding (compressed forms first expanded to 32 bits) onto one of these, and
 * the interpreter switches on them. Values are dense so the switch compiles to a jump table.
 */
public final class Op {
    private Op() {
    }

    public static final int ILLEGAL = 1;
    public static final int LUI = 2;
    public static final int AUIPC = 3;
    public static final int JAL = 4;
    public static final int JALR = 5;
    public static final int BEQ = 6;
    public static final int BNE = 7;
    public static final int BLT = 8;
    public static final int BGE = 9;
    public static final int BLTU = 10;
    public static final int BGEU = 11;
    public static final int LB = 12;
    public static final int LH = 13;
    public static final int LW = 14;
    public static final int LD = 15;
    public static final int LBU = 16;
    public static final int LHU = 17;
    public static final int LWU = 18;
    public static final int SB = 19;
    public static final int SH = 20;
    public static final int SW = 21;
    public static final int SD = 22;
    public static final int ADDI = 23;
    public static final int SLTI = 24;
    public static final int SLTIU = 25;
    public static final int XORI = 26;
    public static final int ORI = 27;
    public static final int ANDI = 28;
    public static final int SLLI = 29;
    public static final int SRLI = 30;
    public static final int SRAI = 31;
    public static final int ADD = 32;
    public static final int SUB = 33;
    public static final int SLL = 34;
    public static final int SLT = 35;
    public static final int SLTU = 36;
    public static final int XOR = 37;
    public static final int SRL = 38;
    public static final int SRA = 39;
    public static final int OR = 40;
    public static final int AND = 41;
    public static final int ADDIW = 42;
    public static final int SLLIW = 43;
    public static final int SRLIW = 44;
    public static final int SRAIW = 45;
    public static final int ADDW = 46;
    public static final int SUBW = 47;
    public static final int SLLW = 48;
    public static final int SRLW = 49;
    public static final int SRAW = 50;
    public static final int FENCE = 51;
    public static final int FENCE_I = 52;
    public static final int ECALL = 53;
    public static final int EBREAK = 54;
    public static final int MRET = 55;
    public static final int WFI = 56;
    public static final int CSRRW = 57;
    public static final int CSRRS = 58;
    public static final int CSRRC = 59;
    public static final int CSRRWI = 60;
    public static final int CSRRSI = 61;
    public static final int CSRRCI = 62;
    public static final int MUL = 63;
    public static final int MULH = 64;
    public static final int MULHSU = 65;
    public static final int MULHU = 66;
    public static final int DIV = 67;
    public static final int DIVU = 68;
    public static final int REM = 69;
    public static final int REMU = 70;
    public static final int MULW = 71;
    public static final int DIVW = 72;
    public static final int DIVUW = 73;
    public static final int REMW = 74;
    public static final int REMUW = 75;
    /** LR/SC and every AMO: the AMO function (funct5) and width are in the immediate. */
    public static final int ATOMIC = 76;
    /** The reserved custom-0 encoding that traps into a Java handler, id in the immediate. */
    public static final int JAVA_TRAP = 77;
    /** An F/D computational instruction (OP-FP or a fused multiply-add); the {@link FloatOp} immediate says which. */
    public static final int FLOAT = 78;
    public static final int NOP = 79;
    /** {@code ld sp, imm(rs1)}: may switch stacks (see {@link Environment#onStackSwitch}). */
    public static final int LD_SP = 80;
    /** {@code addi sp, rs1, imm} with rs1 neither sp nor the frame pointer ({@code mv sp, rX}). */
    public static final int ADDI_SP = 81;
    /** {@code add sp, rs1, rs2} with neither register sp nor the frame pointer ({@code c.mv sp, rX}). */
    public static final int ADD_SP = 82;
    public static final int FLW = 83;
    public static final int FLD = 84;
    public static final int FSW = 85;
    public static final int FSD = 86;

    public static final int COUNT = 87;
}
