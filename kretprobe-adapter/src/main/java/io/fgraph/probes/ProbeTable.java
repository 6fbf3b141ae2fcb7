package io.fgraph.probes;

import io.fgraph.emulator.memory.Memory;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The probe points of a machine by address, for the hit path: the memory's frame lookup
 * ({@link Memory#frameOf}: flat RAM or a Linux address space), then two array reads, no lock, no
 * boxing. Memory is counted in 4 KiB frames; a frame with a probe gets a table of its 2048 possible
 * instruction addresses (instructions are 2-byte aligned). Reads are volatile (a hart on another
 * thread sees a point once it is put); writes happen under the registry's lock.
 */
final class ProbeTable {
    private static final int SLOTS_PER_PAGE = Memory.PAGE_SIZE / 2;

    private final Memory memory;
    private final AtomicReferenceArray<AtomicReferenceArray<ProbePoint>> pages;

    ProbeTable(Memory memory) {
        this.memory = memory;
        this.pages = new AtomicReferenceArray<>(memory.pageCount());
    }

    ProbePoint get(long address) {
        int frame = memory.frameOf(address);
        if (frame < 0) {
            return null;
        }
        AtomicReferenceArray<ProbePoint> page = pages.get(frame);
        return page == null ? null : page.get(slot(address));
    }

    void put(ProbePoint point) {
        int frame = memory.frameOf(point.address);
        if (frame < 0 || (point.address & 1) != 0) {
            throw new IllegalArgumentException(String.format("address=0x%x: not an instruction address in memory", point.address));
        }
        AtomicReferenceArray<ProbePoint> page = pages.get(frame);
        if (page == null) {
            page = new AtomicReferenceArray<>(SLOTS_PER_PAGE);
            pages.set(frame, page);
        }
        page.set(slot(point.address), point);
    }

    void remove(long address) {
        int frame = memory.frameOf(address);
        AtomicReferenceArray<ProbePoint> page = frame < 0 ? null : pages.get(frame);
        if (page != null) {
            page.set(slot(address), null);
        }
    }

    private static int slot(long address) {
        return (int) (address & Memory.PAGE_OFFSET_MASK) >>> 1;
    }
}
