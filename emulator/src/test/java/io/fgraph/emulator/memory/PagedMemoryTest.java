package io.fgraph.emulator.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PagedMemoryTest {
    private static final long BASE = 0x40_0000_0000L;
    private static final int RW = PagedMemory.PROT_READ | PagedMemory.PROT_WRITE;
    private final PagedMemory memory = new PagedMemory(1 << 20);

    @Test
    void mappedPagesReadAsZerosAndTakeAFrameOnlyWhenTouched() {
        memory.map(BASE, 16 * Memory.PAGE_SIZE, RW);
        assertEquals(0, memory.load64(BASE + 8 * Memory.PAGE_SIZE));
        assertEquals(1, memory.framesInUse(), "a read gives the page its zeroed frame");
        memory.store64(BASE + 100, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, memory.load64(BASE + 100));
        assertEquals(2, memory.framesInUse());
        assertEquals(16, memory.mappedPages());
    }

    @Test
    void eachAccessNeedsItsPermission() {
        memory.map(BASE, Memory.PAGE_SIZE, PagedMemory.PROT_READ);
        memory.map(BASE + Memory.PAGE_SIZE, Memory.PAGE_SIZE, PagedMemory.PROT_NONE);
        assertEquals(0, memory.load32(BASE));
        MemoryFault store = assertThrows(MemoryFault.class, () -> memory.store8(BASE, 1));
        assertEquals(MemoryFault.Kind.STORE, store.kind());
        assertThrows(MemoryFault.class, () -> memory.load8(BASE + Memory.PAGE_SIZE));
        assertThrows(MemoryFault.class, () -> memory.load8(BASE + 2 * Memory.PAGE_SIZE), "not mapped");
        assertThrows(MemoryFault.class, () -> memory.load8(PagedMemory.LIMIT), "past the address space");
        assertThrows(MemoryFault.class, () -> memory.load8(-8), "a negative address is far past it");
        assertEquals("address 0x4000000000 is mapped PROT_READ: not writable", memory.describeFault(MemoryFault.Kind.STORE, BASE));
        assertEquals("address 0x4000002000 is not mapped", memory.describeFault(MemoryFault.Kind.LOAD, BASE + 0x2000));
        assertEquals(-1, memory.codePage(BASE), "not executable");
    }

    @Test
    void accessesThatCrossAPageBoundaryUseBothPagesAndCheckBoth() {
        memory.map(BASE, 2 * Memory.PAGE_SIZE, RW);
        long at = BASE + Memory.PAGE_SIZE - 3;
        memory.store64(at, 0x0102030405060708L);
        assertEquals(0x0102030405060708L, memory.load64(at));
        assertEquals(0x06, memory.load8(BASE + Memory.PAGE_SIZE - 1));
        assertEquals(0x05, memory.load8(BASE + Memory.PAGE_SIZE));
        memory.protect(BASE + Memory.PAGE_SIZE, Memory.PAGE_SIZE, PagedMemory.PROT_READ);
        assertThrows(MemoryFault.class, () -> memory.store64(at, -1));
        assertEquals(0x0102030405060708L, memory.load64(at), "a store that faults on its second page writes nothing");
    }

    @Test
    void hostWritesIgnoreTheProtectionButNeedAMapping() {
        memory.map(BASE, Memory.PAGE_SIZE, PagedMemory.PROT_READ | PagedMemory.PROT_EXEC);
        memory.write(BASE + 10, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {0, 1, 2, 3, 0}, memory.read(BASE + 9, 5));
        assertTrue(memory.contains(BASE, Memory.PAGE_SIZE));
        assertFalse(memory.contains(BASE, Memory.PAGE_SIZE + 1));
        assertThrows(MemoryFault.class, () -> memory.write(BASE + Memory.PAGE_SIZE, new byte[1]));
    }

    @Test
    void unmappingFreesTheFrameAndAFreshMappingIsZeroAgain() {
        memory.map(BASE, Memory.PAGE_SIZE, RW);
        memory.store32(BASE, 42);
        memory.unmap(BASE, Memory.PAGE_SIZE);
        assertEquals(0, memory.framesInUse());
        assertThrows(MemoryFault.class, () -> memory.load32(BASE));
        memory.map(BASE, Memory.PAGE_SIZE, RW);
        assertEquals(0, memory.load32(BASE));
    }

    @Test
    void discardedPagesStayMappedAndReadAsZeros() {
        memory.map(BASE, 2 * Memory.PAGE_SIZE, RW);
        memory.store32(BASE, 42);
        memory.store32(BASE + Memory.PAGE_SIZE, 43);
        memory.discard(BASE, Memory.PAGE_SIZE);
        assertEquals(0, memory.load32(BASE));
        assertEquals(43, memory.load32(BASE + Memory.PAGE_SIZE));
    }

    @Test
    void movedPagesKeepTheirBytesAndProtection() {
        memory.map(BASE, 2 * Memory.PAGE_SIZE, RW);
        memory.store64(BASE + 8, 77);
        long to = BASE + 0x100_0000L;
        memory.move(BASE, to, 2 * Memory.PAGE_SIZE);
        assertEquals(77, memory.load64(to + 8));
        assertEquals(-1, memory.protection(BASE));
        assertEquals(RW, memory.protection(to + Memory.PAGE_SIZE));
    }

    @Test
    void atomicsNeedWritePermissionAndAlignment() {
        memory.map(BASE, Memory.PAGE_SIZE, RW);
        assertTrue(memory.compareAndSet64(BASE, 0, 5));
        assertEquals(5, memory.getAndAdd64(BASE, 2));
        assertEquals(7, memory.loadReserved64(BASE));
        assertEquals(MemoryFault.Kind.MISALIGNED_ATOMIC, assertThrows(MemoryFault.class, () -> memory.getAndAdd32(BASE + 2, 1)).kind());
        memory.protect(BASE, Memory.PAGE_SIZE, PagedMemory.PROT_READ);
        assertThrows(MemoryFault.class, () -> memory.getAndSet32(BASE, 1));
    }

    @Test
    void runningOutOfFramesFaultsAndSaysSo() {
        PagedMemory small = new PagedMemory(2 * Memory.PAGE_SIZE);
        small.map(BASE, 4 * Memory.PAGE_SIZE, RW);
        small.store8(BASE, 1);
        small.store8(BASE + Memory.PAGE_SIZE, 1);
        assertThrows(MemoryFault.class, () -> small.store8(BASE + 2 * Memory.PAGE_SIZE, 1));
        assertTrue(small.exhausted());
        assertEquals("address 0x4000002000 cannot be given memory: all 0 MiB of guest memory are in use (ramSize=8192)",
                small.describeFault(MemoryFault.Kind.STORE, BASE + 2 * Memory.PAGE_SIZE));
        small.unmap(BASE, Memory.PAGE_SIZE);
        small.store8(BASE + 2 * Memory.PAGE_SIZE, 1); // the freed frame is used again
    }

    @Test
    void aStoreIntoAFrameADecodeCacheHoldsTellsTheCache() {
        memory.map(BASE, Memory.PAGE_SIZE, RW | PagedMemory.PROT_EXEC);
        int frame = memory.codePage(BASE);
        assertTrue(frame >= 0);
        int[] told = {-1};
        memory.setCodeWriteListener(3, page -> told[0] = page);
        memory.store32(BASE + 4, 1);
        assertEquals(-1, told[0], "not code yet: nobody is told");
        memory.markCode(frame, 3);
        memory.store32(BASE + 8, 2);
        assertEquals(frame, told[0], "a store into code takes the slow path, which tells the owner");
        told[0] = -1;
        memory.store32(BASE + 8, 3);
        assertEquals(-1, told[0], "the owner dropped its page: stores are plain again");
    }
}
