package io.fgraph.emulator.cpu;

import io.fgraph.emulator.hook.JavaTrap;

/**
 * Decodes one 32-bit RISC-V instruction word (RV64IMAFD, Zicsr, Zifencei, the privileged
 * instructions of machine mode, and the fgraph Java-trap encoding) into a packed
 * {@link DecodedForm} word and an immediate. Anything else decodes to {@link Op#ILLEGAL}
 * with the raw bits as the immediate. F/D computational instructions decode to {@link Op#FLOAT}
 * with a {@link FloatOp} immediate; a reserved static rounding mode (5 or 6) is illegal here,
 * an invalid dynamic one only when the instruction executes.
 *
 * <p>Not thread-safe: the immediate of the last decode is left in {@link #immediate()}.
 */
public final class Decoder {
    /** Major opcode of the reserved custom-0 space used for {@link Op#JAVA_TRAP}. */
    public static final int CUSTOM0_OPCODE = 0b0001011;
    private static final int STACK_POINTER = 2;
    private static final int FRAME_POINTER = 8;

    private static final int[] BASE_OPS = {Op.ADD, Op.SLL, Op.SLT, Op.SLTU, Op.XOR, Op.SRL, Op.OR, Op.AND};
    private static final int[] MULDIV_OPS = {Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU};

    private long immediate;

    /** The immediate of the most recent {@link #decode} call. */
    public long immediate() {
        return immediate;
    }

    /**
     * Decodes {@code bits}; {@code length} (2 or 4) is the size of the original encoding in memory,
     * so a compressed instruction expanded to 32 bits still advances the pc by 2.
     */
    public int decode(int bits, int length) {
        return stackSwitchForm(decodeWord(bits, length));
    }

    /**
     * A write of {@code sp} that is not arithmetic on {@code sp} or on the frame pointer may switch
     * stacks (longjmp, a coroutine swap, a thread start): {@code ld sp, ...}, {@code mv sp, rX},
     * {@code add sp, rX, rY}. These decode to their own operations, which tell the environment
     * ({@link Environment#onStackSwitch}). The prologue's {@code addi sp, sp, -N}, alloca's
     * {@code sub sp, sp, rX} and the frame-pointer epilogue {@code addi sp, s0, -N} do not.
     */
    private static int stackSwitchForm(int word) {
        if (DecodedForm.rd(word) != STACK_POINTER) {
            return word;
        }
        int rs1 = DecodedForm.rs1(word);
        int rs2 = DecodedForm.rs2(word);
        switch (DecodedForm.op(word)) {
            case Op.LD:
                return DecodedForm.withOp(word, Op.LD_SP);
            case Op.ADDI:
                return isStackBase(rs1) ? word : DecodedForm.withOp(word, Op.ADDI_SP);
            case Op.ADD:
                return isStackBase(rs1) || isStackBase(rs2) ? word : DecodedForm.withOp(word, Op.ADD_SP);
            default:
                return word;
        }
    }

    private static boolean isStackBase(int register) {
        return register == STACK_POINTER || register == FRAME_POINTER;
    }

