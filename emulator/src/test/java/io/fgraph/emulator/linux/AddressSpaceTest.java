package io.fgraph.emulator.linux;

import io.fgraph.emulator.memory.Memory;
import io.fgraph.emulator.memory.PagedMemory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressSpaceTest {
    private static final int RW = PagedMemory.PROT_READ | PagedMemory.PROT_WRITE;
    private static final long PAGE = Memory.PAGE_SIZE;
    private final PagedMemory memory = new PagedMemory(4 << 20);
    private final AddressSpace space = new AddressSpace(memory);

    @Test
    void theLayoutIsQemuRiscv64s() {
        assertEquals(0x40_0080_1000L, AddressSpace.STACK_TOP);
        assertEquals(0x40_0080_2000L, AddressSpace.MMAP_BASE);
        assertEquals(AddressSpace.STACK_GUARD, AddressSpace.TOOL_TEXT_END, "fgraph's text lies just below the stack guard");
        assertEquals(1 << 20, AddressSpace.TOOL_TEXT_END - AddressSpace.TOOL_TEXT_START);
    }

    @Test
    void brkGrowsIntoFreePagesAndShrinks() {
        space.setBrkStart(0x7c880);
        assertEquals(0x7d000, space.brk(0));
        assertEquals(0x7db00, space.brk(0x7db00));
        memory.store8(0x7da00, 1);
        assertEquals(0x9f000, space.brk(0x9f000));
        assertEquals(0x7d000, space.brk(0x7d000));
        assertFalse(memory.contains(0x7d000, 1), "the pages above the new end are unmapped");
        assertEquals(0x7d000, space.brk(0x1000), "below the start: unchanged");
    }

    @Test
    void brkStopsAtAMapping() {
        space.setBrkStart(0x100000);
        space.map(0x200000, 0x201000, RW);
        assertEquals(0x180000, space.brk(0x180000));
        assertEquals(0x180000, space.brk(0x300000), "it would run into the mapping: unchanged");
    }

    @Test
    void findFreeIsFirstFitAboveTheBase() {
        long base = AddressSpace.MMAP_BASE;
        assertEquals(base, space.findFree(2 * PAGE, base));
        space.map(base, base + 2 * PAGE, RW);
        space.map(base + 3 * PAGE, base + 4 * PAGE, RW);
        assertEquals(base + 2 * PAGE, space.findFree(PAGE, base), "the hole fits one page");
        assertEquals(base + 4 * PAGE, space.findFree(2 * PAGE, base), "two pages do not fit the hole");
        space.unmap(base, base + PAGE);
        assertEquals(base, space.findFree(PAGE, base));
        assertTrue(space.isMapped(base + PAGE, base + 2 * PAGE));
        assertFalse(space.isMapped(base, base + 2 * PAGE));
        assertEquals(2 * PAGE, space.mappedBytes());
    }

    @Test
    void mappingOverAMappingReplacesIt() {
        long base = AddressSpace.MMAP_BASE;
        space.map(base, base + 2 * PAGE, RW);
        memory.store8(base, 7);
        space.map(base, base + PAGE, PagedMemory.PROT_READ);
        assertEquals(0, memory.load8(base), "a new mapping's pages are fresh");
        assertEquals(2 * PAGE, space.mappedBytes());
        assertFalse(space.isFree(base + PAGE, base + 2 * PAGE));
    }
}
