package io.fgraph.emulator.elf;

import java.util.Arrays;

/**
 * Bounds-checked little-endian view of an ELF image.
 *
 * <p>Every file offset taken from the image is an unsigned 64-bit value; {@link #region} checks
 * such an offset and length against the file size with overflow-safe arithmetic and only then
 * hands back an {@code int} offset, so the fixed-width readers can never index out of bounds.
 */
final class ElfBytes {

    private final byte[] bytes;

    ElfBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The file size in bytes. */
    int length() {
        return bytes.length;
    }

    /**
     * Checks that {@code [offset, offset + length)} lies inside the file.
     *
     * @param offset unsigned file offset
     * @param length unsigned length in bytes
     * @param what   names the structure for the error message, e.g. {@code "program header 2"}
     * @return the offset as an int, valid for {@code length} bytes
     * @throws ElfFormatException if the region extends past the end of the file
     */
    int region(long offset, long length, String what) throws ElfFormatException {
        long size = bytes.length;
        if (Long.compareUnsigned(offset, size) > 0 || Long.compareUnsigned(length, size - offset) > 0) {
            throw new ElfFormatException(String.format(
                    "truncated: %s at offset 0x%x extends past end of file (length=0x%x, size=%d)",
                    what, offset, length, size));
        }
        return (int) offset;
    }

    /** Unsigned byte at {@code offset}. */
    int u8(int offset) throws ElfFormatException {
        check(offset, 1);
        return bytes[offset] & 0xff;
    }

    /** Unsigned little-endian 16-bit value at {@code offset}. */
    int u16(int offset) throws ElfFormatException {
        check(offset, 2);
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8;
    }

    /** Unsigned little-endian 32-bit value at {@code offset}. */
    long u32(int offset) throws ElfFormatException {
        check(offset, 4);
        return Integer.toUnsignedLong(rawU32(offset));
    }

    /** Little-endian 64-bit value at {@code offset} (to be treated as unsigned). */
    long u64(int offset) throws ElfFormatException {
        check(offset, 8);
        return Integer.toUnsignedLong(rawU32(offset)) | (long) rawU32(offset + 4) << 32;
    }

    /** Copy of {@code length} bytes at {@code offset}. */
    byte[] copy(int offset, int length) throws ElfFormatException {
        check(offset, length);
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /** Index of the first zero byte in {@code [from, end)}, or -1 if there is none. */
    int indexOfNul(int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The backing array; callers must not modify it. */
    byte[] raw() {
        return bytes;
    }

    private int rawU32(int offset) {
        return (bytes[offset] & 0xff)
                | (bytes[offset + 1] & 0xff) << 8
                | (bytes[offset + 2] & 0xff) << 16
                | (bytes[offset + 3] & 0xff) << 24;
    }

    private void check(int offset, int length) throws ElfFormatException {
        if (offset < 0 || length < 0 || length > bytes.length - offset) {
            throw new ElfFormatException(String.format(
                    "truncated: read at offset 0x%x (length=%d) past end of file (size=%d)",
                    offset, length, bytes.length));
        }
    }
}
