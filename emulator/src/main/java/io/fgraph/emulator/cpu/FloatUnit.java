package io.fgraph.emulator.cpu;

import static io.fgraph.emulator.cpu.FloatBits.SIGN_32;
import static io.fgraph.emulator.cpu.FloatBits.SIGN_64;
import static io.fgraph.emulator.cpu.FloatBits.box;
import static io.fgraph.emulator.cpu.FloatBits.unbox;

/**
 * Executes the F and D instructions on a hart: the gate of {@code mstatus.FS}, the rounding mode
 * (static, or dynamic from frm), operand fetch with NaN-unboxing, the arithmetic, and the write of
 * the result (NaN-boxed for single precision) to an f or an x register. The interpreter calls it from
 * a few cases so that its own loop stays small.
 *
 * <p>With FS Off every F/D instruction is illegal. Otherwise each one sets FS to Dirty, the
 * imprecise but allowed way of tracking whether the FP state changed.
 *
 * <p>Destination registers arrive as the decoder packs them: x0 as the sink register 32, which an
 * FP destination maps back to f0 with {@code rd & 31}.
 */
final class FloatUnit {
    private FloatUnit() {
    }

    private static final int S = 0;
    private static final int D = FloatOp.DOUBLE_BIT;

    /** An {@link Op#FLOAT} instruction; {@code pc} is only needed for the instruction bits of an illegal one. */
    static void execute(Hart h, int rd, int rs1, int rs2, long imm, long pc) {
        enable(h, pc);
        int rm = FloatOp.roundingMode(imm);
        if (rm == FloatRoundingMode.DYN) {
            rm = h.frm;
            if (!FloatRoundingMode.isValid(rm)) {
                throw illegal(h, pc);
            }
        }
        final long[] f = h.f;
        final long[] x = h.x;
        final FloatFlags flags = h.fflags;
        final int fd = rd & 31;
        switch (FloatOp.selector(imm)) {
            case FloatOp.ADD | S: f[fd] = box(Binary32Arithmetic.add(unbox(f[rs1]), unbox(f[rs2]), rm, flags)); break;
            case FloatOp.ADD | D: f[fd] = Binary64Arithmetic.add(f[rs1], f[rs2], rm, flags); break;
            case FloatOp.SUB | S: f[fd] = box(Binary32Arithmetic.sub(unbox(f[rs1]), unbox(f[rs2]), rm, flags)); break;
            case FloatOp.SUB | D: f[fd] = Binary64Arithmetic.sub(f[rs1], f[rs2], rm, flags); break;
            case FloatOp.MUL | S: f[fd] = box(Binary32Arithmetic.mul(unbox(f[rs1]), unbox(f[rs2]), rm, flags)); break;
            case FloatOp.MUL | D: f[fd] = Binary64Arithmetic.mul(f[rs1], f[rs2], rm, flags); break;
            case FloatOp.DIV | S: f[fd] = box(Binary32Arithmetic.div(unbox(f[rs1]), unbox(f[rs2]), rm, flags)); break;
            case FloatOp.DIV | D: f[fd] = Binary64Arithmetic.div(f[rs1], f[rs2], rm, flags); break;
            case FloatOp.SQRT | S: f[fd] = box(Binary32Arithmetic.sqrt(unbox(f[rs1]), rm, flags)); break;
            case FloatOp.SQRT | D: f[fd] = Binary64Arithmetic.sqrt(f[rs1], rm, flags); break;
            case FloatOp.MADD | S: f[fd] = box(fma32(f[rs1], f[rs2], f[FloatOp.rs3(imm)], 0, 0, rm, flags)); break;
            case FloatOp.MADD | D: f[fd] = fma64(f[rs1], f[rs2], f[FloatOp.rs3(imm)], 0, 0, rm, flags); break;
            case FloatOp.MSUB | S: f[fd] = box(fma32(f[rs1], f[rs2], f[FloatOp.rs3(imm)], 0, SIGN_32, rm, flags)); break;
            case FloatOp.MSUB | D: f[fd] = fma64(f[rs1], f[rs2], f[FloatOp.rs3(imm)], 0, SIGN_64, rm, flags); break;
            case FloatOp.NMSUB | S: f[fd] = box(fma32(f[rs1], f[rs2], f[FloatOp.rs3(imm)], SIGN_32, 0, rm, flags)); break;
            case FloatOp.NMSUB | D: f[fd] = fma64(f[rs1], f[rs2], f[FloatOp.rs3(imm)], SIGN_64, 0, rm, flags); break;
            case FloatOp.NMADD | S:
                f[fd] = box(fma32(f[rs1], f[rs2], f[FloatOp.rs3(imm)], SIGN_32, SIGN_32, rm, flags));
                break;
            case FloatOp.NMADD | D:
                f[fd] = fma64(f[rs1], f[rs2], f[FloatOp.rs3(imm)], SIGN_64, SIGN_64, rm, flags);
                break;
            case FloatOp.SGNJ | S: f[fd] = box(unbox(f[rs1]) & ~SIGN_32 | unbox(f[rs2]) & SIGN_32); break;
            case FloatOp.SGNJ | D: f[fd] = f[rs1] & ~SIGN_64 | f[rs2] & SIGN_64; break;
            case FloatOp.SGNJN | S: f[fd] = box(unbox(f[rs1]) & ~SIGN_32 | ~unbox(f[rs2]) & SIGN_32); break;
            case FloatOp.SGNJN | D: f[fd] = f[rs1] & ~SIGN_64 | ~f[rs2] & SIGN_64; break;
            case FloatOp.SGNJX | S: f[fd] = box(unbox(f[rs1]) ^ unbox(f[rs2]) & SIGN_32); break;
            case FloatOp.SGNJX | D: f[fd] = f[rs1] ^ f[rs2] & SIGN_64; break;
            case FloatOp.MIN | S: f[fd] = box(FloatCompare.minMax(unbox(f[rs1]), unbox(f[rs2]), false, flags)); break;
            case FloatOp.MIN | D: f[fd] = FloatCompare.minMax(f[rs1], f[rs2], false, flags); break;
            case FloatOp.MAX | S: f[fd] = box(FloatCompare.minMax(unbox(f[rs1]), unbox(f[rs2]), true, flags)); break;
            case FloatOp.MAX | D: f[fd] = FloatCompare.minMax(f[rs1], f[rs2], true, flags); break;
            case FloatOp.EQ | S: x[rd] = FloatCompare.equal(unbox(f[rs1]), unbox(f[rs2]), flags) ? 1 : 0; break;
            case FloatOp.EQ | D: x[rd] = FloatCompare.equal(f[rs1], f[rs2], flags) ? 1 : 0; break;
            case FloatOp.LT | S: x[rd] = FloatCompare.less(unbox(f[rs1]), unbox(f[rs2]), false, flags) ? 1 : 0; break;
            case FloatOp.LT | D: x[rd] = FloatCompare.less(f[rs1], f[rs2], false, flags) ? 1 : 0; break;
            case FloatOp.LE | S: x[rd] = FloatCompare.less(unbox(f[rs1]), unbox(f[rs2]), true, flags) ? 1 : 0; break;
            case FloatOp.LE | D: x[rd] = FloatCompare.less(f[rs1], f[rs2], true, flags) ? 1 : 0; break;
            case FloatOp.CLASS | S: x[rd] = FloatBits.classify(unbox(f[rs1])); break;
            case FloatOp.CLASS | D: x[rd] = FloatBits.classify(f[rs1]); break;
            case FloatOp.TO_W | S: x[rd] = toInteger32(f[rs1], false, true, rm, flags); break;
            case FloatOp.TO_W | D: x[rd] = toInteger64(f[rs1], false, true, rm, flags); break;
            case FloatOp.TO_WU | S: x[rd] = toInteger32(f[rs1], true, true, rm, flags); break;
            case FloatOp.TO_WU | D: x[rd] = toInteger64(f[rs1], true, true, rm, flags); break;
            case FloatOp.TO_L | S: x[rd] = toInteger32(f[rs1], false, false, rm, flags); break;
            case FloatOp.TO_L | D: x[rd] = toInteger64(f[rs1], false, false, rm, flags); break;
            case FloatOp.TO_LU | S: x[rd] = toInteger32(f[rs1], true, false, rm, flags); break;
            case FloatOp.TO_LU | D: x[rd] = toInteger64(f[rs1], true, false, rm, flags); break;
            case FloatOp.FROM_W | S: f[fd] = box(FloatConversions.integerToSingle((int) x[rs1], false, rm, flags)); break;
            case FloatOp.FROM_W | D: f[fd] = FloatConversions.integerToDouble((int) x[rs1], false, rm, flags); break;
            case FloatOp.FROM_WU | S:
                f[fd] = box(FloatConversions.integerToSingle(x[rs1] & 0xFFFF_FFFFL, false, rm, flags));
                break;
            case FloatOp.FROM_WU | D:
                f[fd] = FloatConversions.integerToDouble(x[rs1] & 0xFFFF_FFFFL, false, rm, flags);
                break;
            case FloatOp.FROM_L | S: f[fd] = box(FloatConversions.integerToSingle(x[rs1], false, rm, flags)); break;
            case FloatOp.FROM_L | D: f[fd] = FloatConversions.integerToDouble(x[rs1], false, rm, flags); break;
            case FloatOp.FROM_LU | S: f[fd] = box(FloatConversions.integerToSingle(x[rs1], true, rm, flags)); break;
            case FloatOp.FROM_LU | D: f[fd] = FloatConversions.integerToDouble(x[rs1], true, rm, flags); break;
            case FloatOp.FROM_OTHER | S: f[fd] = box(FloatConversions.doubleToSingle(f[rs1], rm, flags)); break;
            case FloatOp.FROM_OTHER | D: f[fd] = FloatConversions.singleToDouble(unbox(f[rs1]), flags); break;
            case FloatOp.MV_TO_X | S: x[rd] = (int) f[rs1]; break; // the raw low bits, sign-extended; no unboxing
            case FloatOp.MV_TO_X | D: x[rd] = f[rs1]; break;
            case FloatOp.MV_FROM_X | S: f[fd] = box((int) x[rs1]); break;
            case FloatOp.MV_FROM_X | D: f[fd] = x[rs1]; break;
            default: throw illegal(h, pc); // the decoder produces no other selector
        }
    }

