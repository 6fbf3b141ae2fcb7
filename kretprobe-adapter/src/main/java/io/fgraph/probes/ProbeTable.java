package io.fgraph.probes;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The probe points of a machine by address, for the hit path: two array reads, no lock, no boxing.
 * RAM is split in 4 KiB pages; a page with a probe gets a table of its 2048 possible instruction
 * addresses (instructions are 2-byte aligned). Reads are volatile (a hart on another thread sees a
 * point once it is put); writes happen under the registry's lock.
 */
final class ProbeTable {
    private static final int PAGE_SHIFT = 12;
    private static final int SLOTS_PER_PAGE = 1 << (PAGE_SHIFT - 1);

    private final long base;
    private final long size;
    private final AtomicReferenceArray<AtomicReferenceArray<ProbePoint>> pages;

    ProbeTable(long base, long size) {
        this.base = base;
        this.size = size;
        this.pages = new AtomicReferenceArray<>((int) ((size + (1 << PAGE_SHIFT) - 1) >>> PAGE_SHIFT));
    }

    ProbePoint get(long address) {
        long offset = address - base;
        if (Long.compareUnsigned(offset, size) >= 0) {
            return null;
        }
        AtomicReferenceArray<ProbePoint> page = pages.get((int) (offset >>> PAGE_SHIFT));
        return page == null ? null : page.get(slot(offset));
    }

    void put(ProbePoint point) {
        long offset = point.address - base;
        if (Long.compareUnsigned(offset, size) >= 0 || (offset & 1) != 0) {
            throw new IllegalArgumentException(String.format("address=0x%x: not an instruction address in RAM", point.address));
        }
        int index = (int) (offset >>> PAGE_SHIFT);
        AtomicReferenceArray<ProbePoint> page = pages.get(index);
        if (page == null) {
            page = new AtomicReferenceArray<>(SLOTS_PER_PAGE);
            pages.set(index, page);
        }
        page.set(slot(offset), point);
    }

    void remove(long address) {
        long offset = address - base;
        AtomicReferenceArray<ProbePoint> page = pages.get((int) (offset >>> PAGE_SHIFT));
        if (page != null) {
            page.set(slot(offset), null);
        }
    }

    private static int slot(long offset) {
        return (int) (offset & ((1 << PAGE_SHIFT) - 1)) >>> 1;
    }
}
