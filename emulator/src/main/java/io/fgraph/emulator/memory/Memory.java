package io.fgraph.emulator.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Guest memory as the harts and the Java tools see it: little-endian loads and stores, the atomic
 * accesses of the A extension, host copies in and out, and what the decode caches need.
 *
 * <p>Two implementations: {@link FlatMemory}, one flat RAM region (the bare-metal platform), and
 * {@link PagedMemory}, a sparse user address space with page protections (the Linux platform).
 * A machine uses one of them for its whole life, so the interpreter's calls stay monomorphic.
 *
 * <p>Storage is counted in <em>frames</em> of {@link #PAGE_SIZE} bytes, numbered 0 to
 * {@link #pageCount()}-1: the RAM pages of a flat memory, the physical pages backing a paged one.
 * Decode caches index their pages by frame. Every write checks, with one array read, whether its
 * frame holds decoded instructions; if so the decode caches that hold it are told, so guest stores,
 * text patching from Java and host writes are all coherent with instruction fetch.
 *
 * <p>Misaligned loads and stores succeed (the ISA tests expect it); misaligned atomics throw a
 * {@link MemoryFault} of kind {@code MISALIGNED_ATOMIC}. Faults are {@link MemoryFault}s.
 */
public abstract class Memory {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    public static final long PAGE_OFFSET_MASK = PAGE_SIZE - 1;
    /** Decode caches (one per hart) that can subscribe to code writes; one bit each in {@link #codeOwners}. */
    public static final int MAX_CODE_LISTENERS = 64;

    /** Atomic access to {@link #codeOwners}: decode caches of several host threads mark and unmark bits. */
    private static final VarHandle OWNERS = MethodHandles.arrayElementVarHandle(long[].class);

    /** Per frame: the decode caches (bit = owner) that hold decoded instructions of it. */
    private final long[] codeOwners;
    private final CodeWriteListener[] listeners = new CodeWriteListener[MAX_CODE_LISTENERS];
    private final TextPatches textPatches;
    /**
     * A sequence lock over host writes ({@link #write}, {@link #zero}): odd while one is under way.
     * Instruction decoding reads its parcels between two reads of it and retries when it moved, so
     * a hart on another thread never decodes half of a patched instruction (see {@link #hostWriteStamp}).
     */
    @SuppressWarnings("unused") // accessed through HOST_WRITES
    private volatile long hostWrites;
    private final Object hostWriteLock = new Object();
    private static final VarHandle HOST_WRITES;

    static {
        try {
            HOST_WRITES = MethodHandles.lookup().findVarHandle(Memory.class, "hostWrites", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    protected Memory(int frames) {
        this.codeOwners = new long[frames];
        this.textPatches = new TextPatches(this);
    }

    /** The instructions hooks have patched over, with the program's own bytes (see {@link TextPatches}). */
    public final TextPatches textPatches() {
        return textPatches;
    }

    /** The number of frames: decode caches size their page tables by it. */
    public final int pageCount() {
        return codeOwners.length;
    }

    // ---- guest accesses (the interpreter's) ----

    public abstract long load8(long address);

    public abstract long load16(long address);

    public abstract long load32(long address);

    public abstract long load64(long address);

    /** Reads a 16-bit instruction parcel (zero-extended), with execute permission. */
    public abstract int fetch16(long address);

    public abstract void store8(long address, long value);

    public abstract void store16(long address, long value);

    public abstract void store32(long address, long value);

    public abstract void store64(long address, long value);

    // ---- atomics: naturally aligned only (a misaligned AMO raises a guest trap) ----

    public abstract long loadReserved32(long address);

    public abstract long loadReserved64(long address);

    public abstract boolean compareAndSet32(long address, int expected, int value);

    public abstract boolean compareAndSet64(long address, long expected, long value);

    public abstract int getAndSet32(long address, int value);

    public abstract long getAndSet64(long address, long value);

    public abstract int getAndAdd32(long address, int value);

    public abstract long getAndAdd64(long address, long value);

    // ---- host accesses (Java tools: loaders, system calls, tracers) ----

    /**
     * True if [address, address+length) is guest memory the host may copy from and to (RAM, or
     * mapped pages whatever their protection: the host reads and patches read-only text).
     */
    public abstract boolean contains(long address, long length);

    /** Copies {@code length} bytes of guest memory out. */
    public abstract void read(long address, byte[] destination, int destinationOffset, int length);

    public final byte[] read(long address, int length) {
        byte[] bytes = new byte[length];
        read(address, bytes, 0, length);
        return bytes;
    }

    /**
     * Writes host bytes into guest memory, whatever the page protection, coherently with the decode
     * caches: every cache holding a written frame drops it. A hart on another thread may still run
     * the page it holds until its next safepoint; {@code Machine.patchText} waits for that.
     */
    public abstract void write(long address, byte[] source, int sourceOffset, int length);

    /**
     * Runs a host write's copy ({@link #write}, {@link #zero}) inside the host-write sequence: odd
     * while it runs, with a full fence on either side, so the copy cannot move out of it.
     */
    protected final void hostWrite(Runnable copy) {
        synchronized (hostWriteLock) {
            HOST_WRITES.getAndAdd(this, 1L); // odd; a full fence: the copy cannot move above it
            try {
                copy.run();
            } finally {
                HOST_WRITES.getAndAdd(this, 1L);
            }
        }
    }

    /**
     * Opens a read of instruction bytes that a host write may change meanwhile (a hook patching
     * text while harts run on other threads): read the bytes, then check {@link #unchangedSince}
     * and read again if it fails. As {@code StampedLock.tryOptimisticRead}.
     */
    public final long hostWriteStamp() {
        return (long) HOST_WRITES.getAcquire(this);
    }

    /** True if no host write started or ran since {@code stamp} was taken: the bytes read are whole. */
    public final boolean unchangedSince(long stamp) {
        VarHandle.acquireFence(); // the reads of the bytes happen before the second read of the sequence
        return (stamp & 1) == 0 && (long) HOST_WRITES.getAcquire(this) == stamp;
    }

    public final void write(long address, byte[] source) {
        write(address, source, 0, source.length);
    }

    /** Zero-fills [address, address+length). */
    public abstract void zero(long address, long length);

    /** Reads a NUL-terminated string of at most {@code max} bytes, decoded as UTF-8. */
    public String readCString(long address, int max) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] one = new byte[1];
        for (int i = 0; i < max; i++) {
            read(address + i, one, 0, 1);
            if (one[0] == 0) {
                break;
            }
            out.write(one[0]);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    // ---- what the decode caches need ----

    /** The frame holding the executable page of {@code pc}, or -1 if nothing can be fetched there. */
    public abstract int codePage(long pc);

    /**
     * The frame backing the page of {@code address} whatever its protection, or -1 if it has none
     * (outside RAM, unmapped, or never written): {@link TextPatches} keys its patches by it.
     */
    public abstract int frameOf(long address);


    /**
     * True if the page after a frame's page is always the next frame (flat RAM): a decode cache may
     * then keep an instruction that straddles into the next page, watching that frame for writes.
     */
    public abstract boolean contiguous();

    /** Registers the decode cache numbered {@code owner} (0..63). */
    public final void setCodeWriteListener(int owner, CodeWriteListener listener) {
        listeners[owner] = listener;
    }

    /** Marks a frame as holding instructions decoded by {@code owner}. */
    public void markCode(int frame, int owner) {
        OWNERS.getAndBitwiseOr(codeOwners, frame, 1L << owner);
    }

    /** Clears {@code owner}'s mark on a frame (its decode was dropped). */
    public final void unmarkCode(int frame, int owner) {
        OWNERS.getAndBitwiseAnd(codeOwners, frame, ~(1L << owner));
    }

    /**
     * After a guest store into {@code frame}: a plain read of the owners (the store path stays
     * cheap). A hart that stores into code another hart runs is seen by that hart after its
     * {@code fence.i}, as the ISA requires.
     */
    protected final void checkCode(int frame) {
        if (codeOwners[frame] != 0) {
            invalidate(frame);
        }
    }

    /** True if some decode cache holds {@code frame} (a plain read). */
    protected final boolean holdsCode(int frame) {
        return codeOwners[frame] != 0;
    }

    /**
     * After a host write into {@code frame}. The caller issued a full fence after writing: it
     * orders the bytes written before this read of the owners, and a decode cache marks a frame (an
     * atomic update) before it reads its bytes, so either the write sees the mark and drops the
     * page, or the cache decodes the new bytes.
     */
    protected final void dropDecoded(int frame) {
        if ((long) OWNERS.getVolatile(codeOwners, frame) != 0) {
            invalidate(frame);
        }
    }

    /** Tells every decode cache holding {@code frame} to drop it. */
    protected final void invalidate(int frame) {
        long owners = (long) OWNERS.getAndSet(codeOwners, frame, 0L);
        while (owners != 0) {
            int owner = Long.numberOfTrailingZeros(owners);
            owners &= owners - 1;
            CodeWriteListener listener = listeners[owner];
            if (listener != null) {
                listener.onCodeWrite(frame);
            }
        }
    }

    // ---- reports ----

    /**
     * Why an access of {@code kind} at {@code address} faulted, for a one-line report:
     * {@code "address 0x90000000 is outside RAM [0x80000000, 0x84000000)"}.
     */
    public abstract String describeFault(MemoryFault.Kind kind, long address);
}
