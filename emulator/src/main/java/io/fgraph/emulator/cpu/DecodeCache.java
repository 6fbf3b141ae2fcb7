package io.fgraph.emulator.cpu;

import io.fgraph.emulator.memory.CodeWriteListener;
import io.fgraph.emulator.memory.Memory;

/**
 * One hart's cache of decoded pages, indexed by frame ({@link Memory#codePage}). Each hart owns its cache and is
 * the only one to look pages up and decode them; a write to a page any cache holds reaches every
 * owner through {@link Memory}'s code-write bitmap, possibly from another host thread, which drops
 * the page. Creating and dropping pages is synchronised on the cache (rare); the lookup is a plain
 * read: a hart may keep running a page another thread dropped until its next safepoint, which is
 * what {@link CodeSync} waits for.
 */
public final class DecodeCache implements CodeWriteListener {
    private final Memory memory;
    private final int owner;
    private final DecodedPage[] pages;
    private final Decoder decoder = new Decoder();
    private volatile long invalidations;
    private volatile long droppedUnits;

    public DecodeCache(Memory memory, int owner) {
        this.memory = memory;
        this.owner = owner;
        this.pages = new DecodedPage[memory.pageCount()];
        memory.setCodeWriteListener(owner, this);
    }

    /** The decoded page holding {@code pc}, or null when nothing can be fetched there. */
    DecodedPage page(long pc) {
        int index = memory.codePage(pc);
        if (index < 0) {
            return null;
        }
        DecodedPage page = pages[index];
        return page != null ? page : create(index, pc);
    }

    private synchronized DecodedPage create(int index, long pc) {
        DecodedPage page = pages[index];
        if (page == null) {
            page = new DecodedPage(pc & ~Memory.PAGE_OFFSET_MASK, memory.contiguous());
            pages[index] = page;
            memory.markCode(index, owner);
            if (memory.contiguous() && index + 1 < pages.length) {
                // The last instruction of this page may straddle into the next: watch that page too.
                memory.markCode(index + 1, owner);
            }
        }
        return page;
    }

    int decode(DecodedPage page, int slot, long pc) {
        return page.decode(slot, pc, memory, decoder);
    }

    @Override
    public synchronized void onCodeWrite(int pageIndex) {
        drop(pageIndex);
        if (pageIndex > 0) {
            drop(pageIndex - 1); // its last slot may hold an instruction straddling into this page (flat memory)
        }
    }

    private void drop(int pageIndex) {
        DecodedPage page = pages[pageIndex];
        if (page != null) {
            page.valid = false;
            pages[pageIndex] = null;
            invalidations++;
            droppedUnits += page.unitCount;
        }
        // Keep watching this page while the previous one is cached: its last slot may straddle into this page.
        if (pageIndex == 0 || pages[pageIndex - 1] == null) {
            memory.unmarkCode(pageIndex, owner);
        }
    }

    /** Drops every decoded page ({@code fence.i}). */
    public synchronized void flush() {
        for (int i = 0; i < pages.length; i++) {
            drop(i);
        }
    }

    /** How many translated units were dropped with their pages (written, or {@code fence.i}). */
    public long droppedUnits() {
        return droppedUnits;
    }

    /** How many decoded pages were dropped because their memory was written. */
    public long invalidations() {
        return invalidations;
    }
}
