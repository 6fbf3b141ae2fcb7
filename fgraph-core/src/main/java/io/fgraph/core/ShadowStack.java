package io.fgraph.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import static io.fgraph.core.FrameLayout.*;

/**
 * The shadow return stack of one guest stack of a task (layout in {@link FrameLayout}): the task's
 * own stack, or a fiber's (a coroutine's stack, see {@link TaskStacks}). Only the hart running the
 * task touches its frames, so they need no synchronisation; the counters are read by other threads
 * (statistics, progress) and are written with opaque stores. {@code top} is the index of the next
 * free word; the word below it always leads back to the current frame's header.
 *
 * <p>The array grows on demand up to its capacity, only when a frame is pushed and always with room
 * for every user's largest data block, so no array is replaced while a callback holds a view of it.
 */
public final class ShadowStack {
    private static final int INITIAL_WORDS = 1024;
    /** Room kept above a new frame's header for all users' data, so that reserve never grows the array. */
    private static final int DATA_HEADROOM = MAX_USERS * (MAX_DATA_WORDS + 1);
    private static final int OVERRUN = 0;
    private static final int HIJACKS = 1;
    private static final int RETURNS = 2;
    private static final int UNWOUND = 3;
    private static final int RECURSION = 4;
    private static final int DATA_OVERRUNS = 5;
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(long[].class);

    private final int task;
    private final int capacity;
    private long[] words;
    private int top;
    private int depth;
    private final long[] counters = new long[6];
    /** The stack pointer when this fiber was switched out, or 0 while it runs ({@link TaskStacks}). */
    long suspendedSp;
    /** Per user index: its task variable and object, and the registration that set them. */
    private final long[] taskVariables = new long[MAX_USERS];
    private final Object[] taskObjects = new Object[MAX_USERS];
    private final long[] taskVariableOwners = new long[MAX_USERS];
    private final long[] taskObjectOwners = new long[MAX_USERS];

    public ShadowStack(int task, int capacityWords) {
        if (capacityWords < MIN_FRAME_WORDS || capacityWords > (1 << 20)) {
            throw new IllegalArgumentException("capacityWords=" + capacityWords + ": must be "
                    + MIN_FRAME_WORDS + ".." + (1 << 20));
        }
        this.task = task;
        this.capacity = capacityWords;
        this.words = new long[Math.min(capacityWords, INITIAL_WORDS)];
    }

    /** The trace task id of this stack's calls: the task's, or its fiber's. */
    public int task() {
        return task;
    }

    private void count(int counter) {
        ELEMENT.setOpaque(counters, counter, (long) ELEMENT.getOpaque(counters, counter) + 1);
    }

    private long counter(int counter) {
        return (long) ELEMENT.getOpaque(counters, counter);
    }

    void countHijack() {
        count(HIJACKS);
    }

    void countReturn() {
        count(RETURNS);
    }

    void countUnwound() {
        count(UNWOUND);
    }

    void countRecursion() {
        count(RECURSION);
    }

    long hijacks() {
        return counter(HIJACKS);
    }

    long returns() {
        return counter(RETURNS);
    }

    long unwound() {
        return counter(UNWOUND);
    }

    long recursion() {
        return counter(RECURSION);
    }

    void countDataOverrun() {
        count(DATA_OVERRUNS);
    }

    long dataOverruns() {
        return counter(DATA_OVERRUNS);
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
        return counter(OVERRUN);
    }

    void countOverrun() {
        count(OVERRUN);
    }

    long taskVariable(int user, long registration) {
        return taskVariableOwners[user] == registration ? taskVariables[user] : 0;
    }

    void setTaskVariable(int user, long registration, long value) {
        taskVariableOwners[user] = registration;
        taskVariables[user] = value;
    }

    Object taskObject(int user, long registration) {
        return taskObjectOwners[user] == registration ? taskObjects[user] : null;
    }

    void setTaskObject(int user, long registration, Object value) {
        taskObjectOwners[user] = registration;
        taskObjects[user] = value;
    }

    /** The most words this stack may hold. */
    public int capacity() {
        return capacity;
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
        if (top + MIN_FRAME_WORDS + DATA_HEADROOM > words.length && words.length < capacity) {
            words = java.util.Arrays.copyOf(words, Math.min(capacity, Math.max(words.length * 2,
                    top + MIN_FRAME_WORDS + DATA_HEADROOM)));
        }
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
        long[] w = words;
        int dataWord = first + count;
        for (int i = first; i < dataWord; i++) {
            w[i] = 0L; // a loop: Arrays.fill's checks cost more than the one or two words reserved
        }
        w[dataWord] = dataWord(user, count, dataWord - header);
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

    /**
     * The frame a return with stack pointer {@code sp} belongs to: the topmost frame entered with
     * that stack pointer, found below frames entered deeper (lower sp, skipped by a non-local exit);
     * -1 when no frame of this stack matches (the return belongs to another stack, or to none).
     */
    int returningFrame(long sp) {
        int header = topHeader();
        while (header >= 0 && Long.compareUnsigned(sp(header), sp) < 0) {
            header = headerBelow(header);
        }
        return header >= 0 && sp(header) == sp ? header : -1;
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
     * Finds {@code user}'s data block in the frame at {@code header}, walking down from the word
     * below {@code below} (the frame's end, or where a previous search stopped); returns the index
     * of its DATA word, or -1 when the user has none there. A frame's blocks lie in rising user
     * order ({@link FrameLayout}), so the walk stops at the first block of a lower user.
     */
    int findData(int header, int below, int user) {
        int index = below - 1;
        while (index > header + META_OFFSET) {
            long word = words[index];
            if (FrameLayout.type(word) != TYPE_DATA) {
                return -1; // corrupted: only DATA words lie above the meta word
            }
            int owner = dataUser(word);
            if (owner == user) {
                return index;
            }
            if (owner < user) {
                return -1;
            }
            index -= dataWords(word) + 1;
        }
        return -1;
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
