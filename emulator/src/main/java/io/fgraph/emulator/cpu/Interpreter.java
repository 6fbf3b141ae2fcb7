package io.fgraph.emulator.cpu;

import io.fgraph.emulator.hook.HookAction;
import io.fgraph.emulator.memory.Memory;
import io.fgraph.emulator.memory.MemoryFault;

import java.lang.invoke.VarHandle;

/**
 * Executes instructions of one hart from its decode cache. The loop keeps the pc and the current
 * decoded page in locals, switches on the pre-decoded operation, and leaves the loop only when the
 * budget runs out or a slow path (trap, hook, semihosting, park) asks it to.
 *
 * <p>Rare operations are delegated to small helpers ({@link CsrFile}, {@link AtomicUnit},
 * {@link MulDiv}, {@link FloatUnit}) to keep this method under HotSpot's size limit for compilation.
 */
public final class Interpreter {
    private static final long PAGE_MASK = ~Memory.PAGE_OFFSET_MASK;
    /** An odd value can never equal a page base, so it forces a page lookup. */
    private static final long NO_PAGE = 1;

    private final Hart hart;
    private final Memory memory;
    private final DecodeCache cache;
    private final Environment environment;
    private final CodeSync codeSync;
    /** The code epoch this interpreter last synchronised with (see {@link CodeSync}). */
    private long seenEpoch = -1;
    /** The translating tier, or null when it is off. */
    private final Translator translator;
    private final UnitFrame unitFrame;
    /** Instructions executed by translated units (read after the run, by the thread that joined this hart's). */
    private long translatedInstructions;

    /** Threshold value that turns the translating tier off. */
    public static final int NO_TRANSLATION = -1;

    public Interpreter(Hart hart, DecodeCache cache, Environment environment) {
        this(hart, cache, environment, new CodeSync(), NO_TRANSLATION);
    }

    public Interpreter(Hart hart, DecodeCache cache, Environment environment, CodeSync codeSync) {
        this(hart, cache, environment, codeSync, NO_TRANSLATION);
    }

    /**
     * An interpreter that translates code once an instruction has run {@code translationThreshold}
     * times in it ({@link #NO_TRANSLATION}: never; 0: at its first run).
     */
    public Interpreter(Hart hart, DecodeCache cache, Environment environment, CodeSync codeSync, int translationThreshold) {
        this.hart = hart;
        this.memory = hart.memory;
        this.cache = cache;
        this.environment = environment;
        this.codeSync = codeSync;
        this.translator = translationThreshold < 0 ? null : new Translator(cache, translationThreshold, environment.parallel());
        this.unitFrame = new UnitFrame(hart, environment, codeSync, cache);
    }

    /** What the translating tier did so far (all zero when it is off). */
    public TranslationStats translationStats() {
        Translator t = translator;
        if (t == null) {
            return TranslationStats.NONE;
        }
        return new TranslationStats(translatedInstructions, t.units(), t.blocks(), t.guestInstructions(), t.refused(),
                t.failed(), cache.droppedUnits(), t.firstFailure());
    }

    public Hart hart() {
        return hart;
    }

    public DecodeCache cache() {
        return cache;
    }

    /**
     * Executes at most {@code budget} instructions and returns how many were executed (a trapping
     * instruction counts). Returns early when the hart parks, the machine stops, or a hook asks.
     */
    public long run(long budget) {
        Thread previousRunner = hart.runner;
        hart.runner = Thread.currentThread();
        codePatchedSinceSafepoint(); // a new slice starts with no page: only publish the epoch
        try {
            return execute(budget);
        } finally {
            hart.runner = previousRunner;
        }
    }

    /**
     * A safepoint ({@link CodeSync}): true if text was patched since the last one, in which case the
     * caller must forget its current decoded page. Publishes the epoch seen.
     */
    private boolean codePatchedSinceSafepoint() {
        long epoch = codeSync.current();
        if (epoch == seenEpoch) {
            return false;
        }
        seenEpoch = epoch;
        hart.syncedEpoch = epoch;
        return true;
    }

