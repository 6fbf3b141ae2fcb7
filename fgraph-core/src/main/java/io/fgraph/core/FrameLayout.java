package io.fgraph.core;

/**
 * The layout of one task's shadow return stack: a fixed array of 64-bit words, one frame per hooked
 * call, lowest word first. This class owns every offset and bit position; {@link ShadowStack} only
 * uses these constants.
 *
 * <pre>
 *  word  0 .. 4  HEADER      RET | FUNC | SP | TIME | GEN
 *  word  5       META        RESERVED while entry callbacks run, then BITMAP
 *  word  6 ..    DATA blocks n data words, then a DATA word naming user and n
 *                                                        (top: next free word)
 *  Header words:
 *    RET   the caller's real return address (what ra held at entry)
 *    FUNC  the function's entry address
 *    SP    the stack pointer at entry (non-local exits are detected with it)
 *    TIME  virtual-clock time of the entry, ns
 *    GEN   the registration sequence number current when the frame was pushed
 *
 *  Meta word (META and DATA words), Linux's encoding:
 *   63                    21 20   17 16   12 11  10 9          0
 *  +------------------------+-------+-------+------+------------+
 *  |          0             | user  | words | type |   offset   |   type DATA (2)
 *  +------------------------+-------+-------+------+------------+
 *  |          0       |    bitmap (16 bits)  | type |   offset   |   type BITMAP (1) or RESERVED (0)
 *  +------------------------------------------------------------+
 *   offset: words from this word back to the frame's first header word
 *   words:  data words in the block minus one (1..32 words)
 *   user:   the index (0..15) of the user owning the block
 *   Blocks lie in rising user order: entry callbacks run lowest index first, each reserving on top.
 *
 * Worked example: users 1 and 3 want the return of a call; user 1 reserved 8 bytes, user 3 16 bytes.
 *   [h+0] RET  [h+1] FUNC  [h+2] SP  [h+3] TIME  [h+4] GEN
 *   [h+5] BITMAP 0b1010, offset 5           = 0x0000_0000_0000_A405
 *   [h+6] user 1 data
 *   [h+7] DATA user 1, 1 word, offset 7     = 0x0000_0000_0002_0807
 *   [h+8] user 3 data  [h+9] user 3 data
 *   [h+10] DATA user 3, 2 words, offset 10  = 0x0000_0000_0006_180A
 *   top = h + 11: the word below top (h+10) leads back to the header; so does every meta word.
 * </pre>
 */
public final class FrameLayout {
    private FrameLayout() {
    }

    public static final int RET_OFFSET = 0;
    public static final int FUNC_OFFSET = RET_OFFSET + 1;
    public static final int SP_OFFSET = FUNC_OFFSET + 1;
    public static final int TIME_OFFSET = SP_OFFSET + 1;
    public static final int GEN_OFFSET = TIME_OFFSET + 1;
    public static final int HEADER_WORDS = GEN_OFFSET + 1;
    public static final int META_OFFSET = HEADER_WORDS;
    /** The smallest frame: header and meta word. */
    public static final int MIN_FRAME_WORDS = HEADER_WORDS + 1;

    public static final int OFFSET_SHIFT = 0;
    public static final int OFFSET_BITS = 10;
    public static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;
    public static final int TYPE_SHIFT = OFFSET_SHIFT + OFFSET_BITS;
    public static final int TYPE_BITS = 2;
    public static final long TYPE_MASK = (1L << TYPE_BITS) - 1;
    public static final int BITMAP_SHIFT = TYPE_SHIFT + TYPE_BITS;
    public static final int BITMAP_BITS = 16;
    public static final long BITMAP_MASK = (1L << BITMAP_BITS) - 1;
    public static final int DATA_WORDS_SHIFT = TYPE_SHIFT + TYPE_BITS;
    public static final int DATA_WORDS_BITS = 5;
    public static final long DATA_WORDS_MASK = (1L << DATA_WORDS_BITS) - 1;
    public static final int DATA_USER_SHIFT = DATA_WORDS_SHIFT + DATA_WORDS_BITS;
    public static final int DATA_USER_BITS = 4;
    public static final long DATA_USER_MASK = (1L << DATA_USER_BITS) - 1;

    public static final int TYPE_RESERVED = 0;
    public static final int TYPE_BITMAP = 1;
    public static final int TYPE_DATA = 2;

    /** At most this many data words per user per call (256 bytes). */
    public static final int MAX_DATA_WORDS = 1 << DATA_WORDS_BITS;
    public static final int MAX_DATA_BYTES = MAX_DATA_WORDS * Long.BYTES;
    /** The number of user slots, the width of the bitmap. */
    public static final int MAX_USERS = BITMAP_BITS;
    /** Words per task stack: 32 KiB (Linux uses 4 KiB; 16 users may each keep up to 256 bytes per call). */
    public static final int DEFAULT_STACK_WORDS = 4096;

    public static long metaWord(int type, long bitmap, int offset) {
        return (bitmap << BITMAP_SHIFT) | ((long) type << TYPE_SHIFT) | ((long) offset << OFFSET_SHIFT);
    }

    public static long dataWord(int user, int words, int offset) {
        return ((long) user << DATA_USER_SHIFT) | ((long) (words - 1) << DATA_WORDS_SHIFT)
                | ((long) TYPE_DATA << TYPE_SHIFT) | ((long) offset << OFFSET_SHIFT);
    }

    public static int offset(long word) {
        return (int) ((word >>> OFFSET_SHIFT) & OFFSET_MASK);
    }

    public static int type(long word) {
        return (int) ((word >>> TYPE_SHIFT) & TYPE_MASK);
    }

    public static int bitmap(long word) {
        return (int) ((word >>> BITMAP_SHIFT) & BITMAP_MASK);
    }

    public static int dataWords(long word) {
        return (int) ((word >>> DATA_WORDS_SHIFT) & DATA_WORDS_MASK) + 1;
    }

    public static int dataUser(long word) {
        return (int) ((word >>> DATA_USER_SHIFT) & DATA_USER_MASK);
    }
}
