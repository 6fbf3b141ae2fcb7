package io.fgraph.core;

/**
 * A flyweight over one user's data block in a shadow stack frame ({@link EntryContext#reserveData},
 * {@link ReturnContext#retrieveData}, {@link ReturnContext#retrieveParentData}). Offsets are in bytes,
 * values little-endian. A block is valid only during the callback that obtained it.
 */
public final class DataBlock {
    public DataBlock() {
    }

    private long[] words;
    private int first;
    private int lengthWords;

    /** A block over all of {@code words} (for data kept outside a shadow stack, e.g. a pooled instance). */
    public static DataBlock over(long[] words) {
        return new DataBlock().wrap(words, 0, words.length);
    }

    /**
     * Points {@code into} at the {@code lengthBytes} of this block from byte {@code offsetBytes}
     * (both multiples of 8) and returns it: one user's block shared by several parts of its state.
     */
    public DataBlock slice(int offsetBytes, int lengthBytes, DataBlock into) {
        if ((offsetBytes & 7) != 0 || (lengthBytes & 7) != 0 || offsetBytes < 0 || lengthBytes < 0
                || offsetBytes + lengthBytes > lengthWords * Long.BYTES) {
            throw new IndexOutOfBoundsException("offset=" + offsetBytes + " length=" + lengthBytes
                    + ": not whole words inside the " + lengthBytes() + "-byte data block");
        }
        return into.wrap(words, first + offsetBytes / Long.BYTES, lengthBytes / Long.BYTES);
    }

    DataBlock wrap(long[] words, int first, int lengthWords) {
        this.words = words;
        this.first = first;
        this.lengthWords = lengthWords;
        return this;
    }

    /** Size in bytes (a multiple of 8: reservations round up to whole words). */
    public int lengthBytes() {
        return lengthWords * Long.BYTES;
    }

    public long getLong(int offset) {
        check(offset, Long.BYTES);
        if ((offset & 7) == 0) {
            return words[first + (offset >>> 3)];
        }
        long value = 0;
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            value = (value << 8) | (getByte(offset + i) & 0xFFL);
        }
        return value;
    }

    public DataBlock putLong(int offset, long value) {
        check(offset, Long.BYTES);
        if ((offset & 7) == 0) {
            words[first + (offset >>> 3)] = value;
            return this;
        }
        for (int i = 0; i < Long.BYTES; i++) {
            putByte(offset + i, (byte) (value >>> (8 * i)));
        }
        return this;
    }

    public int getInt(int offset) {
        check(offset, Integer.BYTES);
        int value = 0;
        for (int i = Integer.BYTES - 1; i >= 0; i--) {
            value = (value << 8) | (getByte(offset + i) & 0xFF);
        }
        return value;
    }

    public DataBlock putInt(int offset, int value) {
        check(offset, Integer.BYTES);
        for (int i = 0; i < Integer.BYTES; i++) {
            putByte(offset + i, (byte) (value >>> (8 * i)));
        }
        return this;
    }

    public short getShort(int offset) {
        check(offset, Short.BYTES);
        return (short) ((getByte(offset) & 0xFF) | (getByte(offset + 1) << 8));
    }

    public DataBlock putShort(int offset, short value) {
        check(offset, Short.BYTES);
        putByte(offset, (byte) value);
        putByte(offset + 1, (byte) (value >>> 8));
        return this;
    }

    public byte getByte(int offset) {
        check(offset, 1);
        return (byte) (words[first + (offset >>> 3)] >>> ((offset & 7) * 8));
    }

    public DataBlock putByte(int offset, byte value) {
        check(offset, 1);
        int index = first + (offset >>> 3);
        int shift = (offset & 7) * 8;
        words[index] = (words[index] & ~(0xFFL << shift)) | ((value & 0xFFL) << shift);
        return this;
    }

    private void check(int offset, int length) {
        // one test for both ends: negative when offset < 0 or offset + length > the block's size
        if ((offset | (lengthWords * Long.BYTES - length - offset)) < 0) {
            throw new IndexOutOfBoundsException("offset=" + offset + " length=" + length
                    + ": outside the " + lengthBytes() + "-byte data block");
        }
    }
}