    private long execute(long budget) {
        final Hart h = hart;
        final long[] x = h.x;
        final Memory mem = memory;
        final long startInstret = h.instret;
        long instretBase = startInstret;
        long pc = h.pc;
        long remaining = budget;
        long pageBase = NO_PAGE;
        DecodedPage page = null;
        int[] words = null;
        long[] immediates = null;
        final Translator tier = translator;
        final UnitFrame frame = unitFrame;
        final int threshold = tier == null ? 0 : tier.threshold();
        TranslatedUnit[] units = null;
        int[] heat = null;
        h.leaveLoop = false;

        loop:
        while (remaining > 0) {
            if ((pc & PAGE_MASK) != pageBase) {
                page = cache.page(pc);
                if (page == null) {
                    remaining--;
                    h.pc = pc;
                    h.instret = instretBase + (budget - remaining);
                    if (!trap(TrapCause.INSTRUCTION_ACCESS_FAULT, pc)) {
                        break;
                    }
                    pc = h.pc;
                    continue;
                }
                pageBase = page.base;
                words = page.words;
                immediates = page.immediates;
                // Units hold the pcs of the page they were built from: only where the page is at that address.
                units = tier != null && pageBase == (pc & PAGE_MASK) ? page.unitTable() : null;
                heat = page.heat;
            }
            int slot = (int) (pc & Memory.PAGE_OFFSET_MASK) >>> 1;
            try {
                if (units != null) {
                    TranslatedUnit unit = units[slot];
                    if (unit == null && ++heat[slot] > threshold) {
                        unit = tier.translate(page, slot);
                    }
                    if (unit != null) {
                        frame.instretAtRun = instretBase + (budget - remaining);
                        long next = unit.run(frame, slot, remaining < Integer.MAX_VALUE ? (int) remaining : Integer.MAX_VALUE);
                        int ran = frame.executed;
                        boolean trapped = frame.trapped;
                        if (ran == 0 && !trapped) {
                            // Its first block does not fit in what is left of the budget: interpret
                            // the slice's last few instructions, without counting them towards
                            // translation (else every slot a slice ends at would become a unit).
                            units = null;
                        } else {
                            remaining -= ran;
                            translatedInstructions += ran;
                            pc = next;
                            if (!page.valid) {
                                pageBase = NO_PAGE; // a store wrote into this page
                            }
                            if (trapped) {
                                frame.trapped = false;
                                if (codePatchedSinceSafepoint()) {
                                    pageBase = NO_PAGE; // a hook, or another thread, patched text
                                }
                            }
                            RuntimeException fault = frame.fault;
                            if (fault != null) {
                                frame.fault = null;
                                throw fault; // taken below, at the faulting instruction (pc), as the interpreter's own
                            }
                            if (trapped && h.leaveLoop) {
                                break loop;
                            }
                            continue;
                        }
                    }
                }
                int w = words[slot];
                if (w == 0) {
                    w = cache.decode(page, slot, pc);
                }
                final long imm = immediates[slot];
                final int rd = (w >>> DecodedForm.RD_SHIFT) & DecodedForm.RD_MASK;
                final int rs1 = (w >>> DecodedForm.RS1_SHIFT) & DecodedForm.RS1_MASK;
                final int rs2 = (w >>> DecodedForm.RS2_SHIFT) & DecodedForm.RS2_MASK;
                final int length = w >>> DecodedForm.LENGTH_SHIFT;
                remaining--;
                switch (w & DecodedForm.OP_MASK) {
                    case Op.ADDI: x[rd] = x[rs1] + imm; pc += length; break;
                    case Op.LUI: x[rd] = imm; pc += length; break;
                    case Op.AUIPC: x[rd] = pc + imm; pc += length; break;
                    case Op.JAL: x[rd] = pc + length; pc += imm; break;
                    case Op.JALR: {
                        long target = (x[rs1] + imm) & ~1L;
                        x[rd] = pc + length;
                        pc = target;
                        break;
                    }
                    case Op.BEQ: pc += x[rs1] == x[rs2] ? imm : length; break;
                    case Op.BNE: pc += x[rs1] != x[rs2] ? imm : length; break;
                    case Op.BLT: pc += x[rs1] < x[rs2] ? imm : length; break;
                    case Op.BGE: pc += x[rs1] >= x[rs2] ? imm : length; break;
                    case Op.BLTU: pc += Long.compareUnsigned(x[rs1], x[rs2]) < 0 ? imm : length; break;
                    case Op.BGEU: pc += Long.compareUnsigned(x[rs1], x[rs2]) >= 0 ? imm : length; break;
                    case Op.LB: x[rd] = mem.load8(x[rs1] + imm); pc += length; break;
                    case Op.LH: x[rd] = mem.load16(x[rs1] + imm); pc += length; break;
                    case Op.LW: x[rd] = mem.load32(x[rs1] + imm); pc += length; break;
                    case Op.LD: x[rd] = mem.load64(x[rs1] + imm); pc += length; break;
                    case Op.LBU: x[rd] = mem.load8(x[rs1] + imm) & 0xFFL; pc += length; break;
                    case Op.LHU: x[rd] = mem.load16(x[rs1] + imm) & 0xFFFFL; pc += length; break;
                    case Op.LWU: x[rd] = mem.load32(x[rs1] + imm) & 0xFFFFFFFFL; pc += length; break;
                    case Op.SB:
                        mem.store8(x[rs1] + imm, x[rs2]);
                        pc += length;
                        if (!page.valid) {
                            pageBase = NO_PAGE;
                        }
                        break;
                    case Op.SH:
                        mem.store16(x[rs1] + imm, x[rs2]);
                        pc += length;
                        if (!page.valid) {
                            pageBase = NO_PAGE;
                        }
                        break;
                    case Op.SW:
                        mem.store32(x[rs1] + imm, x[rs2]);
                        pc += length;
                        if (!page.valid) {
                            pageBase = NO_PAGE;
                        }
                        break;
                    case Op.SD:
                        mem.store64(x[rs1] + imm, x[rs2]);
                        pc += length;
                        if (!page.valid) {
                            pageBase = NO_PAGE;
                        }
                        break;
                    case Op.NOP: pc += length; break;
                    case Op.LD_SP:
                    case Op.ADDI_SP:
                    case Op.ADD_SP: {
                        int op = w & DecodedForm.OP_MASK;
                        long oldSp = x[Hart.SP];
                        x[Hart.SP] = op == Op.LD_SP ? mem.load64(x[rs1] + imm) : op == Op.ADDI_SP ? x[rs1] + imm : x[rs1] + x[rs2];
                        pc += length;
                        h.pc = pc;
                        h.instret = instretBase + (budget - remaining);
                        environment.onStackSwitch(h, oldSp, x[Hart.SP]);
                        instretBase = h.instret - (budget - remaining);
                        if (h.leaveLoop) {
                            break loop;
                        }
                        break;
                    }
                    case Op.SLTI: x[rd] = x[rs1] < imm ? 1 : 0; pc += length; break;
                    case Op.SLTIU: x[rd] = Long.compareUnsigned(x[rs1], imm) < 0 ? 1 : 0; pc += length; break;
                    case Op.XORI: x[rd] = x[rs1] ^ imm; pc += length; break;
                    case Op.ORI: x[rd] = x[rs1] | imm; pc += length; break;
                    case Op.ANDI: x[rd] = x[rs1] & imm; pc += length; break;
                    case Op.SLLI: x[rd] = x[rs1] << imm; pc += length; break;
                    case Op.SRLI: x[rd] = x[rs1] >>> imm; pc += length; break;
                    case Op.SRAI: x[rd] = x[rs1] >> imm; pc += length; break;
                    case Op.ADD: x[rd] = x[rs1] + x[rs2]; pc += length; break;
                    case Op.SUB: x[rd] = x[rs1] - x[rs2]; pc += length; break;
                    case Op.SLL: x[rd] = x[rs1] << x[rs2]; pc += length; break;
                    case Op.SLT: x[rd] = x[rs1] < x[rs2] ? 1 : 0; pc += length; break;
                    case Op.SLTU: x[rd] = Long.compareUnsigned(x[rs1], x[rs2]) < 0 ? 1 : 0; pc += length; break;
                    case Op.XOR: x[rd] = x[rs1] ^ x[rs2]; pc += length; break;
                    case Op.SRL: x[rd] = x[rs1] >>> x[rs2]; pc += length; break;
                    case Op.SRA: x[rd] = x[rs1] >> x[rs2]; pc += length; break;
                    case Op.OR: x[rd] = x[rs1] | x[rs2]; pc += length; break;
                    case Op.AND: x[rd] = x[rs1] & x[rs2]; pc += length; break;
                    case Op.ADDIW: x[rd] = (int) (x[rs1] + imm); pc += length; break;
                    case Op.SLLIW: x[rd] = (int) x[rs1] << imm; pc += length; break;
                    case Op.SRLIW: x[rd] = (int) x[rs1] >>> imm; pc += length; break;
                    case Op.SRAIW: x[rd] = (int) x[rs1] >> imm; pc += length; break;
                    case Op.ADDW: x[rd] = (int) (x[rs1] + x[rs2]); pc += length; break;
                    case Op.SUBW: x[rd] = (int) (x[rs1] - x[rs2]); pc += length; break;
                    case Op.SLLW: x[rd] = (int) x[rs1] << x[rs2]; pc += length; break;
                    case Op.SRLW: x[rd] = (int) x[rs1] >>> x[rs2]; pc += length; break;
                    case Op.SRAW: x[rd] = (int) x[rs1] >> x[rs2]; pc += length; break;
                    case Op.MUL: x[rd] = x[rs1] * x[rs2]; pc += length; break;
                    case Op.MULH: x[rd] = Math.multiplyHigh(x[rs1], x[rs2]); pc += length; break;
                    case Op.MULHSU: x[rd] = MulDiv.mulhsu(x[rs1], x[rs2]); pc += length; break;
                    case Op.MULHU: x[rd] = MulDiv.mulhu(x[rs1], x[rs2]); pc += length; break;
                    case Op.DIV: x[rd] = MulDiv.div(x[rs1], x[rs2]); pc += length; break;
                    case Op.DIVU: x[rd] = MulDiv.divu(x[rs1], x[rs2]); pc += length; break;
                    case Op.REM: x[rd] = MulDiv.rem(x[rs1], x[rs2]); pc += length; break;
                    case Op.REMU: x[rd] = MulDiv.remu(x[rs1], x[rs2]); pc += length; break;
                    case Op.MULW: x[rd] = (int) x[rs1] * (int) x[rs2]; pc += length; break;
                    case Op.DIVW: x[rd] = MulDiv.divw(x[rs1], x[rs2]); pc += length; break;
                    case Op.DIVUW: x[rd] = MulDiv.divuw(x[rs1], x[rs2]); pc += length; break;
                    case Op.REMW: x[rd] = MulDiv.remw(x[rs1], x[rs2]); pc += length; break;
                    case Op.REMUW: x[rd] = MulDiv.remuw(x[rs1], x[rs2]); pc += length; break;
                    case Op.ATOMIC:
                        x[rd] = AtomicUnit.execute(h, mem, imm, x[rs1], x[rs2]);
                        pc += length;
                        if (!page.valid) {
                            pageBase = NO_PAGE;
                        }
                        break;
                    case Op.FENCE:
                        if (environment.parallel()) {
                            VarHandle.fullFence();
                        }
                        pc += length;
                        break;
                    case Op.FENCE_I:
                        if (environment.parallel()) {
                            VarHandle.fullFence(); // other harts' stores to code, ordered by their FENCE
                        }
                        cache.flush();
                        pageBase = NO_PAGE;
                        pc += length;
                        break;
                    case Op.CSRRW:
                    case Op.CSRRS:
                    case Op.CSRRC: {
                        // A CSR read sees the counters before this instruction retires (Zicsr), hence the -1 / +1.
                        h.instret = instretBase + (budget - remaining) - 1;
                        boolean writes = (w & DecodedForm.OP_MASK) == Op.CSRRW || rs1 != 0;
                        long old = CsrFile.access(h, w & DecodedForm.OP_MASK, (int) imm, x[rs1], writes,
                                CsrFile.bits(w & DecodedForm.OP_MASK, (int) imm, rs1, rd));
                        instretBase = h.instret + 1 - (budget - remaining);
                        x[rd] = old;
                        pc += length;
                        break;
                    }
                    case Op.CSRRWI:
                    case Op.CSRRSI:
                    case Op.CSRRCI: {
                        h.instret = instretBase + (budget - remaining) - 1;
                        boolean writes = (w & DecodedForm.OP_MASK) == Op.CSRRWI || rs1 != 0;
                        long old = CsrFile.access(h, w & DecodedForm.OP_MASK, (int) imm, rs1, writes,
                                CsrFile.bits(w & DecodedForm.OP_MASK, (int) imm, rs1, rd));
                        instretBase = h.instret + 1 - (budget - remaining);
                        x[rd] = old;
                        pc += length;
                        break;
                    }
                    case Op.JAVA_TRAP: {
                        h.pc = pc;
                        h.instret = instretBase + (budget - remaining);
                        HookAction action = environment.onJavaTrap(h, (int) imm);
                        instretBase = h.instret - (budget - remaining);
                        if (h.discounted) {
                            h.discounted = false;
                            remaining++; // the hook retired no instruction
                        }
                        pc = action == HookAction.SKIP ? pc + length : h.pc;
                        if (!page.valid || codePatchedSinceSafepoint()) {
                            pageBase = NO_PAGE; // the hook, or another thread, patched text
                        }
                        if (h.leaveLoop) {
                            break loop;
                        }
                        break;
                    }
                    case Op.EBREAK: {
                        h.pc = pc;
                        h.instret = instretBase + (budget - remaining);
                        HookAction action = environment.onEbreak(h, length);
                        instretBase = h.instret - (budget - remaining);
                        if (h.discounted) {
                            h.discounted = false;
                            remaining++;
                        }
                        if (action == HookAction.UNHANDLED) {
                            if (!trap(TrapCause.BREAKPOINT, pc)) {
                                break loop;
                            }
                            pc = h.pc;
                        } else {
                            pc = action == HookAction.SKIP ? pc + length : h.pc;
                        }
                        codePatchedSinceSafepoint();
                        pageBase = NO_PAGE;
                        if (h.leaveLoop) {
                            break loop;
                        }
                        break;
                    }
                    case Op.ECALL: {
                        h.pc = pc;
                        h.instret = instretBase + (budget - remaining);
                        boolean goOn = trap(h.privilege == Privilege.MACHINE ? TrapCause.ECALL_FROM_M : TrapCause.ECALL_FROM_U, 0);
                        pc = h.pc; // a system call handled in Java may have moved it, and asked to leave (a blocking call)
                        if (!goOn) {
                            break loop;
                        }
                        pageBase = NO_PAGE; // it may have changed the mapping of this page
                        break;
                    }
                    case Op.MRET:
                        if (h.privilege != Privilege.MACHINE) {
                            throw new GuestTrap(TrapCause.ILLEGAL_INSTRUCTION, 0x30200073L);
                        }
                        pc = mret(h);
                        break;
                    case Op.WFI:
                        // No interrupts are delivered: a hint that ends this hart's quantum (the
                        // scheduler goes on with the other harts, as requestLeave from a hook).
                        pc += length;
                        h.pc = pc;
                        h.requestLeave();
                        break loop;
                    case Op.FLOAT: FloatUnit.execute(h, rd, rs1, rs2, imm, pc); pc += length; break;
                    case Op.FLW: FloatUnit.loadSingle(h, rd, x[rs1] + imm, pc); pc += length; break;
                    case Op.FLD: FloatUnit.loadDouble(h, rd, x[rs1] + imm, pc); pc += length; break;
                    case Op.FSW:
                        FloatUnit.storeSingle(h, rs2, x[rs1] + imm, pc);
                        pc += length;
                        if (!page.valid) {
                            pageBase = NO_PAGE;
                        }
                        break;
                    case Op.FSD:
                        FloatUnit.storeDouble(h, rs2, x[rs1] + imm, pc);
                        pc += length;
                        if (!page.valid) {
                            pageBase = NO_PAGE;
                        }
                        break;
                    case Op.ILLEGAL:
                        throw new GuestTrap(TrapCause.ILLEGAL_INSTRUCTION, imm);
                    default:
                        throw new GuestTrap(TrapCause.ILLEGAL_INSTRUCTION, imm);
                }
            } catch (MemoryFault fault) {
                h.pc = pc;
                h.instret = instretBase + (budget - remaining);
                if (!trap(causeOf(fault), fault.address())) {
                    break;
                }
                pc = h.pc;
                pageBase = NO_PAGE;
            } catch (GuestTrap trap) {
                h.pc = pc;
                h.instret = instretBase + (budget - remaining);
                if (!trap(trap.cause(), trap.value())) {
                    break;
                }
                pc = h.pc;
                pageBase = NO_PAGE;
            }
        }
        long executed = budget - remaining;
        h.pc = pc;
        h.instret = instretBase + executed;
        return executed;
    }

