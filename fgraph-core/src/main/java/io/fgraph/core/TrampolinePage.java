package io.fgraph.core;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.LoadSegment;
import io.fgraph.emulator.hook.JavaTrap;

/**
 * fgraph's return trampoline: one trap-to-Java instruction in the text the platform keeps for
 * tracers ({@link Machine#allocateToolText}); every hijacked return address points to it. The
 * program must not occupy that reserved memory.
 */
final class TrampolinePage {
    private final long trampoline;

    TrampolinePage(Machine machine, ElfFile elf, int returnId) {
        long base = machine.toolTextBase();
        long end = machine.toolTextEnd();
        if (elf != null && base != 0) {
            for (LoadSegment segment : elf.loadSegments()) {
                long start = segment.physicalAddress();
                long segmentEnd = start + segment.memorySize();
                if (segment.memorySize() > 0 && Long.compareUnsigned(segmentEnd, base) > 0
                        && Long.compareUnsigned(start, end) < 0) {
                    throw new IllegalStateException(String.format(
                            "the program occupies RAM [0x%x, 0x%x) that fgraph needs for its trampolines: give it more RAM (ramSize)",
                            base, end));
                }
            }
            // picolibc's linker script puts the initial stack at __stack: it grows down from there.
            elf.symbolAddress("__stack").ifPresent(stack -> {
                if (Long.compareUnsigned(stack, base) > 0 && Long.compareUnsigned(stack, end) <= 0) {
                    throw new IllegalStateException(String.format(
                            "the program's stack (__stack=0x%x) starts in RAM [0x%x, 0x%x) that fgraph needs for its trampolines: give it more RAM (ramSize)",
                            stack, base, end));
                }
            });
        }
        this.trampoline = machine.allocateToolText(JavaTrap.LENGTH);
        machine.patchText(trampoline, JavaTrap.bytes(returnId));
    }

    long returnTrampoline() {
        return trampoline;
    }
}
