package io.fgraph.emulator.elf;

import java.util.Arrays;
import java.util.Objects;

/**
 * A {@code PT_LOAD} segment: the bytes to place in memory before the program starts.
 *
 * <p>The loader copies {@link #fileBytes()} to {@link #physicalAddress()} (the load address;
 * picolibc's {@code .data} is loaded into flash and copied to RAM by crt0) and zero-fills the
 * remaining {@code memorySize - fileBytes.length} bytes. The address fields are unsigned; the
 * parser guarantees {@code fileBytes.length <= memorySize <= 4 GiB} and that neither
 * {@code [physicalAddress, +memorySize)} nor {@code [virtualAddress, +memorySize)} wraps past 2^64.
 *
 * <p>The byte array is copied on construction and on access, so instances are immutable;
 * {@link #fileSize()} gives the length without copying.
 *
 * @param physicalAddress {@code p_paddr}: where the bytes are loaded
 * @param virtualAddress  {@code p_vaddr}: where the program expects them at run time
 * @param fileBytes       the {@code p_filesz} bytes present in the file
 * @param memorySize      {@code p_memsz}: total bytes occupied in memory
 * @param flags           {@code p_flags}: a combination of {@link #PF_R}, {@link #PF_W}, {@link #PF_X}
 */
public record LoadSegment(long physicalAddress, long virtualAddress, byte[] fileBytes, long memorySize, int flags) {

    /** Segment is executable. */
    public static final int PF_X = 0x1;
    /** Segment is writable. */
    public static final int PF_W = 0x2;
    /** Segment is readable. */
    public static final int PF_R = 0x4;

    /**
     * Creates a segment, copying {@code fileBytes}.
     *
     * @throws IllegalArgumentException if {@code fileBytes} is longer than {@code memorySize}
     */
    public LoadSegment {
        fileBytes = Objects.requireNonNull(fileBytes, "fileBytes").clone();
        if (Long.compareUnsigned(fileBytes.length, memorySize) > 0) {
            throw new IllegalArgumentException(String.format(
                    "fileBytes.length=%d exceeds memorySize=0x%x", fileBytes.length, memorySize));
        }
    }

    /** A copy of the bytes present in the file. */
    @Override
    public byte[] fileBytes() {
        return fileBytes.clone();
    }

    /** Number of bytes present in the file ({@code p_filesz}). */
    public int fileSize() {
        return fileBytes.length;
    }

    /** Whether {@link #PF_R} is set. */
    public boolean readable() {
        return (flags & PF_R) != 0;
    }

    /** Whether {@link #PF_W} is set. */
    public boolean writable() {
        return (flags & PF_W) != 0;
    }

    /** Whether {@link #PF_X} is set. */
    public boolean executable() {
        return (flags & PF_X) != 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LoadSegment that
                && physicalAddress == that.physicalAddress
                && virtualAddress == that.virtualAddress
                && memorySize == that.memorySize
                && flags == that.flags
                && Arrays.equals(fileBytes, that.fileBytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(physicalAddress, virtualAddress, memorySize, flags, Arrays.hashCode(fileBytes));
    }

    @Override
    public String toString() {
        return String.format("LoadSegment[paddr=0x%x, vaddr=0x%x, filesz=0x%x, memsz=0x%x, flags=%s%s%s]",
                physicalAddress, virtualAddress, fileBytes.length, memorySize,
                readable() ? "R" : "-", writable() ? "W" : "-", executable() ? "X" : "-");
    }
}