    private static int causeOf(MemoryFault fault) {
        switch (fault.kind()) {
            case LOAD: return TrapCause.LOAD_ACCESS_FAULT;
            case STORE: return TrapCause.STORE_ACCESS_FAULT;
            case FETCH: return TrapCause.INSTRUCTION_ACCESS_FAULT;
            default: return TrapCause.STORE_MISALIGNED;
        }
    }

    /**
     * Takes a synchronous exception at {@code hart.pc}: asks the environment, then either enters
     * the guest trap vector (returns true, hart.pc updated) or leaves the run stopped (false).
     */
    private boolean trap(int cause, long value) {
        Hart h = hart;
        h.reservationAddress = Hart.NO_RESERVATION;
        if (environment.interceptException(h, cause, value)) {
            return !h.leaveLoop; // handled: go on at the pc the hook chose, unless it stopped the run
        }
        if (!environment.deliverException(h, cause, value)) {
            h.leaveLoop = true;
            return false;
        }
        h.mepc = h.pc;
        h.mcause = cause;
        h.mtval = value;
        long mie = (h.mstatus & Csr.MSTATUS_MIE) != 0 ? Csr.MSTATUS_MPIE : 0;
        h.mstatus = (h.mstatus & ~(Csr.MSTATUS_MIE | Csr.MSTATUS_MPIE | Csr.MSTATUS_MPP))
                | mie | ((long) h.privilege << Csr.MSTATUS_MPP_SHIFT);
        h.privilege = Privilege.MACHINE;
        h.pc = h.mtvec & ~3L;
        return true;
    }

    private static long mret(Hart h) {
        int mpp = (int) ((h.mstatus & Csr.MSTATUS_MPP) >>> Csr.MSTATUS_MPP_SHIFT);
        long mie = (h.mstatus & Csr.MSTATUS_MPIE) != 0 ? Csr.MSTATUS_MIE : 0;
        h.mstatus = (h.mstatus & ~(Csr.MSTATUS_MIE | Csr.MSTATUS_MPP)) | mie | Csr.MSTATUS_MPIE;
        h.privilege = mpp;
        h.reservationAddress = Hart.NO_RESERVATION;
        return h.mepc;
    }
}
