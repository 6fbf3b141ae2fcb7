package io.fgraph.emulator.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Guest physical memory: one flat little-endian RAM region shared by all harts.
 *
 * <p>Misaligned loads and stores succeed (the ISA tests expect it). Every write checks, with one
 * array read, whether the page holds decoded instructions; if so the decode caches that hold the
 * page are told, so stores, text patching from Java and DMA-like host writes are all coherent with
 * instruction fetch. Atomics use the byte-array view's atomic access modes, which is what makes
 * LR/SC and AMOs correct when harts run on several host threads.
 */
public final class Memory {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    public static final long PAGE_OFFSET_MASK = PAGE_SIZE - 1;
    /** Decode caches (one per hart) that can subscribe to code writes; one bit each in {@link #codeOwners}. */
    public static final int MAX_CODE_LISTENERS = 64;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Atomic access to {@link #codeOwners}: decode caches of several host threads mark and unmark bits. */
    private static final VarHandle OWNERS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long base;
    private final byte[] ram;
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

    public Memory(long base, int size) {
        if (size <= 0 || (size & PAGE_OFFSET_MASK) != 0) {
            throw new IllegalArgumentException("ramSize=" + size + ": must be a positive multiple of " + PAGE_SIZE);
        }
        if ((base & PAGE_OFFSET_MASK) != 0) {
            throw new IllegalArgumentException("ramBase=0x" + Long.toHexString(base) + ": must be page aligned");
        }
        this.base = base;
        this.ram = new byte[size];
        this.codeOwners = new long[size >>> PAGE_SHIFT];
        this.textPatches = new TextPatches(this);
    }

    /** The instructions hooks have patched over, with the program's own bytes (see {@link TextPatches}). */
    public TextPatches textPatches() {
        return textPatches;
    }

    public long base() {
        return base;
    }

    public int size() {
        return ram.length;
    }

    public long end() {
        return base + ram.length;
    }

    public int pageCount() {
        return codeOwners.length;
    }

    /** True if [address, address+length) lies inside RAM. */
    public boolean contains(long address, long length) {
        long offset = address - base;
        return offset >= 0 && length >= 0 && offset <= ram.length - length;
    }

    /** Registers the decode cache numbered {@code owner} (0..63). */
    public void setCodeWriteListener(int owner, CodeWriteListener listener) {
        listeners[owner] = listener;
    }

    /** Marks a RAM page as holding instructions decoded by {@code owner}. */
    public void markCode(int pageIndex, int owner) {
        OWNERS.getAndBitwiseOr(codeOwners, pageIndex, 1L << owner);
    }

    /** Clears {@code owner}'s mark on a page (its decode was dropped). */
    public void unmarkCode(int pageIndex, int owner) {
        OWNERS.getAndBitwiseAnd(codeOwners, pageIndex, ~(1L << owner));
    }

    private int offset(long address, int length, MemoryFault.Kind kind) {
        long offset = address - base;
        if (offset < 0 || offset > ram.length - length) {
            throw new MemoryFault(kind, address);
        }
        return (int) offset;
    }

    public long load8(long address) {
        return ram[offset(address, 1, MemoryFault.Kind.LOAD)];
    }

    public long load16(long address) {
        return (short) SHORT.get(ram, offset(address, 2, MemoryFault.Kind.LOAD));
    }

    public long load32(long address) {
        return (int) INT.get(ram, offset(address, 4, MemoryFault.Kind.LOAD));
    }

    public long load64(long address) {
        return (long) LONG.get(ram, offset(address, 8, MemoryFault.Kind.LOAD));
    }

    /** Reads a 16-bit instruction parcel (zero-extended). */
    public int fetch16(long address) {
        return (short) SHORT.get(ram, offset(address, 2, MemoryFault.Kind.FETCH)) & 0xFFFF;
    }

    public void store8(long address, long value) {
        int offset = offset(address, 1, MemoryFault.Kind.STORE);
        ram[offset] = (byte) value;
        checkCode(offset, 1);
    }

    public void store16(long address, long value) {
        int offset = offset(address, 2, MemoryFault.Kind.STORE);
        SHORT.set(ram, offset, (short) value);
        checkCode(offset, 2);
    }

    public void store32(long address, long value) {
        int offset = offset(address, 4, MemoryFault.Kind.STORE);
        INT.set(ram, offset, (int) value);
        checkCode(offset, 4);
    }

    public void store64(long address, long value) {
        int offset = offset(address, 8, MemoryFault.Kind.STORE);
        LONG.set(ram, offset, value);
        checkCode(offset, 8);
    }

    /**
     * After a guest store: a plain read of the owners (the store path stays cheap). A hart that stores
     * into code another hart runs is seen by that hart after its {@code fence.i}, as the ISA requires.
     */
    private void checkCode(int offset, int length) {
        int first = offset >>> PAGE_SHIFT;
        if (codeOwners[first] != 0) {
            invalidate(first);
        }
        int last = (offset + length - 1) >>> PAGE_SHIFT;
        if (last != first && codeOwners[last] != 0) {
            invalidate(last);
        }
    }

    private void invalidate(int pageIndex) {
        long owners = (long) OWNERS.getAndSet(codeOwners, pageIndex, 0L);
        while (owners != 0) {
            int owner = Long.numberOfTrailingZeros(owners);
            owners &= owners - 1;
            CodeWriteListener listener = listeners[owner];
            if (listener != null) {
                listener.onCodeWrite(pageIndex);
            }
        }
    }

    /** Copies {@code length} bytes of guest memory out (for Java tools: symbols, strings, semihosting). */
    public void read(long address, byte[] destination, int destinationOffset, int length) {
        int offset = offset(address, length, MemoryFault.Kind.LOAD);
        System.arraycopy(ram, offset, destination, destinationOffset, length);
    }

    public byte[] read(long address, int length) {
        byte[] bytes = new byte[length];
        read(address, bytes, 0, length);
        return bytes;
    }

    /**
     * Writes host bytes into guest memory, coherently with the decode caches: every cache holding a
     * written page drops it. A hart on another thread may still run the page it holds until its next
     * safepoint; {@code Machine.patchText} waits for that.
     */
    public void write(long address, byte[] source, int sourceOffset, int length) {
        int offset = offset(address, length, MemoryFault.Kind.STORE);
        synchronized (hostWriteLock) {
            HOST_WRITES.getAndAdd(this, 1L); // odd; a full fence: the copy cannot move above it
            System.arraycopy(source, sourceOffset, ram, offset, length);
            HOST_WRITES.getAndAdd(this, 1L);
        }
        dropDecodedPages(offset, length);
    }

    /**
     * Opens a read of instruction bytes that a host write may change meanwhile (a hook patching
     * text while harts run on other threads): read the bytes, then check {@link #unchangedSince}
     * and read again if it fails. As {@code StampedLock.tryOptimisticRead}.
     */
    public long hostWriteStamp() {
        return (long) HOST_WRITES.getAcquire(this);
    }

    /** True if no host write started or ran since {@code stamp} was taken: the bytes read are whole. */
    public boolean unchangedSince(long stamp) {
        VarHandle.acquireFence(); // the reads of the bytes happen before the second read of the sequence
        return (stamp & 1) == 0 && (long) HOST_WRITES.getAcquire(this) == stamp;
    }

    /**
     * The fence orders the bytes just written before the read of the owners; a decode cache marks a
     * page (an atomic update) before it reads its bytes. So either the write sees the mark and drops
     * the page, or the cache decodes the new bytes.
     */
    private void dropDecodedPages(int offset, long length) {
        if (length <= 0) {
            return;
        }
        VarHandle.fullFence();
        for (long page = offset >>> PAGE_SHIFT; page <= (offset + length - 1) >>> PAGE_SHIFT; page++) {
            if ((long) OWNERS.getVolatile(codeOwners, (int) page) != 0) {
                invalidate((int) page);
            }
        }
    }

    public void write(long address, byte[] source) {
        write(address, source, 0, source.length);
    }

    /** Zero-fills [address, address+length). */
    public void zero(long address, long length) {
        if (!contains(address, length)) {
            throw new MemoryFault(MemoryFault.Kind.STORE, address);
        }
        int offset = (int) (address - base);
        synchronized (hostWriteLock) {
            HOST_WRITES.getAndAdd(this, 1L);
            Arrays.fill(ram, offset, offset + (int) length, (byte) 0);
            HOST_WRITES.getAndAdd(this, 1L);
        }
        dropDecodedPages(offset, length);
    }

    /** Reads a NUL-terminated string of at most {@code max} bytes, decoded as UTF-8. */
    public String readCString(long address, int max) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < max; i++) {
            byte b = ram[offset(address + i, 1, MemoryFault.Kind.LOAD)];
            if (b == 0) {
                break;
            }
            out.write(b);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    // ---- atomics: naturally aligned only (a misaligned AMO raises a guest trap) ----

    private int atomicOffset(long address, int length) {
        if ((address & (length - 1)) != 0) {
            throw new MemoryFault(MemoryFault.Kind.MISALIGNED_ATOMIC, address);
        }
        return offset(address, length, MemoryFault.Kind.STORE);
    }

    public long loadReserved32(long address) {
        return (int) INT.getVolatile(ram, atomicOffset(address, 4));
    }

    public long loadReserved64(long address) {
        return (long) LONG.getVolatile(ram, atomicOffset(address, 8));
    }

    public boolean compareAndSet32(long address, int expected, int value) {
        int offset = atomicOffset(address, 4);
        boolean done = INT.compareAndSet(ram, offset, expected, value);
        if (done) {
            checkCode(offset, 4);
        }
        return done;
    }

    public boolean compareAndSet64(long address, long expected, long value) {
        int offset = atomicOffset(address, 8);
        boolean done = LONG.compareAndSet(ram, offset, expected, value);
        if (done) {
            checkCode(offset, 8);
        }
        return done;
    }

    public int getAndSet32(long address, int value) {
        int offset = atomicOffset(address, 4);
        int old = (int) INT.getAndSet(ram, offset, value);
        checkCode(offset, 4);
        return old;
    }

    public long getAndSet64(long address, long value) {
        int offset = atomicOffset(address, 8);
        long old = (long) LONG.getAndSet(ram, offset, value);
        checkCode(offset, 8);
        return old;
    }

    public int getAndAdd32(long address, int value) {
        int offset = atomicOffset(address, 4);
        int old = (int) INT.getAndAdd(ram, offset, value);
        checkCode(offset, 4);
        return old;
    }

    public long getAndAdd64(long address, long value) {
        int offset = atomicOffset(address, 8);
        long old = (long) LONG.getAndAdd(ram, offset, value);
        checkCode(offset, 8);
        return old;
    }
}