    private int decodeWord(int bits, int length) {
        int opcode = bits & 0x7F;
        int rd = (bits >>> 7) & 31;
        int funct3 = (bits >>> 12) & 7;
        int rs1 = (bits >>> 15) & 31;
        int rs2 = (bits >>> 20) & 31;
        int funct7 = bits >>> 25;
        long immI = bits >> 20;
        immediate = 0;
        switch (opcode) {
            case 0b0110111:
                immediate = bits & 0xFFFFF000;
                return DecodedForm.pack(Op.LUI, rd, 0, 0, length);
            case 0b0010111:
                immediate = bits & 0xFFFFF000;
                return DecodedForm.pack(Op.AUIPC, rd, 0, 0, length);
            case 0b1101111:
                immediate = jImmediate(bits);
                return DecodedForm.pack(Op.JAL, rd, 0, 0, length);
            case 0b1100111:
                if (funct3 != 0) {
                    break;
                }
                immediate = immI;
                return DecodedForm.pack(Op.JALR, rd, rs1, 0, length);
            case 0b1100011:
                return branch(bits, funct3, rs1, rs2, length);
            case 0b0000011:
                return load(funct3, rd, rs1, immI, length, bits);
            case 0b0100011:
                return store(bits, funct3, rs1, rs2, length);
            case 0b0010011:
                return opImm(bits, funct3, funct7, rd, rs1, immI, length);
            case 0b0011011:
                return opImm32(bits, funct3, funct7, rd, rs1, immI, length);
            case 0b0110011:
                return op(bits, funct3, funct7, rd, rs1, rs2, length);
            case 0b0111011:
                return op32(bits, funct3, funct7, rd, rs1, rs2, length);
            case 0b0001111:
                if (funct3 == 0) {
                    return DecodedForm.pack(Op.FENCE, 0, 0, 0, length);
                }
                if (funct3 == 1) {
                    return DecodedForm.pack(Op.FENCE_I, 0, 0, 0, length);
                }
                break;
            case 0b1110011:
                return system(bits, funct3, rd, rs1, length);
            case 0b0101111:
                return atomic(bits, funct3, rd, rs1, rs2, length);
            case CUSTOM0_OPCODE:
                if (JavaTrap.is(bits)) {
                    immediate = JavaTrap.idOf(bits);
                    return DecodedForm.pack(Op.JAVA_TRAP, 0, 0, 0, length);
                }
                break;
            case 0b0000111: // LOAD-FP
                if (funct3 == 2 || funct3 == 3) {
                    immediate = immI;
                    return DecodedForm.pack(funct3 == 2 ? Op.FLW : Op.FLD, rd, rs1, 0, length);
                }
                break;
            case 0b0100111: // STORE-FP
                if (funct3 == 2 || funct3 == 3) {
                    immediate = sImmediate(bits);
                    return DecodedForm.pack(funct3 == 2 ? Op.FSW : Op.FSD, 0, rs1, rs2, length);
                }
                break;
            case 0b1000011:
                return fusedMultiplyAdd(bits, FloatOp.MADD, funct3, rd, rs1, rs2, length);
            case 0b1000111:
                return fusedMultiplyAdd(bits, FloatOp.MSUB, funct3, rd, rs1, rs2, length);
            case 0b1001011:
                return fusedMultiplyAdd(bits, FloatOp.NMSUB, funct3, rd, rs1, rs2, length);
            case 0b1001111:
                return fusedMultiplyAdd(bits, FloatOp.NMADD, funct3, rd, rs1, rs2, length);
            case 0b1010011:
                return opFp(bits, funct3, funct7, rd, rs1, rs2, length);
            default:
                break;
        }
        return illegal(bits, length);
    }

    private int illegal(int bits, int length) {
        immediate = bits & 0xFFFFFFFFL;
        return DecodedForm.pack(Op.ILLEGAL, 0, 0, 0, length);
    }

    private int branch(int bits, int funct3, int rs1, int rs2, int length) {
        int op;
        switch (funct3) {
            case 0: op = Op.BEQ; break;
            case 1: op = Op.BNE; break;
            case 4: op = Op.BLT; break;
            case 5: op = Op.BGE; break;
            case 6: op = Op.BLTU; break;
            case 7: op = Op.BGEU; break;
            default: return illegal(bits, length);
        }
        immediate = bImmediate(bits);
        return DecodedForm.pack(op, 0, rs1, rs2, length);
    }

    private int load(int funct3, int rd, int rs1, long imm, int length, int bits) {
        int op;
        switch (funct3) {
            case 0: op = Op.LB; break;
            case 1: op = Op.LH; break;
            case 2: op = Op.LW; break;
            case 3: op = Op.LD; break;
            case 4: op = Op.LBU; break;
            case 5: op = Op.LHU; break;
            case 6: op = Op.LWU; break;
            default: return illegal(bits, length);
        }
        immediate = imm;
        return DecodedForm.pack(op, rd, rs1, 0, length);
    }

    private int store(int bits, int funct3, int rs1, int rs2, int length) {
        int op;
        switch (funct3) {
            case 0: op = Op.SB; break;
            case 1: op = Op.SH; break;
            case 2: op = Op.SW; break;
            case 3: op = Op.SD; break;
            default: return illegal(bits, length);
        }
        immediate = sImmediate(bits);
        return DecodedForm.pack(op, 0, rs1, rs2, length);
    }

    private int opImm(int bits, int funct3, int funct7, int rd, int rs1, long imm, int length) {
        int shamt = (bits >>> 20) & 63;
        int funct6 = funct7 >>> 1;
        switch (funct3) {
            case 0:
                immediate = imm;
                if (rd == 0 && rs1 == 0 && imm == 0) {
                    return DecodedForm.pack(Op.NOP, 0, 0, 0, length);
                }
                return DecodedForm.pack(Op.ADDI, rd, rs1, 0, length);
            case 2: immediate = imm; return DecodedForm.pack(Op.SLTI, rd, rs1, 0, length);
            case 3: immediate = imm; return DecodedForm.pack(Op.SLTIU, rd, rs1, 0, length);
            case 4: immediate = imm; return DecodedForm.pack(Op.XORI, rd, rs1, 0, length);
            case 6: immediate = imm; return DecodedForm.pack(Op.ORI, rd, rs1, 0, length);
            case 7: immediate = imm; return DecodedForm.pack(Op.ANDI, rd, rs1, 0, length);
            case 1:
                if (funct6 != 0) {
                    return illegal(bits, length);
                }
                immediate = shamt;
                return DecodedForm.pack(Op.SLLI, rd, rs1, 0, length);
            case 5:
                immediate = shamt;
                if (funct6 == 0) {
                    return DecodedForm.pack(Op.SRLI, rd, rs1, 0, length);
                }
                if (funct6 == 0b010000) {
                    return DecodedForm.pack(Op.SRAI, rd, rs1, 0, length);
                }
                return illegal(bits, length);
            default:
                return illegal(bits, length);
        }
    }

