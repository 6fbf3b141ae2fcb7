package io.fgraph.emulator.cpu;

/**
 * Expands a 16-bit RVC instruction (RV64C) into the 32-bit instruction it stands for, so the
 * decoder handles one format only. Reserved and illegal encodings expand to {@link #ILLEGAL}
 * (an all-zero word, which the 32-bit decoder rejects).
 */
public final class CompressedExpander {
    /** Returned for reserved or illegal compressed encodings. */
    public static final int ILLEGAL = 0;

    private static final int OPC_LOAD = 0b0000011;
    private static final int OPC_LOAD_FP = 0b0000111;
    private static final int OPC_STORE = 0b0100011;
    private static final int OPC_STORE_FP = 0b0100111;
    private static final int OPC_OP_IMM = 0b0010011;
    private static final int OPC_OP_IMM_32 = 0b0011011;
    private static final int OPC_OP = 0b0110011;
    private static final int OPC_OP_32 = 0b0111011;
    private static final int OPC_LUI = 0b0110111;
    private static final int OPC_JAL = 0b1101111;
    private static final int OPC_JALR = 0b1100111;
    private static final int OPC_BRANCH = 0b1100011;
    private static final int EBREAK = 0x00100073;

    private CompressedExpander() {
    }

    /** Expands {@code half} (the low 16 bits are used; the two low bits must not be 11). */
    public static int expand(int half) {
        half &= 0xFFFF;
        int quadrant = half & 3;
        int funct3 = half >>> 13;
        switch (quadrant) {
            case 0: return quadrant0(half, funct3);
            case 1: return quadrant1(half, funct3);
            case 2: return quadrant2(half, funct3);
            default: return ILLEGAL;
        }
    }

    private static int quadrant0(int c, int funct3) {
        int rdPrime = 8 + ((c >>> 2) & 7);
        int rs1Prime = 8 + ((c >>> 7) & 7);
        int offsetW = (bits(c, 12, 10) << 3) | (bit(c, 6) << 2) | (bit(c, 5) << 6);
        int offsetD = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
        switch (funct3) {
            case 0: {
                int nzuimm = (bits(c, 12, 11) << 4) | (bits(c, 10, 7) << 6) | (bit(c, 6) << 2) | (bit(c, 5) << 3);
                return nzuimm == 0 ? ILLEGAL : iType(nzuimm, 2, 0, rdPrime, OPC_OP_IMM);
            }
            case 1: return iType(offsetD, rs1Prime, 3, rdPrime, OPC_LOAD_FP);
            case 2: return iType(offsetW, rs1Prime, 2, rdPrime, OPC_LOAD);
            case 3: return iType(offsetD, rs1Prime, 3, rdPrime, OPC_LOAD);
            case 5: return sType(offsetD, rdPrime, rs1Prime, 3, OPC_STORE_FP);
            case 6: return sType(offsetW, rdPrime, rs1Prime, 2, OPC_STORE);
            case 7: return sType(offsetD, rdPrime, rs1Prime, 3, OPC_STORE);
            default: return ILLEGAL;
        }
    }

    private static int quadrant1(int c, int funct3) {
        int rd = (c >>> 7) & 31;
        int imm6 = signExtend((bit(c, 12) << 5) | bits(c, 6, 2), 6);
        int rdPrime = 8 + ((c >>> 7) & 7);
        int rs2Prime = 8 + ((c >>> 2) & 7);
        switch (funct3) {
            case 0: return iType(imm6, rd, 0, rd, OPC_OP_IMM);
            case 1: return rd == 0 ? ILLEGAL : iType(imm6, rd, 0, rd, OPC_OP_IMM_32);
            case 2: return iType(imm6, 0, 0, rd, OPC_OP_IMM);
            case 3:
                if (rd == 2) {
                    int nzimm = signExtend((bit(c, 12) << 9) | (bit(c, 6) << 4) | (bit(c, 5) << 6)
                            | (bits(c, 4, 3) << 7) | (bit(c, 2) << 5), 10);
                    return nzimm == 0 ? ILLEGAL : iType(nzimm, 2, 0, 2, OPC_OP_IMM);
                }
                if (imm6 == 0) {
                    return ILLEGAL;
                }
                // rd = x0 with a non-zero immediate is a HINT, not reserved: it expands to lui x0, which does nothing.
                return (imm6 << 12) | (rd << 7) | OPC_LUI;
            case 4: return miscAlu(c, rdPrime, rs2Prime, imm6);
            case 5: return jType(cjOffset(c), 0);
            case 6: return bType(cbOffset(c), 0, rdPrime, 0);
            case 7: return bType(cbOffset(c), 0, rdPrime, 1);
            default: return ILLEGAL;
        }
    }

