package io.fgraph.emulator.memory;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The program's own text under the hooks' patches: every instruction a hook replaced (fgraph's
 * entry traps, a kprobe's breakpoint) is recorded here with the bytes it replaced, so that code
 * that reads the program's instructions (is the instruction before this return address a call?)
 * sees the program's instruction, not the hook's, as Linux's {@code recover_probed_instruction}.
 *
 * <p>Lookups cost two array reads after the memory's frame lookup ({@link Memory#frameOf}): memory is
 * counted in 4 KiB frames, and a frame with a patch gets a table of its 2048 parcel addresses. Reads are volatile, so a hart on another thread sees a patch once it
 * is recorded; patches are recorded before the hook's bytes are written and forgotten after the
 * program's bytes are back.
 */
public final class TextPatches {
    private static final int SLOTS_PER_PAGE = Memory.PAGE_SIZE / 2;

    private final Memory memory;
    private final AtomicReferenceArray<AtomicReferenceArray<byte[]>> pages;

    TextPatches(Memory memory) {
        this.memory = memory;
        this.pages = new AtomicReferenceArray<>(memory.pageCount());
    }

    /** Records that a hook is about to write over {@code original.length} bytes at {@code address}. */
    public synchronized void patched(long address, byte[] original) {
        int frame = memory.frameOf(address);
        if ((address & 1) != 0 || (original.length != 2 && original.length != 4) || !memory.contains(address, original.length)
                || frame < 0) {
            throw new IllegalArgumentException(String.format("patch at 0x%x of %d bytes: must be one 2- or 4-byte instruction in memory",
                    address, original.length));
        }
        AtomicReferenceArray<byte[]> slots = pages.get(frame);
        if (slots == null) {
            slots = new AtomicReferenceArray<>(SLOTS_PER_PAGE);
            pages.set(frame, slots);
        }
        slots.set(slot(address), original.clone());
    }

    /** Forgets the patch at {@code address}: the program's bytes are back. */
    public synchronized void restored(long address) {
        AtomicReferenceArray<byte[]> slots = slotsOf(address);
        if (slots != null) {
            slots.set(slot(address), null);
        }
    }

    /** The bytes a hook's patch at {@code address} replaced, or null if no patch starts there. */
    public byte[] original(long address) {
        AtomicReferenceArray<byte[]> slots = slotsOf(address);
        byte[] original = slots == null ? null : slots.get(slot(address));
        return original == null ? null : original.clone();
    }

    /**
     * The 16-bit instruction parcel at {@code address} as the program has it: from memory, or from
     * the bytes a patch replaced when a patch covers the address.
     */
    public int parcel(long address) {
        int parcel = memory.fetch16(address);
        byte[] here = at(address);
        if (here != null) {
            return (here[0] & 0xFF) | ((here[1] & 0xFF) << 8);
        }
        byte[] before = at(address - 2);
        if (before != null && before.length == 4) {
            return (before[2] & 0xFF) | ((before[3] & 0xFF) << 8);
        }
        return parcel;
    }

    private byte[] at(long address) {
        AtomicReferenceArray<byte[]> slots = slotsOf(address);
        return slots == null ? null : slots.get(slot(address));
    }

    private AtomicReferenceArray<byte[]> slotsOf(long address) {
        int frame = memory.frameOf(address);
        return frame < 0 ? null : pages.get(frame);
    }

    private static int slot(long address) {
        return (int) (address & Memory.PAGE_OFFSET_MASK) >>> 1;
    }
}
