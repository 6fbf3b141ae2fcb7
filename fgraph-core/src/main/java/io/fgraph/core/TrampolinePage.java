package io.fgraph.core;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.LoadSegment;
import io.fgraph.emulator.hook.JavaTrap;
import io.fgraph.emulator.memory.Memory;
import io.fgraph.emulator.platform.BareMetalPlatform;

/**
 * The guest page fgraph owns: the page the bare-metal platform reserves for tracers
 * ({@link BareMetalPlatform#reservedPage}), kept out of the initial stack. Layout:
 * <pre>
 *  +0   return trampoline: JavaTrap(returnId)   (hijacked return addresses point here)
 *  +8   out-of-line slot 0: displaced instruction (2 or 4 bytes), then JavaTrap(resumeId)
 *  +16  out-of-line slot 1 ...                 (8 bytes per slot, up to the end of the page)
 * </pre>
 */
final class TrampolinePage {
    static final int SLOT_BYTES = 8;
    static final int FIRST_SLOT_OFFSET = 8;

    private final Machine machine;
    private final long base;
    private final int resumeId;
    private int nextSlot = FIRST_SLOT_OFFSET;

    TrampolinePage(Machine machine, ElfFile elf, int returnId, int resumeId) {
        this.machine = machine;
        Memory memory = machine.memory();
        this.base = BareMetalPlatform.reservedPage(memory);
        this.resumeId = resumeId;
        if (elf != null) {
            for (LoadSegment segment : elf.loadSegments()) {
                long start = segment.physicalAddress();
                long end = start + segment.memorySize();
                if (segment.memorySize() > 0 && Long.compareUnsigned(end, base) > 0
                        && Long.compareUnsigned(start, memory.end()) < 0) {
                    throw new IllegalStateException(String.format(
                            "the program occupies the last RAM page 0x%x that fgraph needs for its trampoline: give it more RAM (--ram-size)",
                            base));
                }
            }
            // picolibc's linker script puts the initial stack at __stack: it grows down from there.
            elf.symbolAddress("__stack").ifPresent(stack -> {
                if (Long.compareUnsigned(stack, base) > 0 && Long.compareUnsigned(stack, memory.end()) <= 0) {
                    throw new IllegalStateException(String.format(
                            "the program's stack (__stack=0x%x) starts in the last RAM page 0x%x that fgraph needs for its trampoline: give it more RAM (--ram-size)",
                            stack, base));
                }
            });
        }
        machine.patchText(base, JavaTrap.bytes(returnId));
    }

    long returnTrampoline() {
        return base;
    }

    /** Copies {@code instruction} out of line, followed by the resume trap; returns its address. */
    long allocateOutOfLine(byte[] instruction) {
        if (nextSlot + SLOT_BYTES > Memory.PAGE_SIZE) {
            throw new IllegalStateException("all " + (Memory.PAGE_SIZE - FIRST_SLOT_OFFSET) / SLOT_BYTES
                    + " out-of-line slots are in use");
        }
        long slot = base + nextSlot;
        nextSlot += SLOT_BYTES;
        machine.patchText(slot, instruction);
        machine.patchText(slot + instruction.length, JavaTrap.bytes(resumeId));
        return slot;
    }
}
