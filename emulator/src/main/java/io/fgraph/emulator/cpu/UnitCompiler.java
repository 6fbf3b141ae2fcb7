package io.fgraph.emulator.cpu;

import io.fgraph.emulator.memory.Memory;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the JVM class of one {@link GuestRegion}: a subclass of {@link TranslatedUnit} whose
 * {@code run} method holds every block of the region, with the guest registers in JVM locals.
 *
 * <pre>
 *  run(frame, slot, limit)
 *   entry:  load the registers the region uses from frame.x into locals; switch (slot) to a block
 *   block:  if (limit - done &lt; length) exit at the head       (the budget: never past limit)
 *           done += length
 *           instruction; instruction; ...                     (a store: if !page.valid exit after it)
 *           jump / branch / fall through: goto the next block, or exit at the target pc
 *           jalr: goto the block at the target if it is a head of this region, else exit
 *   fault:  (an access throws) done -= the block's instructions after it; frame.fault = the exception
 *   exit:   store the registers the region writes back into frame.x; frame.executed = done; return pc
 * </pre>
 *
 * Instruction counts are exact because a block is only entered when all of it fits in the budget,
 * and every exit in the middle of a block (after a store that hit code, at a fault) takes off the
 * instructions of the block that did not run. The semantics of each instruction are those of
 * {@link Interpreter}'s switch, written in bytecode; anything the compiler does not know ends the
 * block before it and is left to the interpreter ({@link #isTranslatable}).
 */
final class UnitCompiler {
    /** HotSpot compiles no method of more than 8000 bytes of bytecode (HugeMethodLimit). */
    static final int MAX_CODE_BYTES = 7600;

    private static final String UNIT = Type.getInternalName(TranslatedUnit.class);
    private static final String FRAME = Type.getInternalName(UnitFrame.class);
    private static final String PAGE = Type.getInternalName(DecodedPage.class);
    private static final String MEMORY = Type.getInternalName(Memory.class);
    private static final String HART = Type.getInternalName(Hart.class);
    private static final String MUL_DIV = Type.getInternalName(MulDiv.class);
    private static final String RUN_DESCRIPTOR = "(L" + FRAME + ";II)J";

    // Local variable slots of run().
    private static final int THIS = 0;
    private static final int FRAME_LOCAL = 1;
    private static final int SLOT = 2;
    private static final int LIMIT = 3;
    private static final int DONE = 4;
    private static final int X = 5;
    private static final int MEM = 6;
    private static final int PAGE_LOCAL = 7;
    private static final int EXCEPTION = 8;
    private static final int NEXT_PC = 9;
    private static final int TARGET = 11;
    private static final int FIRST_REGISTER = 13;

    private final GuestRegion region;
    private final boolean parallel;
    private final MethodVisitor mv;
    private final ClassWriter cw;
    private final Label[] blockLabels;
    private final Label exit = new Label();
    /** The stub that runs a Java trap an indirect jump leaves the page for (see {@link #trapElsewhere}), once made. */
    private Label trapElsewhere;
    private final Label end = new Label();
    private final List<Runnable> stubs = new ArrayList<>();
    private final boolean[] used = new boolean[32];
    private final boolean[] written = new boolean[32];

    private UnitCompiler(GuestRegion region, boolean parallel, String className) {
        this.region = region;
        this.parallel = parallel;
        this.cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String type1, String type2) {
                return "java/lang/Object"; // only one reference type ever meets another: never load classes
            }
        };
        cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, className, null, UNIT, null);
        MethodVisitor init = cw.visitMethod(0, "<init>", "(L" + PAGE + ";)V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitVarInsn(Opcodes.ALOAD, 1);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, UNIT, "<init>", "(L" + PAGE + ";)V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        this.mv = cw.visitMethod(0, "run", RUN_DESCRIPTOR, null, null);
        this.blockLabels = new Label[region.blocks.size()];
        for (int i = 0; i < blockLabels.length; i++) {
            blockLabels[i] = new Label();
        }
    }

    /** The class file of {@code region}'s unit, or null if its code would be too large for HotSpot to compile. */
    static byte[] compile(GuestRegion region, boolean parallel, String className) {
        UnitCompiler compiler = new UnitCompiler(region, parallel, className);
        compiler.method();
        byte[] bytes = compiler.cw.toByteArray();
        return compiler.end.getOffset() > MAX_CODE_BYTES ? null : bytes;
    }

    /** True for the instructions this compiler writes in bytecode; the others end a block. */
    static boolean isTranslatable(int op) {
        switch (op) {
            case Op.ILLEGAL:
            case Op.FENCE_I:
            case Op.ECALL:
            case Op.EBREAK:
            case Op.MRET:
            case Op.WFI:
            case Op.CSRRW:
            case Op.CSRRS:
            case Op.CSRRC:
            case Op.CSRRWI:
            case Op.CSRRSI:
            case Op.CSRRCI:
            case Op.FLOAT:
            case Op.FLW:
            case Op.FLD:
            case Op.FSW:
            case Op.FSD:
            case Op.LD_SP:
            case Op.ADDI_SP:
            case Op.ADD_SP:
                return false;
            default:
                return op > 0 && op < Op.COUNT;
        }
    }

    /** True for the jumps and branches: they end a block. */
    static boolean isTransfer(int op) {
        return op == Op.JAL || op == Op.JALR || (op >= Op.BEQ && op <= Op.BGEU);
    }

    /** True for the instructions that end a block: the transfers, and a Java trap (a hook may go anywhere). */
    static boolean endsBlock(int op) {
        return isTransfer(op) || op == Op.JAVA_TRAP;
    }

    private void method() {
        for (GuestBlock block : region.blocks) {
            for (int word : block.words) {
                use(DecodedForm.rs1(word), false);
                use(DecodedForm.rs2(word), false);
                use(DecodedForm.rd(word), true);
            }
        }
        mv.visitCode();
        prologue();
        for (int i = 0; i < blockLabels.length; i++) {
            block(region.blocks.get(i), i);
        }
        for (int i = 0; i < stubs.size(); i++) {
            stubs.get(i).run(); // a stub may add stubs (see trapElsewhere)
        }
        epilogue();
        mv.visitLabel(end);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
    }

    private void use(int register, boolean write) {
        if (register == 0 || register == DecodedForm.SINK_REGISTER) {
            return;
        }
        used[register] = true;
        if (write) {
            written[register] = true;
        }
    }

    private static int local(int register) {
        return FIRST_REGISTER + 2 * (register - 1);
    }

    private void prologue() {
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitVarInsn(Opcodes.ISTORE, DONE);
        mv.visitVarInsn(Opcodes.ALOAD, FRAME_LOCAL);
        mv.visitFieldInsn(Opcodes.GETFIELD, FRAME, "x", "[J");
        mv.visitVarInsn(Opcodes.ASTORE, X);
        mv.visitVarInsn(Opcodes.ALOAD, FRAME_LOCAL);
        mv.visitFieldInsn(Opcodes.GETFIELD, FRAME, "memory", "L" + MEMORY + ";");
        mv.visitVarInsn(Opcodes.ASTORE, MEM);
        mv.visitVarInsn(Opcodes.ALOAD, THIS);
        mv.visitFieldInsn(Opcodes.GETFIELD, UNIT, "page", "L" + PAGE + ";");
        mv.visitVarInsn(Opcodes.ASTORE, PAGE_LOCAL);
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitVarInsn(Opcodes.ASTORE, EXCEPTION);
        mv.visitInsn(Opcodes.LCONST_0);
        mv.visitVarInsn(Opcodes.LSTORE, NEXT_PC);
        mv.visitInsn(Opcodes.LCONST_0);
        mv.visitVarInsn(Opcodes.LSTORE, TARGET);
        loadUsed();
        int n = blockLabels.length;
        int[] keys = new int[n];
        for (int i = 0; i < n; i++) {
            keys[i] = region.blocks.get(i).headSlot; // blocks come in slot order: the keys are sorted
        }
        Label unknown = new Label();
        mv.visitVarInsn(Opcodes.ILOAD, SLOT);
        mv.visitLookupSwitchInsn(unknown, keys, blockLabels);
        mv.visitLabel(unknown);
        // Not an entry of this unit (cannot happen): leave at that slot's pc with nothing run.
        pushLong(region.base);
        mv.visitVarInsn(Opcodes.ILOAD, SLOT);
        mv.visitInsn(Opcodes.I2L);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.LSHL);
        mv.visitInsn(Opcodes.LADD);
        mv.visitVarInsn(Opcodes.LSTORE, NEXT_PC);
        mv.visitJumpInsn(Opcodes.GOTO, exit);
    }

    private void epilogue() {
        mv.visitLabel(exit);
        storeWritten();
        mv.visitVarInsn(Opcodes.ALOAD, FRAME_LOCAL);
        mv.visitVarInsn(Opcodes.ILOAD, DONE);
        mv.visitFieldInsn(Opcodes.PUTFIELD, FRAME, "executed", "I");
        mv.visitVarInsn(Opcodes.LLOAD, NEXT_PC);
        mv.visitInsn(Opcodes.LRETURN);
    }

    /** The registers the region reads or writes, from frame.x into their locals. */
    private void loadUsed() {
        for (int r = 1; r < 32; r++) {
            if (used[r]) {
                mv.visitVarInsn(Opcodes.ALOAD, X);
                pushInt(r);
                mv.visitInsn(Opcodes.LALOAD);
                mv.visitVarInsn(Opcodes.LSTORE, local(r));
            }
        }
    }

    /** The registers the region writes, from their locals back into frame.x. */
    private void storeWritten() {
        for (int r = 1; r < 32; r++) {
            if (written[r]) {
                mv.visitVarInsn(Opcodes.ALOAD, X);
                pushInt(r);
                mv.visitVarInsn(Opcodes.LLOAD, local(r));
                mv.visitInsn(Opcodes.LASTORE);
            }
        }
    }

    /**
     * A Java trap, the last instruction of its block: the registers go to frame.x, the hook runs
     * ({@link UnitFrame#javaTrap}), every register comes back (a hook may change any), and the unit
     * goes on at the next instruction when the hook did, else leaves where the hook sent the hart.
     */
    private void javaTrap(long pc, int length, int id, int index) {
        storeWritten();
        mv.visitVarInsn(Opcodes.ALOAD, FRAME_LOCAL);
        pushLong(pc);
        pushInt(length);
        pushInt(id);
        mv.visitVarInsn(Opcodes.ILOAD, DONE);
        mv.visitVarInsn(Opcodes.ALOAD, PAGE_LOCAL);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, FRAME, "javaTrap", "(JIIIL" + PAGE + ";)J", false);
        mv.visitVarInsn(Opcodes.LSTORE, NEXT_PC);
        afterHook(exit);
        jump(pc + length, index);
    }

    /** After a hook: the count the frame kept, every register back from frame.x; to {@code leave} unless the unit may stay. */
    private void afterHook(Label leave) {
        mv.visitVarInsn(Opcodes.ALOAD, FRAME_LOCAL);
        mv.visitFieldInsn(Opcodes.GETFIELD, FRAME, "doneAfterTrap", "I");
        mv.visitVarInsn(Opcodes.ISTORE, DONE);
        loadUsed();
        mv.visitVarInsn(Opcodes.ALOAD, FRAME_LOCAL);
        mv.visitFieldInsn(Opcodes.GETFIELD, FRAME, "stay", "Z");
        mv.visitJumpInsn(Opcodes.IFEQ, leave);
    }

    private void block(GuestBlock block, int index) {
        int length = block.length();
        mv.visitLabel(blockLabels[index]);
        // The budget: the whole block must fit, or the interpreter runs what is left of the slice.
        mv.visitVarInsn(Opcodes.ILOAD, LIMIT);
        mv.visitVarInsn(Opcodes.ILOAD, DONE);
        mv.visitInsn(Opcodes.ISUB);
        pushInt(length);
        mv.visitJumpInsn(Opcodes.IF_ICMPLT, exitStub(block.headPc, 0));
        mv.visitIincInsn(DONE, length);
        for (int k = 0; k < length; k++) {
            instruction(block, k, index);
        }
        if (!block.endsInTransfer()) {
            jump(block.nextPc, index);
        }
    }

    /** Goes to the block at {@code target}, or leaves the unit there. */
    private void jump(long target, int fromIndex) {
        GuestBlock next = region.blockAt(target);
        if (next != null) {
            int nextIndex = region.indexOf(next);
            if (nextIndex != fromIndex + 1) { // else it falls into the next block, written right after this one
                mv.visitJumpInsn(Opcodes.GOTO, blockLabels[nextIndex]);
            }
        } else {
            mv.visitJumpInsn(Opcodes.GOTO, exitStub(target, 0));
        }
    }

    /** Where a branch to {@code target} goes: its block's label, or a stub that leaves there. */
    private Label branchLabel(long target) {
        GuestBlock next = region.blockAt(target);
        return next != null ? blockLabels[region.indexOf(next)] : exitStub(target, 0);
    }

    /**
     * A stub (written after the blocks) that takes {@code notRun} instructions off the count and
     * leaves the unit at {@code pc}.
     */
    private Label exitStub(long pc, int notRun) {
        Label label = new Label();
        stubs.add(() -> {
            mv.visitLabel(label);
            if (notRun != 0) {
                mv.visitIincInsn(DONE, -notRun);
            }
            pushLong(pc);
            mv.visitVarInsn(Opcodes.LSTORE, NEXT_PC);
            mv.visitJumpInsn(Opcodes.GOTO, exit);
        });
        return label;
    }

    /** Brackets a call that may throw a guest fault: the handler leaves the unit at this instruction. */
    private Label[] guarded(long pc, int notRun) {
        Label start = new Label();
        Label stop = new Label();
        Label handler = new Label();
        mv.visitTryCatchBlock(start, stop, handler, "java/lang/RuntimeException");
        stubs.add(() -> {
            mv.visitLabel(handler);
            mv.visitVarInsn(Opcodes.ASTORE, EXCEPTION);
            mv.visitVarInsn(Opcodes.ALOAD, FRAME_LOCAL);
            mv.visitVarInsn(Opcodes.ALOAD, EXCEPTION);
            mv.visitFieldInsn(Opcodes.PUTFIELD, FRAME, "fault", "Ljava/lang/RuntimeException;");
            if (notRun != 0) {
                mv.visitIincInsn(DONE, -notRun);
            }
            pushLong(pc);
            mv.visitVarInsn(Opcodes.LSTORE, NEXT_PC);
            mv.visitJumpInsn(Opcodes.GOTO, exit);
        });
        return new Label[] {start, stop};
    }

    private void instruction(GuestBlock block, int k, int index) {
        int w = block.words[k];
        long imm = block.immediates[k];
        long pc = block.pcs[k];
        int op = DecodedForm.op(w);
        int rd = DecodedForm.rd(w);
        int rs1 = DecodedForm.rs1(w);
        int rs2 = DecodedForm.rs2(w);
        int length = DecodedForm.length(w);
        int after = block.length() - k - 1; // instructions of this block after this one
        switch (op) {
            case Op.ADDI: read(rs1); pushLong(imm); mv.visitInsn(Opcodes.LADD); write(rd); break;
            case Op.LUI: pushLong(imm); write(rd); break;
            case Op.AUIPC: pushLong(pc + imm); write(rd); break;
            case Op.SLTI: read(rs1); pushLong(imm); lessThan(); write(rd); break;
            case Op.SLTIU: readFlipped(rs1); pushLong(imm ^ Long.MIN_VALUE); lessThan(); write(rd); break;
            case Op.XORI: read(rs1); pushLong(imm); mv.visitInsn(Opcodes.LXOR); write(rd); break;
            case Op.ORI: read(rs1); pushLong(imm); mv.visitInsn(Opcodes.LOR); write(rd); break;
            case Op.ANDI: read(rs1); pushLong(imm); mv.visitInsn(Opcodes.LAND); write(rd); break;
            case Op.SLLI: read(rs1); pushInt((int) imm); mv.visitInsn(Opcodes.LSHL); write(rd); break;
            case Op.SRLI: read(rs1); pushInt((int) imm); mv.visitInsn(Opcodes.LUSHR); write(rd); break;
            case Op.SRAI: read(rs1); pushInt((int) imm); mv.visitInsn(Opcodes.LSHR); write(rd); break;
            case Op.ADD: binary(rs1, rs2, Opcodes.LADD, rd); break;
            case Op.SUB: binary(rs1, rs2, Opcodes.LSUB, rd); break;
            case Op.XOR: binary(rs1, rs2, Opcodes.LXOR, rd); break;
            case Op.OR: binary(rs1, rs2, Opcodes.LOR, rd); break;
            case Op.AND: binary(rs1, rs2, Opcodes.LAND, rd); break;
            case Op.MUL: binary(rs1, rs2, Opcodes.LMUL, rd); break;
            case Op.SLL: shift(rs1, rs2, Opcodes.LSHL, rd); break;
            case Op.SRL: shift(rs1, rs2, Opcodes.LUSHR, rd); break;
            case Op.SRA: shift(rs1, rs2, Opcodes.LSHR, rd); break;
            case Op.SLT: read(rs1); read(rs2); lessThan(); write(rd); break;
            case Op.SLTU: readFlipped(rs1); readFlipped(rs2); lessThan(); write(rd); break;
            case Op.ADDIW: read(rs1); pushLong(imm); mv.visitInsn(Opcodes.LADD); word(rd); break;
            case Op.SLLIW: readInt(rs1); pushInt((int) imm); mv.visitInsn(Opcodes.ISHL); widen(rd); break;
            case Op.SRLIW: readInt(rs1); pushInt((int) imm); mv.visitInsn(Opcodes.IUSHR); widen(rd); break;
            case Op.SRAIW: readInt(rs1); pushInt((int) imm); mv.visitInsn(Opcodes.ISHR); widen(rd); break;
            case Op.ADDW: read(rs1); read(rs2); mv.visitInsn(Opcodes.LADD); word(rd); break;
            case Op.SUBW: read(rs1); read(rs2); mv.visitInsn(Opcodes.LSUB); word(rd); break;
            case Op.SLLW: readInt(rs1); readInt(rs2); mv.visitInsn(Opcodes.ISHL); widen(rd); break;
            case Op.SRLW: readInt(rs1); readInt(rs2); mv.visitInsn(Opcodes.IUSHR); widen(rd); break;
            case Op.SRAW: readInt(rs1); readInt(rs2); mv.visitInsn(Opcodes.ISHR); widen(rd); break;
            case Op.MULW: readInt(rs1); readInt(rs2); mv.visitInsn(Opcodes.IMUL); widen(rd); break;
            case Op.MULH:
                read(rs1);
                read(rs2);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", "multiplyHigh", "(JJ)J", false);
                write(rd);
                break;
            case Op.MULHSU: mulDiv(rs1, rs2, "mulhsu", rd); break;
            case Op.MULHU: mulDiv(rs1, rs2, "mulhu", rd); break;
            case Op.DIV: mulDiv(rs1, rs2, "div", rd); break;
            case Op.DIVU: mulDiv(rs1, rs2, "divu", rd); break;
            case Op.REM: mulDiv(rs1, rs2, "rem", rd); break;
            case Op.REMU: mulDiv(rs1, rs2, "remu", rd); break;
            case Op.DIVW: mulDiv(rs1, rs2, "divw", rd); break;
            case Op.DIVUW: mulDiv(rs1, rs2, "divuw", rd); break;
            case Op.REMW: mulDiv(rs1, rs2, "remw", rd); break;
            case Op.REMUW: mulDiv(rs1, rs2, "remuw", rd); break;
            case Op.NOP: break;
            case Op.FENCE:
                if (parallel) {
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/VarHandle", "fullFence", "()V", false);
                }
                break;
            case Op.LB: case Op.LH: case Op.LW: case Op.LD: case Op.LBU: case Op.LHU: case Op.LWU: {
                Label[] range = guarded(pc, after);
                mv.visitVarInsn(Opcodes.ALOAD, MEM);
                address(rs1, imm);
                mv.visitLabel(range[0]);
                GuestMemoryCode.load(mv, op);
                mv.visitLabel(range[1]);
                write(rd);
                break;
            }
            case Op.SB: case Op.SH: case Op.SW: case Op.SD: {
                Label[] range = guarded(pc, after);
                mv.visitVarInsn(Opcodes.ALOAD, MEM);
                address(rs1, imm);
                read(rs2);
                mv.visitLabel(range[0]);
                GuestMemoryCode.store(mv, op);
                mv.visitLabel(range[1]);
                codeWritten(pc + length, after);
                break;
            }
            case Op.ATOMIC: {
                Label[] range = guarded(pc, after);
                mv.visitVarInsn(Opcodes.ALOAD, FRAME_LOCAL);
                mv.visitFieldInsn(Opcodes.GETFIELD, FRAME, "hart", "L" + HART + ";");
                mv.visitVarInsn(Opcodes.ALOAD, MEM);
                pushLong(imm);
                read(rs1);
                read(rs2);
                mv.visitLabel(range[0]);
                GuestMemoryCode.atomic(mv);
                mv.visitLabel(range[1]);
                write(rd);
                codeWritten(pc + length, after);
                break;
            }
            case Op.JAL:
                if (rd != DecodedForm.SINK_REGISTER) {
                    pushLong(pc + length);
                    write(rd);
                }
                jump(pc + imm, index);
                break;
            case Op.JALR:
                read(rs1);
                pushLong(imm);
                mv.visitInsn(Opcodes.LADD);
                pushLong(~1L);
                mv.visitInsn(Opcodes.LAND);
                mv.visitVarInsn(Opcodes.LSTORE, TARGET);
                if (rd != DecodedForm.SINK_REGISTER) {
                    pushLong(pc + length);
                    write(rd);
                }
                indirect();
                break;
            case Op.BEQ: branch(rs1, rs2, false, Opcodes.IFEQ, pc + imm, pc + length, index); break;
            case Op.BNE: branch(rs1, rs2, false, Opcodes.IFNE, pc + imm, pc + length, index); break;
            case Op.BLT: branch(rs1, rs2, false, Opcodes.IFLT, pc + imm, pc + length, index); break;
            case Op.BGE: branch(rs1, rs2, false, Opcodes.IFGE, pc + imm, pc + length, index); break;
            case Op.BLTU: branch(rs1, rs2, true, Opcodes.IFLT, pc + imm, pc + length, index); break;
            case Op.BGEU: branch(rs1, rs2, true, Opcodes.IFGE, pc + imm, pc + length, index); break;
            case Op.JAVA_TRAP: javaTrap(pc, length, (int) imm, index); break;
            default:
                throw new IllegalStateException("op=" + op + " at 0x" + Long.toHexString(pc) + ": not translatable");
        }
    }

    /** After a store: if it wrote into this page, the rest of the unit is stale; leave after the store. */
    private void codeWritten(long nextPc, int after) {
        mv.visitVarInsn(Opcodes.ALOAD, PAGE_LOCAL);
        mv.visitFieldInsn(Opcodes.GETFIELD, PAGE, "valid", "Z");
        mv.visitJumpInsn(Opcodes.IFEQ, exitStub(nextPc, after));
    }

    /** A jalr: stays in the unit when the target is one of its heads (returns into a caller in the region). */
    private void indirect() {
        Label leave = exitToTarget();
        int n = blockLabels.length;
        int[] keys = new int[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (int) (region.blocks.get(i).headPc - region.base);
        }
        mv.visitVarInsn(Opcodes.LLOAD, TARGET);
        pushLong(region.base);
        mv.visitInsn(Opcodes.LSUB);
        mv.visitInsn(Opcodes.DUP2);
        pushInt(Memory.PAGE_SHIFT);
        mv.visitInsn(Opcodes.LUSHR);
        mv.visitInsn(Opcodes.LCONST_0);
        mv.visitInsn(Opcodes.LCMP);
        Label inPage = new Label();
        mv.visitJumpInsn(Opcodes.IFEQ, inPage);
        mv.visitInsn(Opcodes.POP2);
        mv.visitJumpInsn(Opcodes.GOTO, trapElsewhere());
        mv.visitLabel(inPage);
        mv.visitInsn(Opcodes.L2I);
        mv.visitLookupSwitchInsn(leave, keys, blockLabels);
    }

    /**
     * The one stub (per unit) an indirect jump out of the page goes to: when the target is a Java
     * trap (a return trampoline) and one instruction fits in the budget, the trap runs from here
     * ({@link UnitFrame#trapAt}) and the unit goes on at the pc the hook chose when that is one of
     * its blocks (a traced call returning into this unit); otherwise it leaves at the target.
     */
    private Label trapElsewhere() {
        if (trapElsewhere != null) {
            return trapElsewhere;
        }
        trapElsewhere = new Label();
        Label leave = exitToTarget();
        stubs.add(() -> {
            mv.visitLabel(trapElsewhere);
            mv.visitVarInsn(Opcodes.ILOAD, LIMIT);
            mv.visitVarInsn(Opcodes.ILOAD, DONE);
            mv.visitInsn(Opcodes.ISUB);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitJumpInsn(Opcodes.IF_ICMPLT, leave);
            storeWritten();
            mv.visitVarInsn(Opcodes.ALOAD, FRAME_LOCAL);
            mv.visitVarInsn(Opcodes.LLOAD, TARGET);
            mv.visitVarInsn(Opcodes.ILOAD, DONE);
            mv.visitVarInsn(Opcodes.ALOAD, PAGE_LOCAL);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, FRAME, "trapAt", "(JIL" + PAGE + ";)J", false);
            mv.visitVarInsn(Opcodes.LSTORE, TARGET);
            mv.visitVarInsn(Opcodes.ALOAD, FRAME_LOCAL);
            mv.visitFieldInsn(Opcodes.GETFIELD, FRAME, "ranTrap", "Z");
            mv.visitJumpInsn(Opcodes.IFEQ, leave);
            afterHook(leave);
            indirect(); // the hook's pc: a block of this unit, or out again (another trap, or leave)
        });
        return trapElsewhere;
    }

    private Label exitToTarget() {
        Label label = new Label();
        stubs.add(() -> {
            mv.visitLabel(label);
            mv.visitVarInsn(Opcodes.LLOAD, TARGET);
            mv.visitVarInsn(Opcodes.LSTORE, NEXT_PC);
            mv.visitJumpInsn(Opcodes.GOTO, exit);
        });
        return label;
    }

    private void branch(int rs1, int rs2, boolean unsigned, int condition, long taken, long notTaken, int index) {
        if (unsigned) {
            readFlipped(rs1);
            readFlipped(rs2);
        } else {
            read(rs1);
            read(rs2);
        }
        mv.visitInsn(Opcodes.LCMP);
        mv.visitJumpInsn(condition, branchLabel(taken));
        jump(notTaken, index);
    }

    private void address(int rs1, long imm) {
        read(rs1);
        if (imm != 0) {
            pushLong(imm);
            mv.visitInsn(Opcodes.LADD);
        }
    }

    private void binary(int rs1, int rs2, int opcode, int rd) {
        read(rs1);
        read(rs2);
        mv.visitInsn(opcode);
        write(rd);
    }

    private void shift(int rs1, int rs2, int opcode, int rd) {
        read(rs1);
        read(rs2);
        mv.visitInsn(Opcodes.L2I);
        mv.visitInsn(opcode);
        write(rd);
    }

    private void mulDiv(int rs1, int rs2, String name, int rd) {
        read(rs1);
        read(rs2);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, MUL_DIV, name, "(JJ)J", false);
        write(rd);
    }

    /** Stack: a, b (longs) → 1L if a &lt; b else 0L. */
    private void lessThan() {
        Label less = new Label();
        Label done = new Label();
        mv.visitInsn(Opcodes.LCMP);
        mv.visitJumpInsn(Opcodes.IFLT, less);
        mv.visitInsn(Opcodes.LCONST_0);
        mv.visitJumpInsn(Opcodes.GOTO, done);
        mv.visitLabel(less);
        mv.visitInsn(Opcodes.LCONST_1);
        mv.visitLabel(done);
    }

    private void read(int register) {
        if (register == 0) {
            mv.visitInsn(Opcodes.LCONST_0);
        } else {
            mv.visitVarInsn(Opcodes.LLOAD, local(register));
        }
    }

    /** The register with its sign bit flipped: signed comparison of flipped values is unsigned comparison. */
    private void readFlipped(int register) {
        if (register == 0) {
            pushLong(Long.MIN_VALUE);
        } else {
            read(register);
            pushLong(Long.MIN_VALUE);
            mv.visitInsn(Opcodes.LXOR);
        }
    }

    private void readInt(int register) {
        if (register == 0) {
            mv.visitInsn(Opcodes.ICONST_0);
        } else {
            read(register);
            mv.visitInsn(Opcodes.L2I);
        }
    }

    private void write(int rd) {
        if (rd == DecodedForm.SINK_REGISTER) {
            mv.visitInsn(Opcodes.POP2);
        } else {
            mv.visitVarInsn(Opcodes.LSTORE, local(rd));
        }
    }

    /** Stack: a long → its low 32 bits sign-extended into rd. */
    private void word(int rd) {
        mv.visitInsn(Opcodes.L2I);
        widen(rd);
    }

    /** Stack: an int → sign-extended into rd. */
    private void widen(int rd) {
        mv.visitInsn(Opcodes.I2L);
        write(rd);
    }

    private void pushLong(long value) {
        if (value == 0) {
            mv.visitInsn(Opcodes.LCONST_0);
        } else if (value == 1) {
            mv.visitInsn(Opcodes.LCONST_1);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.BIPUSH, (int) value);
            mv.visitInsn(Opcodes.I2L);
        } else {
            mv.visitLdcInsn(value);
        }
    }

    private void pushInt(int value) {
        if (value >= -1 && value <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.BIPUSH, value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            mv.visitLdcInsn(value);
        }
    }
}
