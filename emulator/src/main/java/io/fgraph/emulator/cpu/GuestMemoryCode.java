package io.fgraph.emulator.cpu;

import io.fgraph.emulator.memory.Memory;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The one place that decides how translated code reaches guest memory: every load, store and
 * atomic a {@link UnitCompiler} emits is written here, so a new memory (another address space,
 * a faster path) is one change. Today a load or store is a direct call of the {@link Memory}
 * access the interpreter makes: a machine uses one memory class, so HotSpot inlines it.
 */
final class GuestMemoryCode {
    private static final String MEMORY = Type.getInternalName(Memory.class);
    private static final String HART = Type.getInternalName(Hart.class);
    private static final String ATOMIC_UNIT = Type.getInternalName(AtomicUnit.class);

    private GuestMemoryCode() {
    }

    static boolean isLoad(int op) {
        return op >= Op.LB && op <= Op.LWU;
    }

    static boolean isStore(int op) {
        return op >= Op.SB && op <= Op.SD;
    }

    /** Stack: memory, address (long) → the loaded value, sign- or zero-extended as the op says. */
    static void load(MethodVisitor mv, int op) {
        switch (op) {
            case Op.LB: case Op.LBU: call(mv, "load8", "(J)J"); break;
            case Op.LH: case Op.LHU: call(mv, "load16", "(J)J"); break;
            case Op.LW: case Op.LWU: call(mv, "load32", "(J)J"); break;
            case Op.LD: call(mv, "load64", "(J)J"); break;
            default: throw new IllegalArgumentException("op=" + op + ": not a load");
        }
        long mask = op == Op.LBU ? 0xFFL : op == Op.LHU ? 0xFFFFL : op == Op.LWU ? 0xFFFF_FFFFL : 0;
        if (mask != 0) {
            mv.visitLdcInsn(mask);
            mv.visitInsn(Opcodes.LAND);
        }
    }

    /** Stack: memory, address (long), value (long) → nothing. */
    static void store(MethodVisitor mv, int op) {
        switch (op) {
            case Op.SB: call(mv, "store8", "(JJ)V"); break;
            case Op.SH: call(mv, "store16", "(JJ)V"); break;
            case Op.SW: call(mv, "store32", "(JJ)V"); break;
            case Op.SD: call(mv, "store64", "(JJ)V"); break;
            default: throw new IllegalArgumentException("op=" + op + ": not a store");
        }
    }

    /** Stack: hart, memory, function (long), address (long), operand (long) → rd's value (see {@link AtomicUnit}). */
    static void atomic(MethodVisitor mv) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, ATOMIC_UNIT, "execute",
                "(L" + HART + ";L" + MEMORY + ";JJJ)J", false);
    }

    private static void call(MethodVisitor mv, String name, String descriptor) {
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MEMORY, name, descriptor, false);
    }
}