    /** flw: the loaded word NaN-boxed. */
    static void loadSingle(Hart h, int rd, long address, long pc) {
        enable(h, pc);
        h.f[rd & 31] = box((int) h.memory.load32(address));
    }

    static void loadDouble(Hart h, int rd, long address, long pc) {
        enable(h, pc);
        h.f[rd & 31] = h.memory.load64(address);
    }

    /** fsw: the low 32 bits of the register as they are (a transfer, no unboxing). */
    static void storeSingle(Hart h, int rs2, long address, long pc) {
        enable(h, pc);
        h.memory.store32(address, h.f[rs2]);
    }

    static void storeDouble(Hart h, int rs2, long address, long pc) {
        enable(h, pc);
        h.memory.store64(address, h.f[rs2]);
    }

    private static void enable(Hart h, long pc) {
        long status = h.mstatus;
        if ((status & Csr.MSTATUS_FS) == 0) {
            throw illegal(h, pc);
        }
        h.mstatus = status | Csr.MSTATUS_FS; // Dirty
    }

    private static int fma32(long a, long b, long c, int negateProduct, int negateAddend, int rm, FloatFlags flags) {
        return Binary32Arithmetic.fma(unbox(a) ^ negateProduct, unbox(b), unbox(c) ^ negateAddend, rm, flags);
    }