    private int opImm32(int bits, int funct3, int funct7, int rd, int rs1, long imm, int length) {
        int shamt = (bits >>> 20) & 31;
        switch (funct3) {
            case 0:
                immediate = imm;
                return DecodedForm.pack(Op.ADDIW, rd, rs1, 0, length);
            case 1:
                if (funct7 != 0) {
                    return illegal(bits, length);
                }
                immediate = shamt;
                return DecodedForm.pack(Op.SLLIW, rd, rs1, 0, length);
            case 5:
                immediate = shamt;
                if (funct7 == 0) {
                    return DecodedForm.pack(Op.SRLIW, rd, rs1, 0, length);
                }
                if (funct7 == 0b0100000) {
                    return DecodedForm.pack(Op.SRAIW, rd, rs1, 0, length);
                }
                return illegal(bits, length);
            default:
                return illegal(bits, length);
        }
    }

    private int op(int bits, int funct3, int funct7, int rd, int rs1, int rs2, int length) {
        int op = -1;
        if (funct7 == 0) {
            op = BASE_OPS[funct3];
        } else if (funct7 == 0b0100000) {
            op = funct3 == 0 ? Op.SUB : funct3 == 5 ? Op.SRA : -1;
        } else if (funct7 == 1) {
            op = MULDIV_OPS[funct3];
        }
        return op < 0 ? illegal(bits, length) : DecodedForm.pack(op, rd, rs1, rs2, length);
    }

    private int op32(int bits, int funct3, int funct7, int rd, int rs1, int rs2, int length) {
        int op = -1;
        if (funct7 == 0) {
            op = funct3 == 0 ? Op.ADDW : funct3 == 1 ? Op.SLLW : funct3 == 5 ? Op.SRLW : -1;
        } else if (funct7 == 0b0100000) {
            op = funct3 == 0 ? Op.SUBW : funct3 == 5 ? Op.SRAW : -1;
        } else if (funct7 == 1) {
            switch (funct3) {
                case 0: op = Op.MULW; break;
                case 4: op = Op.DIVW; break;
                case 5: op = Op.DIVUW; break;
                case 6: op = Op.REMW; break;
                case 7: op = Op.REMUW; break;
                default: op = -1;
            }
        }
        return op < 0 ? illegal(bits, length) : DecodedForm.pack(op, rd, rs1, rs2, length);
    }

    private int system(int bits, int funct3, int rd, int rs1, int length) {
        if (funct3 == 0) {
            if (rd != 0 || rs1 != 0) {
                return illegal(bits, length);
            }
            switch (bits >>> 20) {
                case 0x000: return DecodedForm.pack(Op.ECALL, 0, 0, 0, length);
                case 0x001: return DecodedForm.pack(Op.EBREAK, 0, 0, 0, length);
                case 0x302: return DecodedForm.pack(Op.MRET, 0, 0, 0, length);
                case 0x105: return DecodedForm.pack(Op.WFI, 0, 0, 0, length);
                default: return illegal(bits, length);
            }
        }
        int op;
        switch (funct3) {
            case 1: op = Op.CSRRW; break;
            case 2: op = Op.CSRRS; break;
            case 3: op = Op.CSRRC; break;
            case 5: op = Op.CSRRWI; break;
            case 6: op = Op.CSRRSI; break;
            case 7: op = Op.CSRRCI; break;
            default: return illegal(bits, length);
        }
        immediate = (bits >>> 20) & 0xFFF;
        return DecodedForm.pack(op, rd, rs1, 0, length);
    }

    private int atomic(int bits, int funct3, int rd, int rs1, int rs2, int length) {
        if (funct3 != 2 && funct3 != 3) {
            return illegal(bits, length);
        }
        int funct5 = bits >>> 27;
        if (!AtomicFunction.isValid(funct5) || (funct5 == AtomicFunction.LR && rs2 != 0)) {
            return illegal(bits, length);
        }
        immediate = AtomicFunction.encode(funct5, funct3 == 3);
        return DecodedForm.pack(Op.ATOMIC, rd, rs1, rs2, length);
    }

    /** fmt 00 (S) and 01 (D) exist; 10 (H) and 11 (Q) are other extensions. */
    private static boolean isSingleOrDouble(int fmt) {
        return fmt <= 1;
    }

