package io.fgraph.emulator.linux;

import io.fgraph.emulator.memory.Memory;
import io.fgraph.emulator.memory.PagedMemory;

import java.util.Map;
import java.util.TreeMap;

/**
 * The layout of a Linux process and the kernel's bookkeeping of it: which ranges are taken, the
 * {@code brk} heap, and where {@code mmap} puts a new mapping. Pages, protections and frames are
 * {@link PagedMemory}'s; this class decides addresses. The layout is qemu-riscv64's (7.2), so
 * that addresses a program prints match the reference:
 *
 * <pre>
 *  0x00_0000_0000 .. 0x00_0000_ffff  never mapped (NULL pointers fault)
 *  0x00_0001_0000 ..                 the program's PT_LOAD segments at their link addresses
 *  (end of the last segment, page aligned) .. brk     the heap, grown by brk()
 *  0x3f_fff0_0000 .. 0x40_0000_0000  kept for fgraph's own text (trampolines, out-of-line slots):
 *                                    mmap never returns it, MAP_FIXED, munmap and mprotect refuse it
 *  0x40_0000_0000 .. 0x40_0000_1000  stack guard page (PROT_NONE)
 *  0x40_0000_1000 .. 0x40_0080_1000  the main thread's stack, 8 MiB; the initial stack at its top
 *  0x40_0080_1000 .. 0x40_0080_2000  never mapped (qemu's signal trampoline page)
 *  0x40_0080_2000 .. 0x80_0000_0000  mmap: first fit, bottom up (thread stacks, malloc arenas, large blocks)
 * </pre>
 *
 * <p>Not thread-safe: the system calls that change it hold the process lock.
 */
public final class AddressSpace {
    public static final long NULL_GUARD_END = 0x1_0000L;
    public static final long TOOL_TEXT_START = 0x3f_fff0_0000L;
    public static final long TOOL_TEXT_END = 0x40_0000_0000L;
    public static final long STACK_GUARD = 0x40_0000_0000L;
    public static final long STACK_SIZE = 8L << 20;
    public static final long STACK_BOTTOM = STACK_GUARD + Memory.PAGE_SIZE;
    public static final long STACK_TOP = STACK_BOTTOM + STACK_SIZE;
    public static final long MMAP_BASE = STACK_TOP + Memory.PAGE_SIZE;
    public static final long LIMIT = PagedMemory.LIMIT;
    /** Most bytes mapped at once (a guard against tables that would not fit the Java heap). */
    public static final long MAX_MAPPED = 16L << 30;

    private final PagedMemory memory;
    /** Taken ranges: start to exclusive end, non-overlapping, adjacent ones merged. */
    private final TreeMap<Long, Long> taken = new TreeMap<>();
    private long mappedBytes;
    private long brkStart;
    private long brk;

    public AddressSpace(PagedMemory memory) {
        this.memory = memory;
    }

    public PagedMemory memory() {
        return memory;
    }

    public static long pageUp(long address) {
        return (address + Memory.PAGE_OFFSET_MASK) & ~Memory.PAGE_OFFSET_MASK;
    }

    public static long pageDown(long address) {
        return address & ~Memory.PAGE_OFFSET_MASK;
    }

    /** True if [start, end) overlaps fgraph's reserved text. */
    public static boolean touchesToolText(long start, long end) {
        return Long.compareUnsigned(start, TOOL_TEXT_END) < 0 && Long.compareUnsigned(end, TOOL_TEXT_START) > 0;
    }

    /** True if no page of [start, end) is taken (and the range is inside the address space). */
    public boolean isFree(long start, long end) {
        if (Long.compareUnsigned(start, NULL_GUARD_END) < 0 || Long.compareUnsigned(end, LIMIT) > 0
                || Long.compareUnsigned(start, end) >= 0) {
            return false;
        }
        Map.Entry<Long, Long> below = taken.floorEntry(start);
        if (below != null && below.getValue() > start) {
            return false;
        }
        Map.Entry<Long, Long> above = taken.ceilingEntry(start);
        return above == null || above.getKey() >= end;
    }