    private static long fma64(long a, long b, long c, long negateProduct, long negateAddend, int rm, FloatFlags flags) {
        return Binary64Arithmetic.fma(a ^ negateProduct, b, c ^ negateAddend, rm, flags);
    }

    private static long toInteger32(long register, boolean unsigned, boolean word, int rm, FloatFlags flags) {
        int a = unbox(register);
        return FloatConversions.toInteger(FloatBits.isNaN(a) ? 0 : FloatBits.widen(a), FloatBits.isNaN(a),
                unsigned, word, rm, flags);
    }

    private static long toInteger64(long register, boolean unsigned, boolean word, int rm, FloatFlags flags) {
        return FloatConversions.toInteger(FloatBits.toDouble(register), FloatBits.isNaN(register),
                unsigned, word, rm, flags);
    }

    /** Illegal instruction, with the instruction's own bits (16 or 32) for mtval. */
    private static GuestTrap illegal(Hart h, long pc) {
        int low = h.memory.fetch16(pc) & 0xFFFF;
        long bits = (low & 3) != 3 ? low : (low | (h.memory.fetch16(pc + 2) & 0xFFFF) << 16) & 0xFFFF_FFFFL;
        return new GuestTrap(TrapCause.ILLEGAL_INSTRUCTION, bits);
    }
}
