package io.fgraph.emulator.cpu;

/**
 * Reads and writes the CSRs of one hart, with the privilege and read-only checks of the
 * privileged spec. An unknown CSR, or an access the current privilege does not allow, raises
 * illegal-instruction through {@link GuestTrap}.
 */
final class CsrFile {
    private CsrFile() {
    }

    /**
     * Executes one Zicsr instruction and returns the old value for rd. The interpreter calls it with
     * {@code hart.instret} holding the count before this instruction retires, so counter reads see
     * that value and a write to {@code minstret} or {@code mcycle} replaces the increment.
     *
     * @param rawBits the instruction, for {@code mtval} when the access is illegal
     */
    static long access(Hart hart, int op, int csr, long operand, boolean writes, int rawBits) {
        int required = (csr >>> 8) & 3;
        if (hart.privilege < required) {
            throw new GuestTrap(TrapCause.ILLEGAL_INSTRUCTION, rawBits & 0xFFFFFFFFL);
        }
        if (hart.privilege < Privilege.MACHINE && csr >= Csr.CYCLE && csr <= Csr.HPMCOUNTER31
                && (hart.mcounteren >>> (csr - Csr.CYCLE) & 1) == 0) {
            throw new GuestTrap(TrapCause.ILLEGAL_INSTRUCTION, rawBits & 0xFFFFFFFFL); // mcounteren denies U-mode
        }
        if (csr <= Csr.FCSR && csr >= Csr.FFLAGS) {
            if ((hart.mstatus & Csr.MSTATUS_FS) == 0) {
                throw new GuestTrap(TrapCause.ILLEGAL_INSTRUCTION, rawBits & 0xFFFFFFFFL); // the FPU is off
            }
            if (writes) {
                hart.mstatus |= Csr.MSTATUS_FS; // Dirty
            }
        }
        long old = read(hart, csr, rawBits);
        if (writes) {
            if ((csr >>> 10) == 3) {
                throw new GuestTrap(TrapCause.ILLEGAL_INSTRUCTION, rawBits & 0xFFFFFFFFL);
            }
            long value;
            switch (op) {
                case Op.CSRRW:
                case Op.CSRRWI:
                    value = operand;
                    break;
                case Op.CSRRS:
                case Op.CSRRSI:
                    value = old | operand;
                    break;
                default:
                    value = old & ~operand;
                    break;
            }
            write(hart, csr, value);
        }
        return old;
    }

    /** Re-encodes a decoded Zicsr instruction (the decode cache keeps no raw bits); rd 32 is the x0 sink. */
    static int bits(int op, int csr, int rs1, int rd) {
        int funct3;
        switch (op) {
            case Op.CSRRW: funct3 = 1; break;
            case Op.CSRRS: funct3 = 2; break;
            case Op.CSRRC: funct3 = 3; break;
            case Op.CSRRWI: funct3 = 5; break;
            case Op.CSRRSI: funct3 = 6; break;
            default: funct3 = 7; break;
        }
        int destination = rd == DecodedForm.SINK_REGISTER ? 0 : rd;
        return csr << 20 | rs1 << 15 | funct3 << 12 | destination << 7 | 0b1110011;
    }