    private static int miscAlu(int c, int rd, int rs2, int imm6) {
        int shamt = (bit(c, 12) << 5) | bits(c, 6, 2);
        switch (bits(c, 11, 10)) {
            case 0: return iType(shamt, rd, 5, rd, OPC_OP_IMM);
            case 1: return iType(shamt | 0x400, rd, 5, rd, OPC_OP_IMM);
            case 2: return iType(imm6, rd, 7, rd, OPC_OP_IMM);
            default:
                int selector = bits(c, 6, 5);
                if (bit(c, 12) == 0) {
                    switch (selector) {
                        case 0: return rType(0b0100000, rs2, rd, 0, rd, OPC_OP);
                        case 1: return rType(0, rs2, rd, 4, rd, OPC_OP);
                        case 2: return rType(0, rs2, rd, 6, rd, OPC_OP);
                        default: return rType(0, rs2, rd, 7, rd, OPC_OP);
                    }
                }
                switch (selector) {
                    case 0: return rType(0b0100000, rs2, rd, 0, rd, OPC_OP_32);
                    case 1: return rType(0, rs2, rd, 0, rd, OPC_OP_32);
                    default: return ILLEGAL;
                }
        }
    }

    private static int quadrant2(int c, int funct3) {
        int rd = (c >>> 7) & 31;
        int rs2 = (c >>> 2) & 31;
        switch (funct3) {
            case 0: {
                int shamt = (bit(c, 12) << 5) | bits(c, 6, 2);
                return iType(shamt, rd, 1, rd, OPC_OP_IMM);
            }
            case 1: return iType(ldspOffset(c), 2, 3, rd, OPC_LOAD_FP);
            case 2: {
                int offset = (bit(c, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6);
                return rd == 0 ? ILLEGAL : iType(offset, 2, 2, rd, OPC_LOAD);
            }
            case 3: return rd == 0 ? ILLEGAL : iType(ldspOffset(c), 2, 3, rd, OPC_LOAD);
            case 4:
                if (bit(c, 12) == 0) {
                    if (rs2 == 0) {
                        return rd == 0 ? ILLEGAL : iType(0, rd, 0, 0, OPC_JALR);
                    }
                    return rType(0, rs2, 0, 0, rd, OPC_OP);
                }
                if (rs2 == 0) {
                    return rd == 0 ? EBREAK : iType(0, rd, 0, 1, OPC_JALR);
                }
                return rType(0, rs2, rd, 0, rd, OPC_OP);
            case 5: return sType(sdspOffset(c), rs2, 2, 3, OPC_STORE_FP);
            case 6: {
                int offset = (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6);
                return sType(offset, rs2, 2, 2, OPC_STORE);
            }
            case 7: return sType(sdspOffset(c), rs2, 2, 3, OPC_STORE);
            default: return ILLEGAL;
        }
    }

    private static int ldspOffset(int c) {
        return (bit(c, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6);
    }

    private static int sdspOffset(int c) {
        return (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6);
    }

    private static int cjOffset(int c) {
        int offset = (bit(c, 12) << 11) | (bit(c, 11) << 4) | (bits(c, 10, 9) << 8) | (bit(c, 8) << 10)
                | (bit(c, 7) << 6) | (bit(c, 6) << 7) | (bits(c, 5, 3) << 1) | (bit(c, 2) << 5);
        return signExtend(offset, 12);
    }

    private static int cbOffset(int c) {
        int offset = (bit(c, 12) << 8) | (bits(c, 11, 10) << 3) | (bits(c, 6, 5) << 6)
                | (bits(c, 4, 3) << 1) | (bit(c, 2) << 5);
        return signExtend(offset, 9);
    }

    private static int bit(int value, int position) {
        return (value >>> position) & 1;
    }

    private static int bits(int value, int high, int low) {
        return (value >>> low) & ((1 << (high - low + 1)) - 1);
    }

    private static int signExtend(int value, int width) {
        int shift = 32 - width;
        return (value << shift) >> shift;
    }

    static int iType(int imm, int rs1, int funct3, int rd, int opcode) {
        return (imm << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode;
    }

    static int sType(int imm, int rs2, int rs1, int funct3, int opcode) {
        return ((imm >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | ((imm & 31) << 7) | opcode;
    }

    static int rType(int funct7, int rs2, int rs1, int funct3, int rd, int opcode) {
        return (funct7 << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode;
    }

    static int bType(int imm, int rs2, int rs1, int funct3) {
        return (((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3F) << 25) | (rs2 << 20) | (rs1 << 15)
                | (funct3 << 12) | (((imm >> 1) & 0xF) << 8) | (((imm >> 11) & 1) << 7) | OPC_BRANCH;
    }

    static int jType(int imm, int rd) {
        return (((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3FF) << 21) | (((imm >> 11) & 1) << 20)
                | (((imm >> 12) & 0xFF) << 12) | (rd << 7) | OPC_JAL;
    }
}
