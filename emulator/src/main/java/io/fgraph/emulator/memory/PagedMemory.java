package io.fgraph.emulator.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A sparse user address space of {@link #ADDRESS_BITS} bits with 4 KiB pages and protections, as
 * an MMU and a kernel's page allocator give a Linux process: the memory of the Linux platform.
 *
 * <p>Pages are mapped ({@link #map}) with a protection and no storage; the first access to a
 * mapped page gives it a zeroed <em>frame</em> (demand paging), up to {@link #pageCount()} frames
 * (the guest RAM size). Unmapping a page frees its frame.
 *
 * <pre>
 *  address (39 bits):  | directory (15) | leaf (12) | offset (12) |
 *
 *  states[directory][leaf]     int: frame + 1 (bits 31..4, 0 = no frame yet) | MAPPED | PROT_EXEC | PROT_WRITE | PROT_READ
 *  readable[directory][leaf]   the frame's bytes when the page is readable and has a frame, else null
 *  writable[directory][leaf]   the frame's bytes when the page is writable, has a frame and holds no
 *                              decoded instructions, else null
 * </pre>
 *
 * <p>Loads and stores look only at {@code readable}/{@code writable}: two array reads, then the
 * access. A null entry (no frame yet, no permission, code, a page-crossing access) takes the slow
 * path, which allocates the frame, installs the entry, or throws a {@link MemoryFault}. A store into
 * a frame that a decode cache holds always takes the slow path (its entry is removed when the frame
 * is marked as code), which tells the caches; so guest stores need no code check of their own.
 *
 * <p>Threads: structural changes and the slow paths hold this object's lock; the fast path reads the
 * tables without it. A frame's byte array is never reused (a freed frame number gets a fresh
 * array), so a racing reader sees either the old array or a zeroed new one. A hart on another host
 * thread may use a page for one access after another hart unmapped it, as a TLB that is shot down
 * lazily would.
 */
public final class PagedMemory extends Memory {
    public static final int ADDRESS_BITS = 39;
    /** First address past the address space. */
    public static final long LIMIT = 1L << ADDRESS_BITS;
    public static final int PROT_NONE = 0;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int PROT_EXEC = 4;
    static final int PROT_MASK = PROT_READ | PROT_WRITE | PROT_EXEC;
    static final int MAPPED = 8;
    static final int FRAME_SHIFT = 4;

    static final int LEAF_BITS = 12;
    static final int LEAF_SIZE = 1 << LEAF_BITS;
    static final int LEAF_MASK = LEAF_SIZE - 1;
    static final int DIRECTORY_SHIFT = PAGE_SHIFT + LEAF_BITS;
    static final int DIRECTORY_SIZE = 1 << (ADDRESS_BITS - DIRECTORY_SHIFT);
    private static final int OFFSET_MASK = (int) PAGE_OFFSET_MASK;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Shared by every directory slot with no page: never written. */
    private static final byte[][] NO_PAGES = new byte[LEAF_SIZE][];
    private static final int[] NO_STATES = new int[LEAF_SIZE];

    private final byte[][][] readable = new byte[DIRECTORY_SIZE][][];
    private final byte[][][] writable = new byte[DIRECTORY_SIZE][][];
    private final int[][] states = new int[DIRECTORY_SIZE][];
    private final byte[][] frameData;
    /** The page number each frame backs (to remove its write entry when it becomes code). */
    private final long[] frameVpn;
    private final int[] freeFrames;
    private int freeCount;
    private int framesUsed;
    private long mappedPages;
    private boolean exhausted;

    /** An empty address space whose pages may use at most {@code ramSize} bytes of frames. */
    public PagedMemory(int ramSize) {
        super(checkedFrames(ramSize));
        int frames = ramSize >>> PAGE_SHIFT;
        this.frameData = new byte[frames][];
        this.frameVpn = new long[frames];
        this.freeFrames = new int[frames];
        Arrays.fill(readable, NO_PAGES);
        Arrays.fill(writable, NO_PAGES);
        Arrays.fill(states, NO_STATES);
    }

    private static int checkedFrames(int ramSize) {
        if (ramSize <= 0 || (ramSize & PAGE_OFFSET_MASK) != 0) {
            throw new IllegalArgumentException("ramSize=" + ramSize + ": must be a positive multiple of " + PAGE_SIZE);
        }
        return ramSize >>> PAGE_SHIFT;
    }

    // ---- the fast path ----

    private byte[] readablePage(long address) {
        if ((address >>> ADDRESS_BITS) != 0) {
            return null;
        }
        return readable[(int) (address >>> DIRECTORY_SHIFT)][(int) (address >>> PAGE_SHIFT) & LEAF_MASK];
    }

    private byte[] writablePage(long address) {
        if ((address >>> ADDRESS_BITS) != 0) {
            return null;
        }
        return writable[(int) (address >>> DIRECTORY_SHIFT)][(int) (address >>> PAGE_SHIFT) & LEAF_MASK];
    }

    @Override
    public long load8(long address) {
        byte[] page = readablePage(address);
        if (page == null) {
            page = resolve(address, PROT_READ, MemoryFault.Kind.LOAD);
        }
        return page[(int) address & OFFSET_MASK];
    }

    @Override
    public long load16(long address) {
        byte[] page = readablePage(address);
        int offset = (int) address & OFFSET_MASK;
        if (page == null || offset > PAGE_SIZE - 2) {
            return (short) slowLoad(address, 2);
        }
        return (short) SHORT.get(page, offset);
    }

    @Override
    public long load32(long address) {
        byte[] page = readablePage(address);
        int offset = (int) address & OFFSET_MASK;
        if (page == null || offset > PAGE_SIZE - 4) {
            return (int) slowLoad(address, 4);
        }
        return (int) INT.get(page, offset);
    }

    @Override
    public long load64(long address) {
        byte[] page = readablePage(address);
        int offset = (int) address & OFFSET_MASK;
        if (page == null || offset > PAGE_SIZE - 8) {
            return slowLoad(address, 8);
        }
        return (long) LONG.get(page, offset);
    }

    @Override
    public void store8(long address, long value) {
        byte[] page = writablePage(address);
        if (page == null) {
            slowStore(address, value, 1);
            return;
        }
        page[(int) address & OFFSET_MASK] = (byte) value;
    }

    @Override
    public void store16(long address, long value) {
        byte[] page = writablePage(address);
        int offset = (int) address & OFFSET_MASK;
        if (page == null || offset > PAGE_SIZE - 2) {
            slowStore(address, value, 2);
            return;
        }
        SHORT.set(page, offset, (short) value);
    }

    @Override
    public void store32(long address, long value) {
        byte[] page = writablePage(address);
        int offset = (int) address & OFFSET_MASK;
        if (page == null || offset > PAGE_SIZE - 4) {
            slowStore(address, value, 4);
            return;
        }
        INT.set(page, offset, (int) value);
    }

    @Override
    public void store64(long address, long value) {
        byte[] page = writablePage(address);
        int offset = (int) address & OFFSET_MASK;
        if (page == null || offset > PAGE_SIZE - 8) {
            slowStore(address, value, 8);
            return;
        }
        LONG.set(page, offset, value);
    }

    // ---- the slow path ----

    /** A little-endian load that may cross a page or need a fault resolved. */
    private long slowLoad(long address, int length) {
        byte[] first = resolve(address, PROT_READ, MemoryFault.Kind.LOAD);
        byte[] second = first;
        int offset = (int) address & OFFSET_MASK;
        if (offset + length > PAGE_SIZE) {
            second = resolve(address + length - 1, PROT_READ, MemoryFault.Kind.LOAD);
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            int at = offset + i;
            byte b = at < PAGE_SIZE ? first[at] : second[at - PAGE_SIZE];
            value |= (b & 0xFFL) << (8 * i);
        }
        return value;
    }

    /**
     * A store that crosses a page, lands on a page without a write entry, or into code. Both pages
     * are checked before a byte is written; the decode caches are told after the bytes are written.
     */
    private void slowStore(long address, long value, int length) {
        int offset = (int) address & OFFSET_MASK;
        long last = address + length - 1;
        boolean crosses = offset + length > PAGE_SIZE;
        synchronized (this) {
            byte[] first = resolve(address, PROT_WRITE, MemoryFault.Kind.STORE);
            byte[] second = crosses ? resolve(last, PROT_WRITE, MemoryFault.Kind.STORE) : first;
            for (int i = 0; i < length; i++) {
                int at = offset + i;
                byte b = (byte) (value >>> (8 * i));
                if (at < PAGE_SIZE) {
                    first[at] = b;
                } else {
                    second[at - PAGE_SIZE] = b;
                }
            }
            afterGuestStore(address);
            if (crosses) {
                afterGuestStore(last);
            }
        }
    }

    /** After a slow-path guest store: tell the decode caches, and let plain stores in again. */
    private void afterGuestStore(long address) {
        long vpn = address >>> PAGE_SHIFT;
        int state = state(vpn);
        int frame = (state >>> FRAME_SHIFT) - 1;
        checkCode(frame);
        if (!holdsCode(frame)) {
            install(vpn, state);
        }
    }

    /**
     * The bytes of the page holding {@code address}, for an access needing {@code prot}: allocates
     * the frame on first use and installs the fast entries the page's protection allows.
     *
     * @throws MemoryFault when the page is not mapped, lacks {@code prot}, or no frame is left
     */
    private synchronized byte[] resolve(long address, int prot, MemoryFault.Kind kind) {
        if ((address >>> ADDRESS_BITS) != 0) {
            throw new MemoryFault(kind, address);
        }
        long vpn = address >>> PAGE_SHIFT;
        int state = state(vpn);
        if ((state & MAPPED) == 0 || (state & prot) != prot) {
            throw new MemoryFault(kind, address);
        }
        if ((state >>> FRAME_SHIFT) == 0) {
            state = allocateFrame(vpn, state);
            if (state < 0) {
                throw new MemoryFault(kind, address);
            }
        }
        int frame = (state >>> FRAME_SHIFT) - 1;
        if (prot != PROT_WRITE || !holdsCode(frame)) {
            install(vpn, state);
        }
        return frameData[frame];
    }

    /** Gives page {@code vpn} a zeroed frame; returns its new state, or -1 when every frame is in use. */
    private int allocateFrame(long vpn, int state) {
        int frame;
        if (freeCount > 0) {
            frame = freeFrames[--freeCount];
        } else if (framesUsed < frameData.length) {
            frame = framesUsed++;
        } else {
            exhausted = true;
            return -1;
        }
        frameData[frame] = new byte[PAGE_SIZE]; // fresh, never recycled: see the class comment
        frameVpn[frame] = vpn;
        int newState = (state & (MAPPED | PROT_MASK)) | (frame + 1) << FRAME_SHIFT;
        setState(vpn, newState);
        return newState;
    }

    /** Installs the fast entries of page {@code vpn} as its state allows (it has a frame). */
    private void install(long vpn, int state) {
        int frame = (state >>> FRAME_SHIFT) - 1;
        byte[] data = frameData[frame];
        int directory = (int) (vpn >>> LEAF_BITS);
        int leaf = (int) vpn & LEAF_MASK;
        if ((state & PROT_READ) != 0) {
            leafOf(readable, directory)[leaf] = data;
        }
        if ((state & PROT_WRITE) != 0 && !holdsCode(frame)) {
            leafOf(writable, directory)[leaf] = data;
        }
    }

    private static byte[][] leafOf(byte[][][] table, int directory) {
        byte[][] leaf = table[directory];
        if (leaf == NO_PAGES) {
            leaf = new byte[LEAF_SIZE][];
            table[directory] = leaf;
        }
        return leaf;
    }

    private void clearFastEntries(long vpn) {
        int directory = (int) (vpn >>> LEAF_BITS);
        int leaf = (int) vpn & LEAF_MASK;
        if (readable[directory] != NO_PAGES) {
            readable[directory][leaf] = null;
        }
        if (writable[directory] != NO_PAGES) {
            writable[directory][leaf] = null;
        }
    }

    private int state(long vpn) {
        return states[(int) (vpn >>> LEAF_BITS)][(int) vpn & LEAF_MASK];
    }

    private void setState(long vpn, int state) {
        int directory = (int) (vpn >>> LEAF_BITS);
        int[] leaf = states[directory];
        if (leaf == NO_STATES) {
            if (state == 0) {
                return;
            }
            leaf = new int[LEAF_SIZE];
            states[directory] = leaf;
        }
        leaf[(int) vpn & LEAF_MASK] = state;
    }

    /** A frame became code: stores to its page now take the slow path, which tells the caches. */
    @Override
    public synchronized void markCode(int frame, int owner) {
        super.markCode(frame, owner);
        long vpn = frameVpn[frame];
        int directory = (int) (vpn >>> LEAF_BITS);
        if (writable[directory] != NO_PAGES) {
            writable[directory][(int) vpn & LEAF_MASK] = null;
        }
    }

    // ---- mappings (the platform's kernel) ----

    /**
     * Maps the pages of [start, start+length) with {@code prot} and no frame (they read as zeros);
     * pages already mapped keep their contents and get the new protection.
     */
    public synchronized void map(long start, long length, int prot) {
        checkRange(start, length);
        for (long vpn = start >>> PAGE_SHIFT; vpn < (start + length) >>> PAGE_SHIFT; vpn++) {
            int state = state(vpn);
            if ((state & MAPPED) == 0) {
                mappedPages++;
            }
            clearFastEntries(vpn);
            setState(vpn, (state & ~PROT_MASK) | MAPPED | (prot & PROT_MASK));
        }
    }

    /** Unmaps the pages of [start, start+length), freeing their frames; unmapped pages are skipped. */
    public synchronized void unmap(long start, long length) {
        checkRange(start, length);
        for (long vpn = start >>> PAGE_SHIFT; vpn < (start + length) >>> PAGE_SHIFT; vpn++) {
            if (states[(int) (vpn >>> LEAF_BITS)] == NO_STATES) {
                vpn |= LEAF_MASK; // a whole leaf with nothing mapped
                continue;
            }
            int state = state(vpn);
            if ((state & MAPPED) != 0) {
                releaseFrame(vpn, state);
                setState(vpn, 0);
                mappedPages--;
            }
        }
    }

    /** Changes the protection of the mapped pages of [start, start+length). */
    public synchronized void protect(long start, long length, int prot) {
        checkRange(start, length);
        for (long vpn = start >>> PAGE_SHIFT; vpn < (start + length) >>> PAGE_SHIFT; vpn++) {
            int state = state(vpn);
            if ((state & MAPPED) != 0) {
                clearFastEntries(vpn);
                setState(vpn, (state & ~PROT_MASK) | (prot & PROT_MASK));
            }
        }
    }

    /** Frees the frames of the mapped pages of [start, start+length): they read as zeros again. */
    public synchronized void discard(long start, long length) {
        checkRange(start, length);
        for (long vpn = start >>> PAGE_SHIFT; vpn < (start + length) >>> PAGE_SHIFT; vpn++) {
            int state = state(vpn);
            if ((state & MAPPED) != 0 && (state >>> FRAME_SHIFT) != 0) {
                releaseFrame(vpn, state);
                setState(vpn, state & (MAPPED | PROT_MASK));
            }
        }
    }

    /**
     * Moves the pages of [from, from+length), frames and protections, to [to, to+length), which must
     * not be mapped; the source is unmapped. Decoded instructions of the moved frames are dropped.
     */
    public synchronized void move(long from, long to, long length) {
        checkRange(from, length);
        checkRange(to, length);
        long pages = length >>> PAGE_SHIFT;
        int[] moved = new int[(int) pages];
        for (int i = 0; i < pages; i++) {
            long vpn = (from >>> PAGE_SHIFT) + i;
            moved[i] = state(vpn);
            clearFastEntries(vpn);
            setState(vpn, 0);
        }
        for (int i = 0; i < pages; i++) {
            long vpn = (to >>> PAGE_SHIFT) + i;
            if ((state(vpn) & MAPPED) != 0) {
                mappedPages--;
            }
            clearFastEntries(vpn);
            setState(vpn, moved[i]);
            int frame = (moved[i] >>> FRAME_SHIFT) - 1;
            if (frame >= 0) {
                frameVpn[frame] = vpn;
                invalidate(frame);
            }
        }
    }

    private void releaseFrame(long vpn, int state) {
        clearFastEntries(vpn);
        int frame = (state >>> FRAME_SHIFT) - 1;
        if (frame < 0) {
            return;
        }
        invalidate(frame);
        frameData[frame] = null;
        freeFrames[freeCount++] = frame;
    }

    private static void checkRange(long start, long length) {
        if ((start & PAGE_OFFSET_MASK) != 0 || (length & PAGE_OFFSET_MASK) != 0 || length < 0
                || Long.compareUnsigned(start, LIMIT) > 0 || Long.compareUnsigned(length, LIMIT - start) > 0) {
            throw new IllegalArgumentException(String.format("range start=0x%x length=0x%x: must be page aligned, inside [0, 0x%x)",
                    start, length, LIMIT));
        }
    }

    /** The protection of the page holding {@code address}, or -1 if it is not mapped. */
    public synchronized int protection(long address) {
        if ((address >>> ADDRESS_BITS) != 0) {
            return -1;
        }
        int state = state(address >>> PAGE_SHIFT);
        return (state & MAPPED) == 0 ? -1 : state & PROT_MASK;
    }

    /** True if every page of [address, address+length) is mapped with at least {@code prot}. */
    public synchronized boolean accessible(long address, long length, int prot) {
        if (length == 0) {
            return true;
        }
        if (length < 0 || Long.compareUnsigned(address, LIMIT) >= 0 || Long.compareUnsigned(length, LIMIT - address) > 0) {
            return false;
        }
        for (long vpn = address >>> PAGE_SHIFT; vpn <= (address + length - 1) >>> PAGE_SHIFT; vpn++) {
            int state = state(vpn);
            if ((state & MAPPED) == 0 || (state & prot) != prot) {
                return false;
            }
        }
        return true;
    }

    /** Pages mapped now. */
    public synchronized long mappedPages() {
        return mappedPages;
    }

    /** Frames in use now (pages that were touched and not freed since). */
    public synchronized int framesInUse() {
        return framesUsed - freeCount;
    }

    // ---- Memory: instruction fetch, atomics, host accesses ----

    @Override
    public int codePage(long pc) {
        if ((pc >>> ADDRESS_BITS) != 0) {
            return -1;
        }
        int state = state(pc >>> PAGE_SHIFT);
        if ((state & (MAPPED | PROT_EXEC)) != (MAPPED | PROT_EXEC)) {
            return -1;
        }
        if ((state >>> FRAME_SHIFT) == 0) {
            try {
                resolve(pc, PROT_EXEC, MemoryFault.Kind.FETCH);
            } catch (MemoryFault fault) {
                return -1;
            }
            state = state(pc >>> PAGE_SHIFT);
        }
        return (state >>> FRAME_SHIFT) - 1;
    }

    @Override
    public synchronized int frameOf(long address) {
        if ((address >>> ADDRESS_BITS) != 0) {
            return -1;
        }
        int state = state(address >>> PAGE_SHIFT);
        return (state & MAPPED) == 0 ? -1 : (state >>> FRAME_SHIFT) - 1;
    }

    @Override
    public boolean contiguous() {
        return false;
    }

    /** An instruction parcel: the page must be mapped (execute permission is checked by {@link #codePage}). */
    @Override
    public int fetch16(long address) {
        if (!contains(address, 2)) {
            throw new MemoryFault(MemoryFault.Kind.FETCH, address);
        }
        byte[] two = new byte[2];
        read(address, two, 0, 2);
        return (two[0] & 0xFF) | (two[1] & 0xFF) << 8;
    }

    private byte[] atomicPage(long address, int length, int prot) {
        if ((address & (length - 1)) != 0) {
            throw new MemoryFault(MemoryFault.Kind.MISALIGNED_ATOMIC, address);
        }
        byte[] page = prot == PROT_READ ? readablePage(address) : writablePage(address);
        return page != null ? page : resolve(address, prot, MemoryFault.Kind.STORE);
    }

    /** After an atomic write through a page that may have come from the slow path (a code page). */
    private void afterAtomicStore(long address) {
        if (writablePage(address) == null) {
            synchronized (this) {
                afterGuestStore(address);
            }
        }
    }

    @Override
    public long loadReserved32(long address) {
        return (int) INT.getVolatile(atomicPage(address, 4, PROT_READ), (int) address & OFFSET_MASK);
    }

    @Override
    public long loadReserved64(long address) {
        return (long) LONG.getVolatile(atomicPage(address, 8, PROT_READ), (int) address & OFFSET_MASK);
    }

    @Override
    public boolean compareAndSet32(long address, int expected, int value) {
        boolean done = INT.compareAndSet(atomicPage(address, 4, PROT_WRITE), (int) address & OFFSET_MASK, expected, value);
        if (done) {
            afterAtomicStore(address);
        }
        return done;
    }

    @Override
    public boolean compareAndSet64(long address, long expected, long value) {
        boolean done = LONG.compareAndSet(atomicPage(address, 8, PROT_WRITE), (int) address & OFFSET_MASK, expected, value);
        if (done) {
            afterAtomicStore(address);
        }
        return done;
    }

    @Override
    public int getAndSet32(long address, int value) {
        int old = (int) INT.getAndSet(atomicPage(address, 4, PROT_WRITE), (int) address & OFFSET_MASK, value);
        afterAtomicStore(address);
        return old;
    }

    @Override
    public long getAndSet64(long address, long value) {
        long old = (long) LONG.getAndSet(atomicPage(address, 8, PROT_WRITE), (int) address & OFFSET_MASK, value);
        afterAtomicStore(address);
        return old;
    }

    @Override
    public int getAndAdd32(long address, int value) {
        int old = (int) INT.getAndAdd(atomicPage(address, 4, PROT_WRITE), (int) address & OFFSET_MASK, value);
        afterAtomicStore(address);
        return old;
    }

    @Override
    public long getAndAdd64(long address, long value) {
        long old = (long) LONG.getAndAdd(atomicPage(address, 8, PROT_WRITE), (int) address & OFFSET_MASK, value);
        afterAtomicStore(address);
        return old;
    }

    /** True if every page of [address, address+length) is mapped, whatever its protection. */
    @Override
    public synchronized boolean contains(long address, long length) {
        if (length < 0 || Long.compareUnsigned(address, LIMIT) >= 0 || Long.compareUnsigned(length, LIMIT - address) > 0) {
            return false;
        }
        for (long vpn = address >>> PAGE_SHIFT; length > 0 && vpn <= (address + length - 1) >>> PAGE_SHIFT; vpn++) {
            if ((state(vpn) & MAPPED) == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void read(long address, byte[] destination, int destinationOffset, int length) {
        if (!contains(address, length)) {
            throw new MemoryFault(MemoryFault.Kind.LOAD, firstUnmapped(address, length));
        }
        int done = 0;
        while (done < length) {
            long at = address + done;
            int offset = (int) at & OFFSET_MASK;
            int chunk = Math.min(length - done, PAGE_SIZE - offset);
            int state = state(at >>> PAGE_SHIFT);
            if ((state >>> FRAME_SHIFT) == 0) {
                Arrays.fill(destination, destinationOffset + done, destinationOffset + done + chunk, (byte) 0);
            } else {
                System.arraycopy(frameData[(state >>> FRAME_SHIFT) - 1], offset, destination, destinationOffset + done, chunk);
            }
            done += chunk;
        }
    }

    @Override
    public void write(long address, byte[] source, int sourceOffset, int length) {
        copyIn(address, source, sourceOffset, length);
    }

    @Override
    public void zero(long address, long length) {
        copyIn(address, null, 0, length);
    }

    /** Host write of {@code source} (or zeros when null), frames allocated as needed, then the caches told. */
    private synchronized void copyIn(long address, byte[] source, int sourceOffset, long length) {
        if (!contains(address, length)) {
            throw new MemoryFault(MemoryFault.Kind.STORE, firstUnmapped(address, length));
        }
        hostWrite(() -> copyPages(address, source, sourceOffset, length));
        if (length <= 0) {
            return;
        }
        VarHandle.fullFence();
        for (long vpn = address >>> PAGE_SHIFT; vpn <= (address + length - 1) >>> PAGE_SHIFT; vpn++) {
            int frame = (state(vpn) >>> FRAME_SHIFT) - 1;
            if (frame >= 0) {
                dropDecoded(frame);
            }
        }
    }

    /** The copy of {@link #copyIn}, under the host-write sequence. */
    private void copyPages(long address, byte[] source, int sourceOffset, long length) {
        long done = 0;
        while (done < length) {
            long at = address + done;
            int offset = (int) at & OFFSET_MASK;
            int chunk = (int) Math.min(length - done, PAGE_SIZE - offset);
            long vpn = at >>> PAGE_SHIFT;
            int state = state(vpn);
            if ((state >>> FRAME_SHIFT) == 0) {
                if (source == null) {
                    done += chunk;
                    continue; // no frame yet: it reads as zeros already
                }
                state = allocateFrame(vpn, state);
                if (state < 0) {
                    throw new MemoryFault(MemoryFault.Kind.STORE, at);
                }
            }
            byte[] data = frameData[(state >>> FRAME_SHIFT) - 1];
            if (source == null) {
                Arrays.fill(data, offset, offset + chunk, (byte) 0);
            } else {
                System.arraycopy(source, sourceOffset + (int) done, data, offset, chunk);
            }
            done += chunk;
        }
    }

    private long firstUnmapped(long address, long length) {
        if (Long.compareUnsigned(address, LIMIT) >= 0) {
            return address;
        }
        for (long vpn = address >>> PAGE_SHIFT; vpn < LIMIT >>> PAGE_SHIFT; vpn++) {
            if ((state(vpn) & MAPPED) == 0) {
                return Math.max(address, vpn << PAGE_SHIFT);
            }
        }
        return address + length;
    }

    @Override
    public synchronized String describeFault(MemoryFault.Kind kind, long address) {
        String where = "address 0x" + Long.toHexString(address);
        int prot = protection(address);
        if (prot < 0) {
            return where + " is not mapped";
        }
        int needed = switch (kind) {
            case LOAD -> PROT_READ;
            case STORE, MISALIGNED_ATOMIC -> PROT_WRITE;
            case FETCH -> PROT_EXEC;
        };
        if ((prot & needed) == 0) {
            return where + " is mapped " + describe(prot) + ": not " + (needed == PROT_READ ? "readable"
                    : needed == PROT_WRITE ? "writable" : "executable");
        }
        if (exhausted) {
            return where + " cannot be given memory: all " + (pageCount() >> (20 - PAGE_SHIFT))
                    + " MiB of guest memory are in use (ramSize=" + ((long) pageCount() << PAGE_SHIFT) + ")";
        }
        return where + " is mapped " + describe(prot);
    }

    /** {@code "PROT_READ|PROT_WRITE"}, {@code "PROT_NONE"}. */
    public static String describe(int prot) {
        if ((prot & PROT_MASK) == 0) {
            return "PROT_NONE";
        }
        StringBuilder text = new StringBuilder();
        String[] names = {"PROT_READ", "PROT_WRITE", "PROT_EXEC"};
        for (int bit = 0; bit < names.length; bit++) {
            if ((prot & (1 << bit)) != 0) {
                text.append(text.length() == 0 ? "" : "|").append(names[bit]);
            }
        }
        return text.toString();
    }

    /** True once an access found every frame in use (the guest ran out of memory). */
    public synchronized boolean exhausted() {
        return exhausted;
    }
}
