package io.fgraph.emulator.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Guest physical memory: one flat little-endian RAM region shared by all harts (the bare-metal
 * platform's). Frame {@code i} is the RAM page at {@code base + i * PAGE_SIZE}; there are no
 * protections, and any access outside RAM faults.
 *
 * <p>Atomics use the byte-array view's atomic access modes, which is what makes LR/SC and AMOs
 * correct when harts run on several host threads.
 */
public final class FlatMemory extends Memory {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long base;
    private final byte[] ram;

    public FlatMemory(long base, int size) {
        super(checkedFrames(base, size));
        this.base = base;
        this.ram = new byte[size];
    }

    private static int checkedFrames(long base, int size) {
        if (size <= 0 || (size & PAGE_OFFSET_MASK) != 0) {
            throw new IllegalArgumentException("ramSize=" + size + ": must be a positive multiple of " + PAGE_SIZE);
        }
        if ((base & PAGE_OFFSET_MASK) != 0) {
            throw new IllegalArgumentException("ramBase=0x" + Long.toHexString(base) + ": must be page aligned");
        }
        return size >>> PAGE_SHIFT;
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

    /** True if [address, address+length) lies inside RAM. */
    @Override
    public boolean contains(long address, long length) {
        long offset = address - base;
        return offset >= 0 && length >= 0 && offset <= ram.length - length;
    }

    @Override
    public int codePage(long pc) {
        long offset = pc - base;
        if (offset < 0 || offset >= ram.length) {
            return -1;
        }
        return (int) (offset >>> PAGE_SHIFT);
    }

    @Override
    public int frameOf(long address) {
        return codePage(address);
    }

    @Override
    public boolean contiguous() {
        return true;
    }

    @Override
    public String describeFault(MemoryFault.Kind kind, long address) {
        return "address 0x" + Long.toHexString(address) + " is outside RAM [0x" + Long.toHexString(base) + ", 0x"
                + Long.toHexString(end()) + ")";
    }

    private int offset(long address, int length, MemoryFault.Kind kind) {
        long offset = address - base;
        if (offset < 0 || offset > ram.length - length) {
            throw new MemoryFault(kind, address);
        }
        return (int) offset;
    }

    @Override
    public long load8(long address) {
        return ram[offset(address, 1, MemoryFault.Kind.LOAD)];
    }

    @Override
    public long load16(long address) {
        return (short) SHORT.get(ram, offset(address, 2, MemoryFault.Kind.LOAD));
    }

    @Override
    public long load32(long address) {
        return (int) INT.get(ram, offset(address, 4, MemoryFault.Kind.LOAD));
    }

    @Override
    public long load64(long address) {
        return (long) LONG.get(ram, offset(address, 8, MemoryFault.Kind.LOAD));
    }

    @Override
    public int fetch16(long address) {
        return (short) SHORT.get(ram, offset(address, 2, MemoryFault.Kind.FETCH)) & 0xFFFF;
    }

    @Override
    public void store8(long address, long value) {
        int offset = offset(address, 1, MemoryFault.Kind.STORE);
        ram[offset] = (byte) value;
        checkCode(offset, 1);
    }

    @Override
    public void store16(long address, long value) {
        int offset = offset(address, 2, MemoryFault.Kind.STORE);
        SHORT.set(ram, offset, (short) value);
        checkCode(offset, 2);
    }

    @Override
    public void store32(long address, long value) {
        int offset = offset(address, 4, MemoryFault.Kind.STORE);
        INT.set(ram, offset, (int) value);
        checkCode(offset, 4);
    }

    @Override
    public void store64(long address, long value) {
        int offset = offset(address, 8, MemoryFault.Kind.STORE);
        LONG.set(ram, offset, value);
        checkCode(offset, 8);
    }

    private void checkCode(int offset, int length) {
        int first = offset >>> PAGE_SHIFT;
        checkCode(first);
        int last = (offset + length - 1) >>> PAGE_SHIFT;
        if (last != first) {
            checkCode(last);
        }
    }

    @Override
    public void read(long address, byte[] destination, int destinationOffset, int length) {
        int offset = offset(address, length, MemoryFault.Kind.LOAD);
        System.arraycopy(ram, offset, destination, destinationOffset, length);
    }

    @Override
    public void write(long address, byte[] source, int sourceOffset, int length) {
        int offset = offset(address, length, MemoryFault.Kind.STORE);
        hostWrite(() -> System.arraycopy(source, sourceOffset, ram, offset, length));
        dropDecodedPages(offset, length);
    }

    /** See {@link Memory#dropDecoded}: the fence orders the bytes written before the read of the owners. */
    private void dropDecodedPages(int offset, long length) {
        if (length <= 0) {
            return;
        }
        VarHandle.fullFence();
        for (long page = offset >>> PAGE_SHIFT; page <= (offset + length - 1) >>> PAGE_SHIFT; page++) {
            dropDecoded((int) page);
        }
    }

    @Override
    public void zero(long address, long length) {
        if (!contains(address, length)) {
            throw new MemoryFault(MemoryFault.Kind.STORE, address);
        }
        int offset = (int) (address - base);
        hostWrite(() -> Arrays.fill(ram, offset, offset + (int) length, (byte) 0));
        dropDecodedPages(offset, length);
    }

    @Override
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

    @Override
    public long loadReserved32(long address) {
        return (int) INT.getVolatile(ram, atomicOffset(address, 4));
    }

    @Override
    public long loadReserved64(long address) {
        return (long) LONG.getVolatile(ram, atomicOffset(address, 8));
    }

    @Override
    public boolean compareAndSet32(long address, int expected, int value) {
        int offset = atomicOffset(address, 4);
        boolean done = INT.compareAndSet(ram, offset, expected, value);
        if (done) {
            checkCode(offset, 4);
        }
        return done;
    }

    @Override
    public boolean compareAndSet64(long address, long expected, long value) {
        int offset = atomicOffset(address, 8);
        boolean done = LONG.compareAndSet(ram, offset, expected, value);
        if (done) {
            checkCode(offset, 8);
        }
        return done;
    }

    @Override
    public int getAndSet32(long address, int value) {
        int offset = atomicOffset(address, 4);
        int old = (int) INT.getAndSet(ram, offset, value);
        checkCode(offset, 4);
        return old;
    }

    @Override
    public long getAndSet64(long address, long value) {
        int offset = atomicOffset(address, 8);
        long old = (long) LONG.getAndSet(ram, offset, value);
        checkCode(offset, 8);
        return old;
    }

    @Override
    public int getAndAdd32(long address, int value) {
        int offset = atomicOffset(address, 4);
        int old = (int) INT.getAndAdd(ram, offset, value);
        checkCode(offset, 4);
        return old;
    }

    @Override
    public long getAndAdd64(long address, long value) {
        int offset = atomicOffset(address, 8);
        long old = (long) LONG.getAndAdd(ram, offset, value);
        checkCode(offset, 8);
        return old;
    }
}