    static long read(Hart hart, int csr, int rawBits) {
        switch (csr) {
            case Csr.FFLAGS: return hart.fflags.bits;
            case Csr.FRM: return hart.frm;
            case Csr.FCSR: return hart.fcsr();
            case Csr.MSTATUS: {
                long status = hart.mstatus | Csr.MSTATUS_UXL_64;
                return (status & Csr.MSTATUS_FS) == Csr.MSTATUS_FS ? status | Csr.MSTATUS_SD : status;
            }
            case Csr.MISA: return Csr.MISA_VALUE;
            case Csr.MEDELEG: return hart.medeleg;
            case Csr.MIDELEG: return hart.mideleg;
            case Csr.MIE: return hart.mie;
            case Csr.MTVEC: return hart.mtvec;
            case Csr.MCOUNTEREN: return hart.mcounteren;
            case Csr.MSCRATCH: return hart.mscratch;
            case Csr.MEPC: return hart.mepc;
            case Csr.MCAUSE: return hart.mcause;
            case Csr.MTVAL: return hart.mtval;
            case Csr.MIP: return hart.mip;
            case Csr.MCYCLE:
            case Csr.CYCLE:
            case Csr.TIME:
                return hart.cycle();
            case Csr.MINSTRET:
            case Csr.INSTRET:
                return hart.instret;
            case Csr.MHARTID: return hart.id;
            case Csr.MVENDORID:
            case Csr.MARCHID:
            case Csr.MIMPID:
            case Csr.MCONFIGPTR:
            case Csr.MCOUNTINHIBIT:
                return 0;
            default:
                if (isHardwiredZero(csr)) {
                    return 0;
                }
                throw new GuestTrap(TrapCause.ILLEGAL_INSTRUCTION, rawBits & 0xFFFFFFFFL);
        }
    }

    private static boolean isHardwiredZero(int csr) {
        return (csr >= Csr.PMPCFG0 && csr <= Csr.PMPCFG15)
                || (csr >= Csr.PMPADDR0 && csr <= Csr.PMPADDR63)
                || (csr >= Csr.MHPMCOUNTER3 && csr <= Csr.MHPMCOUNTER31)
                || (csr >= Csr.MHPMEVENT3 && csr <= Csr.MHPMEVENT31)
                || (csr >= Csr.HPMCOUNTER3 && csr <= Csr.HPMCOUNTER31)
                || (csr >= Csr.TSELECT && csr <= Csr.TDATA3);
    }

    private static void write(Hart hart, int csr, long value) {
        switch (csr) {
            case Csr.MSTATUS: {
                long mpp = (value & Csr.MSTATUS_MPP) >>> Csr.MSTATUS_MPP_SHIFT;
                if (mpp != Privilege.MACHINE) {
                    mpp = Privilege.USER; // WARL: only M and U exist
                }
                hart.mstatus = (value & (Csr.MSTATUS_MIE | Csr.MSTATUS_MPIE | Csr.MSTATUS_FS))
                        | (mpp << Csr.MSTATUS_MPP_SHIFT);
                return;
            }
            case Csr.FFLAGS: hart.fflags.bits = (int) value & FloatFlags.MASK; return;
            case Csr.FRM: hart.frm = (int) value & 7; return;
            case Csr.FCSR:
                hart.fflags.bits = (int) value & FloatFlags.MASK;
                hart.frm = (int) (value >>> 5) & 7;
                return;
            case Csr.MEDELEG:
            case Csr.MIDELEG:
                return; // no S-mode: nothing can be delegated, hardwired to zero
            case Csr.MIE: hart.mie = value; return;
            case Csr.MTVEC: hart.mtvec = value & ~2L; return; // modes 0 (direct) and 1 (vectored)
            case Csr.MCOUNTEREN: hart.mcounteren = value & 0xFFFFFFFFL; return;
            case Csr.MSCRATCH: hart.mscratch = value; return;
            case Csr.MEPC: hart.mepc = value & ~1L; return;
            case Csr.MCAUSE: hart.mcause = value; return;
            case Csr.MTVAL: hart.mtval = value; return;
            case Csr.MIP: hart.mip = value; return;
            // hart.instret is one short of its value after this instruction: the writes absorb the increment.
            case Csr.MCYCLE: hart.cycleOffset = value - hart.instret - 1; return;
            case Csr.MINSTRET: {
                long cycle = hart.cycle();
                hart.instret = value - 1;
                hart.cycleOffset = cycle - hart.instret;
                return;
            }
            default:
                return; // the read-only-zero registers and misa ignore writes
        }
    }
}