    /** The lowest free range of {@code length} bytes at or above {@code from}, or -1. */
    public long findFree(long length, long from) {
        long cursor = Math.max(from, NULL_GUARD_END);
        Map.Entry<Long, Long> below = taken.floorEntry(cursor);
        if (below != null && below.getValue() > cursor) {
            cursor = below.getValue();
        }
        for (Map.Entry<Long, Long> range : taken.tailMap(cursor, true).entrySet()) {
            if (range.getKey() - cursor >= length) {
                return cursor;
            }
            cursor = Math.max(cursor, range.getValue());
        }
        return LIMIT - cursor >= length ? cursor : -1;
    }

    /**
     * Maps [start, end) (page aligned) with {@code prot}: what was mapped there is replaced.
     * Returns false when the mapping limit would be passed.
     */
    public boolean map(long start, long end, int prot) {
        long added = (end - start) - takenBytes(start, end);
        if (mappedBytes + added > MAX_MAPPED) {
            return false;
        }
        memory.unmap(start, end - start);
        memory.map(start, end - start, prot);
        take(start, end);
        mappedBytes += added;
        return true;
    }

    /** Unmaps the pages of [start, end) that are mapped. */
    public void unmap(long start, long end) {
        mappedBytes -= takenBytes(start, end);
        memory.unmap(start, end - start);
        release(start, end);
    }

    /** True if every page of [start, end) is taken. */
    public boolean isMapped(long start, long end) {
        return takenBytes(start, end) == end - start;
    }

    /** Moves the pages of [from, from+length) to [to, to+length), which must be free. */
    public void move(long from, long to, long length) {
        memory.move(from, to, length);
        release(from, from + length);
        take(to, to + length);
    }

    private long takenBytes(long start, long end) {
        long bytes = 0;
        Map.Entry<Long, Long> below = taken.floorEntry(start);
        long cursor = start;
        if (below != null && below.getValue() > start) {
            bytes += Math.min(below.getValue(), end) - start;
            cursor = below.getValue();
        }
        if (cursor >= end) {
            return bytes;
        }
        for (Map.Entry<Long, Long> range : taken.subMap(cursor, true, end, false).entrySet()) {
            bytes += Math.min(range.getValue(), end) - range.getKey();
        }
        return bytes;
    }

    private void take(long start, long end) {
        release(start, end);
        Map.Entry<Long, Long> below = taken.floorEntry(start);
        if (below != null && below.getValue() == start) {
            start = below.getKey();
            taken.remove(below.getKey());
        }
        Long next = taken.get(end);
        if (next != null) {
            taken.remove(end);
            end = next;
        }
        taken.put(start, end);
    }

    private void release(long start, long end) {
        Map.Entry<Long, Long> below = taken.floorEntry(start);
        if (below != null && below.getValue() > start) {
            taken.put(below.getKey(), start);
            if (below.getValue() > end) {
                taken.put(end, below.getValue());
            }
            if (below.getKey() == start) {
                taken.remove(start);
            }
        }
        for (Map.Entry<Long, Long> range : new TreeMap<>(taken.subMap(start, true, end, false)).entrySet()) {
            taken.remove(range.getKey());
            if (range.getValue() > end) {
                taken.put(end, range.getValue());
            }
        }
    }

    // ---- brk ----

    /** Sets where the heap starts: the page after the program's last segment. */
    public void setBrkStart(long start) {
        this.brkStart = pageUp(start);
        this.brk = brkStart;
    }

    public long brkStart() {
        return brkStart;
    }

    /**
     * The {@code brk} system call: moves the end of the heap to {@code requested} if the pages it
     * needs are free, and returns the end of the heap (unchanged when it cannot move).
     */
    public long brk(long requested) {
        if (Long.compareUnsigned(requested, brkStart) < 0) {
            return brk;
        }
        long oldTop = pageUp(brk);
        long newTop = pageUp(requested);
        if (newTop > oldTop) {
            if (touchesToolText(oldTop, newTop) || !isFree(oldTop, newTop) || !map(oldTop, newTop,
                    PagedMemory.PROT_READ | PagedMemory.PROT_WRITE)) {
                return brk;
            }
        } else if (newTop < oldTop) {
            unmap(newTop, oldTop);
        }
        brk = requested;
        return brk;
    }

    /** Bytes mapped now. */
    public long mappedBytes() {
        return mappedBytes;
    }
}