    private static boolean isRoundingMode(int rm) {
        return FloatRoundingMode.isValid(rm) || rm == FloatRoundingMode.DYN;
    }

    private int fusedMultiplyAdd(int bits, int function, int rm, int rd, int rs1, int rs2, int length) {
        int fmt = (bits >>> 25) & 3;
        if (!isSingleOrDouble(fmt) || !isRoundingMode(rm)) {
            return illegal(bits, length);
        }
        return floatOp(function, fmt == 1, rm, bits >>> 27, rd, rs1, rs2, length);
    }

    private int opFp(int bits, int funct3, int funct7, int rd, int rs1, int rs2, int length) {
        int fmt = funct7 & 3;
        if (!isSingleOrDouble(fmt)) {
            return illegal(bits, length);
        }
        boolean d = fmt == 1;
        int rm = funct3;
        switch (funct7 >>> 2) {
            case 0b00000: return rounding(bits, FloatOp.ADD, d, rm, rd, rs1, rs2, length);
            case 0b00001: return rounding(bits, FloatOp.SUB, d, rm, rd, rs1, rs2, length);
            case 0b00010: return rounding(bits, FloatOp.MUL, d, rm, rd, rs1, rs2, length);
            case 0b00011: return rounding(bits, FloatOp.DIV, d, rm, rd, rs1, rs2, length);
            case 0b01011:
                return rs2 == 0 ? rounding(bits, FloatOp.SQRT, d, rm, rd, rs1, 0, length) : illegal(bits, length);
            case 0b00100:
                if (funct3 > 2) {
                    return illegal(bits, length);
                }
                return floatOp(FloatOp.SGNJ + funct3, d, 0, 0, rd, rs1, rs2, length);
            case 0b00101:
                if (funct3 > 1) {
                    return illegal(bits, length);
                }
                return floatOp(funct3 == 0 ? FloatOp.MIN : FloatOp.MAX, d, 0, 0, rd, rs1, rs2, length);
            case 0b01000:
                // fcvt.s.d (fmt S, source D) or fcvt.d.s (fmt D, source S).
                if (rs2 != (d ? 0 : 1)) {
                    return illegal(bits, length);
                }
                return rounding(bits, FloatOp.FROM_OTHER, d, rm, rd, rs1, 0, length);
            case 0b10100:
                switch (funct3) {
                    case 2: return floatOp(FloatOp.EQ, d, 0, 0, rd, rs1, rs2, length);
                    case 1: return floatOp(FloatOp.LT, d, 0, 0, rd, rs1, rs2, length);
                    case 0: return floatOp(FloatOp.LE, d, 0, 0, rd, rs1, rs2, length);
                    default: return illegal(bits, length);
                }
            case 0b11000:
                return rs2 <= 3 ? rounding(bits, FloatOp.TO_W + rs2, d, rm, rd, rs1, 0, length) : illegal(bits, length);
            case 0b11010:
                return rs2 <= 3 ? rounding(bits, FloatOp.FROM_W + rs2, d, rm, rd, rs1, 0, length) : illegal(bits, length);
            case 0b11100:
                if (rs2 != 0 || funct3 > 1) {
                    return illegal(bits, length);
                }
                return floatOp(funct3 == 0 ? FloatOp.MV_TO_X : FloatOp.CLASS, d, 0, 0, rd, rs1, 0, length);
            case 0b11110:
                if (rs2 != 0 || funct3 != 0) {
                    return illegal(bits, length);
                }
                return floatOp(FloatOp.MV_FROM_X, d, 0, 0, rd, rs1, 0, length);
            default:
                return illegal(bits, length);
        }
    }

    private int rounding(int bits, int function, boolean d, int rm, int rd, int rs1, int rs2, int length) {
        return isRoundingMode(rm) ? floatOp(function, d, rm, 0, rd, rs1, rs2, length) : illegal(bits, length);
    }

    private int floatOp(int function, boolean d, int rm, int rs3, int rd, int rs1, int rs2, int length) {
        immediate = FloatOp.encode(function, d, rm, rs3);
        return DecodedForm.pack(Op.FLOAT, rd, rs1, rs2, length);
    }

    static long jImmediate(int bits) {
        int imm = ((bits >> 31) << 20)
                | (((bits >>> 21) & 0x3FF) << 1)
                | (((bits >>> 20) & 1) << 11)
                | (((bits >>> 12) & 0xFF) << 12);
        return imm;
    }

    static long bImmediate(int bits) {
        int imm = ((bits >> 31) << 12)
                | (((bits >>> 25) & 0x3F) << 5)
                | (((bits >>> 8) & 0xF) << 1)
                | (((bits >>> 7) & 1) << 11);
        return imm;
    }

    static long sImmediate(int bits) {
        return ((bits >> 25) << 5) | ((bits >>> 7) & 31);
    }
}
