package io.fgraph.core;

import static io.fgraph.core.FrameLayout.*;

/**
 * One task's shadow return stack (layout in {@link FrameLayout}). Only the hart running the task
 * touches it, so it needs no synchronisation. {@code top} is the index of the next free word; the
 * word below it always leads back to the current frame's header.
 */
public final class ShadowStack {
    private final int task;
    private final long[] words;
    private int top;
    private int depth;
    private long overrun;
    long hijacks;
    long returns;
    long unwound;
    long recursion;

    public ShadowStack(int task, int capacityWords) {
        if (capacityWords < MIN_FRAME_WORDS || capacityWords > (1 << 20)) {
            throw new IllegalArgumentException("capacityWords=" + capacityWords + ": must be "
                    + MIN_FRAME_WORDS + ".." + (1 << 20));
        }
        this.task = task;
        this.words = new long[capacityWords];
    }

    public int task() {
        return task;
    }

    /** Frames on the stack. */
    public int depth() {
        return depth;
    }

    public boolean isEmpty() {
        return depth == 0;
    }

    /** Calls not hooked because the stack was full. */
    public long overrun() {
        return overrun;
    }

    void countOverrun() {
        overrun++;
    }

    public int capacity() {
        return words.length;
    }

    int topIndex() {
        return top;
    }

    long word(int index) {
        return words[index];
    }

    long[] words() {
        return words;
    }

    /**
     * Pushes a header and a RESERVED meta word; returns the header index, or -1 when the stack has
     * no room (the caller counts the overrun).
     */
    int pushFrame(long ret, long function, long sp, long time, long generation) {
        if (top + MIN_FRAME_WORDS > words.length) {
            return -1;
        }
        int header = top;
        words[header + RET_OFFSET] = ret;
        words[header + FUNC_OFFSET] = function;
        words[header + SP_OFFSET] = sp;
        words[header + TIME_OFFSET] = time;
        words[header + GEN_OFFSET] = generation;
        words[header + META_OFFSET] = metaWord(TYPE_RESERVED, 0, META_OFFSET);
        top = header + MIN_FRAME_WORDS;
        depth++;
        return header;
    }

    /**
     * Reserves {@code count} zeroed data words for {@code user} in the frame at {@code header} (which
     * must be the top frame); returns the index of the first data word, or -1 when they do not fit.
     */
    int reserve(int header, int user, int count) {
        if (count < 1 || count > MAX_DATA_WORDS || top + count + 1 > words.length) {
            return -1;
        }
        int first = top;
        java.util.Arrays.fill(words, first, first + count, 0L);
        int dataWord = first + count;
        words[dataWord] = dataWord(user, count, dataWord - header);
        top = dataWord + 1;
        return first;
    }

    /** Drops every data word above {@code mark} (a user's entry declined). */
    void truncate(int mark) {
        top = mark;
    }

    /** Turns the frame's RESERVED meta word into its BITMAP. */
    void setBitmap(int header, int bitmap) {
        words[header + META_OFFSET] = metaWord(TYPE_BITMAP, bitmap, META_OFFSET);
    }

    /** Index of the top frame's header, or -1 when empty. */
    int topHeader() {
        if (top == 0) {
            return -1;
        }
        return top - 1 - offset(words[top - 1]);
    }

    /** Index of the header of the frame below the one at {@code header}, or -1. */
    int headerBelow(int header) {
        if (header == 0) {
            return -1;
        }
        return header - 1 - offset(words[header - 1]);
    }

    /** Pops the top frame, whose header is at {@code header}. */
    void popFrame(int header) {
        top = header;
        depth--;
    }

    long ret(int header) {
        return words[header + RET_OFFSET];
    }

    long function(int header) {
        return words[header + FUNC_OFFSET];
    }

    long sp(int header) {
        return words[header + SP_OFFSET];
    }

    long time(int header) {
        return words[header + TIME_OFFSET];
    }

    long generation(int header) {
        return words[header + GEN_OFFSET];
    }

    int bitmap(int header) {
        long meta = words[header + META_OFFSET];
        return FrameLayout.type(meta) == TYPE_BITMAP ? FrameLayout.bitmap(meta) : 0;
    }

    /**
     * Finds {@code user}'s data block in the frame at {@code header} whose last word is
     * {@code frameEnd - 1}; returns the index of its DATA word or -1.
     */
    int findData(int header, int frameEnd, int user) {
        int index = frameEnd - 1;
        while (index > header + META_OFFSET) {
            long word = words[index];
            if (FrameLayout.type(word) != TYPE_DATA) {
                return -1; // corrupted: only DATA words lie above the meta word
            }
            if (dataUser(word) == user) {
                return index;
            }
            index -= dataWords(word) + 1;
        }
        return -1;
    }

    /**
     * Fills {@code dataWords[user]} with the index of each user's DATA word in the top frame
     * (whose header is {@code header}), -1 for users without a block.
     */
    void indexData(int header, int[] dataWords) {
        java.util.Arrays.fill(dataWords, -1);
        int index = top - 1;
        while (index > header + META_OFFSET) {
            long word = words[index];
            if (FrameLayout.type(word) != TYPE_DATA) {
                return;
            }
            dataWords[dataUser(word)] = index;
            index -= dataWords(word) + 1;
        }
    }

    /** One past the last word of the frame at {@code header}. */
    int frameEnd(int header) {
        int end = top;
        int h = topHeader();
        while (h > header) {
            end = h;
            h = headerBelow(h);
        }
        return h == header ? end : -1;
    }
}
