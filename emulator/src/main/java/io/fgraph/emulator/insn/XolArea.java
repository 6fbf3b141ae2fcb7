package io.fgraph.emulator.insn;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.hook.HookAction;
import io.fgraph.emulator.hook.JavaTrap;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The execute-out-of-line area: slots in guest memory holding copies of displaced instructions,
 * each followed by a resume trap, shared by every hook of a machine (fgraph's entry hooks, kprobes).
 * Modelled on uprobes' {@code xol_area} and kprobes' instruction slots, with one slot per displaced
 * instruction (not per hit): a copy never changes once written, so any number of harts run it at
 * once, and a hart in the middle of a step always finishes it, even after its probe is gone.
 * Slots are never reused.
 *
 * <pre>
 *  base + 8*i   +-----------------------------+----------------------------+
 *               | displaced instruction (2/4) | JavaTrap(resumeId) (4)     |  slot i
 *               +-----------------------------+----------------------------+
 * </pre>
 * The resume trap sets the pc to the original instruction's successor, tells the slot's owner (a
 * kprobe's post-handler runs there), and retires nothing: a displaced instruction counts once. A
 * fault in a copy is reported at the original address (the owner may handle it first).
 */
public final class XolArea {
    public static final int SLOT_BYTES = 8;

    /** Who displaced an instruction into a slot. */
    public interface Owner {
        /** The copy has run; the pc is at the original instruction's successor (the owner may change it). */
        void afterStep(Hart hart, Instruction original);

        /**
         * The copy faulted. Return true if handled (the owner set the pc); false lets the fault be
         * taken as if at the original instruction (the hart's pc is already set back to it).
         */
        default boolean onFault(Hart hart, Instruction original, int cause, long value) {
            return false;
        }
    }

    private record Slot(Instruction original, Owner owner) {
    }

    private final Machine machine;
    private final long base;
    private final AtomicReferenceArray<Slot> slots;
    private final int resumeId;
    private int used;

    public XolArea(Machine machine, long base, int size) {
        if ((base & 3) != 0 || size < SLOT_BYTES) {
            throw new IllegalArgumentException(String.format("xol area base=0x%x size=%d: needs a 4-byte aligned base and room for a slot", base, size));
        }
        this.machine = machine;
        this.base = base;
        this.slots = new AtomicReferenceArray<>(size / SLOT_BYTES);
        this.resumeId = machine.hooks().allocateTrap((hart, id) -> resume(hart));
        machine.hooks().addExceptionInterceptor(this::onException);
        machine.addOutOfLineArea(this);
    }

    /** Copies {@code original} into a new slot followed by the resume trap; returns the slot's address. */
    public synchronized long allocate(Instruction original, Owner owner) {
        if (used == slots.length()) {
            throw new IllegalStateException("all " + slots.length() + " out-of-line slots are in use");
        }
        int index = used++;
        long slot = base + (long) index * SLOT_BYTES;
        machine.writeText(slot, original.bytes());
        machine.writeText(slot + original.length(), JavaTrap.bytes(resumeId));
        slots.set(index, new Slot(original, owner));
        return slot;
    }

    public long base() {
        return base;
    }

    /** Slots this area can hold. */
    public int capacity() {
        return slots.length();
    }

    public synchronized int used() {
        return used;
    }

    /** True if {@code address} lies in this area. */
    public boolean contains(long address) {
        return Long.compareUnsigned(address - base, (long) slots.length() * SLOT_BYTES) < 0;
    }

    /**
     * Where a pc in a slot stands in the program: the original instruction's address for the copy,
     * its successor for the resume trap; any other address unchanged. Hooks called while a copy
     * runs (a stack switch by {@code ld sp} or {@code mv sp}) are shown the program's pc.
     */
    public long originalPc(long pc) {
        Slot slot = slotAt(pc);
        if (slot == null) {
            return pc;
        }
        long start = base + (pc - base) / SLOT_BYTES * SLOT_BYTES;
        return pc == start ? slot.original().address() : slot.original().next();
    }

    private Slot slotAt(long pc) {
        if (!contains(pc)) {
            return null;
        }
        return slots.get((int) ((pc - base) / SLOT_BYTES));
    }

    private HookAction resume(Hart hart) {
        Slot slot = slotAt(hart.pc());
        if (slot == null) {
            return HookAction.UNHANDLED;
        }
        hart.discountInstruction();
        hart.setPc(slot.original().next());
        slot.owner().afterStep(hart, slot.original());
        return HookAction.RESUME;
    }

    private boolean onException(Hart hart, int cause, long value) {
        long pc = hart.pc();
        Slot slot = slotAt(pc);
        if (slot == null || pc != base + (pc - base) / SLOT_BYTES * SLOT_BYTES) {
            return false;
        }
        hart.setPc(slot.original().address());
        return slot.owner().onFault(hart, slot.original(), cause, value);
    }
}
