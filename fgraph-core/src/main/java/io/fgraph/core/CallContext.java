package io.fgraph.core;

import io.fgraph.emulator.cpu.Hart;

/**
 * What a user's callback sees of the current call: the hart and task, the function, the arguments
 * (entry) or the return value (return), the virtual time, and the user's per-call data in the
 * shadow stack. One instance per hart is reused for every call: never keep it past the callback.
 */
public final class CallContext {
    private final Fgraph fgraph;
    /** One flyweight per depth, so blocks of different frames can be held at once. */
    private final DataBlock[] blocks = new DataBlock[8];
    Hart hart;
    ShadowStack stack;
    /** The task this hart ran at its last hook, and its stacks (a cache of {@code Fgraph}'s map). */
    TaskStacks taskStacks;
    int taskId = -1;
    int header;
    int user;
    boolean entry;
    boolean unwound;
    boolean secondReturn;
    boolean reserved;
    long time;
    /**
     * In return callbacks: the index of each user's DATA word in the frame (-1: none), found in one
     * pass over the frame at the first {@link #retrieveData} so that every user's is O(1), not a scan.
     */
    final int[] dataWords = new int[FrameLayout.MAX_USERS];
    boolean dataIndexed;

    /** Tells calls from jumps at entries; per hart, as it decodes. */
    final io.fgraph.emulator.insn.CallSites callSites;

    CallContext(Fgraph fgraph) {
        this.fgraph = fgraph;
        this.callSites = new io.fgraph.emulator.insn.CallSites(fgraph.machine().memory());
    }

    /** Points this context at the frame just pushed, for entry callbacks. */
    CallContext forEntry(Hart hart, ShadowStack stack, int header, long now) {
        this.hart = hart;
        this.stack = stack;
        this.header = header;
        this.entry = true;
        this.unwound = false;
        this.time = now;
        this.dataIndexed = false;
        return this;
    }

    /** Points this context at the top frame, about to be popped, for return callbacks. */
    CallContext forReturn(Hart hart, ShadowStack stack, int header, boolean unwound, long now) {
        this.hart = hart;
        this.stack = stack;
        this.header = header;
        this.entry = false;
        this.unwound = unwound;
        this.secondReturn = false;
        this.time = now;
        this.dataIndexed = false; // indexed on the first retrieveData(), if any user asks
        return this;
    }

    public Hart hart() {
        return hart;
    }

    /** The hart running the call. */
    public int cpu() {
        return hart.id();
    }

    /** The task whose shadow stack holds the call (on bare metal, the hart). */
    public int task() {
        return stack.task();
    }

    /** The function's entry address. */
    public long function() {
        return stack.function(header);
    }

    public String functionName() {
        return fgraph.functions().nameOf(stack.function(header));
    }

    /** Nesting depth of the call on its task's shadow stack: 0 for the outermost hooked call. */
    public int depth() {
        return stack.depth() - 1; // callbacks always run for the top frame
    }

    /** Virtual time of the entry, ns. */
    public long entryTime() {
        return stack.time(header);
    }

    /** Virtual time now (the entry time in an entry callback), ns. */
    public long time() {
        return time;
    }

    /** The real return address of the call (never the trampoline). */
    public long returnAddress() {
        return stack.ret(header);
    }

    /** Stack pointer at the function's entry. */
    public long entryStackPointer() {
        return stack.sp(header);
    }

    /** Argument register a{@code n} (n = 0..7); meaningful in an entry callback. */
    public long argument(int n) {
        if (n < 0 || n > 7) {
            throw new IllegalArgumentException("n=" + n + ": must be 0..7");
        }
        return hart.argument(n);
    }

    /** The return value (a0); meaningful in a return callback that is not {@link #unwound()}. */
    public long returnValue() {
        return hart.x(Hart.A0);
    }

    /**
     * True for the second return of a {@code setjmp} (through a longjmp): its entry callback ran
     * long ago and its first return was reported already; this callback has no entry of its own
     * (and no per-call data).
     */
    public boolean secondReturn() {
        return secondReturn;
    }

    public boolean isEntry() {
        return entry;
    }

    /** True when the call did not return but was skipped by a non-local exit (longjmp). */
    public boolean unwound() {
        return unwound;
    }

    /** Calls of this task not hooked so far because its shadow stack was full. */
    public long overrun() {
        return stack.overrun();
    }

    /** The index (0..15) of the user being called back. */
    public int userIndex() {
        return user;
    }

    /**
     * Reserves {@code bytes} (1..256, rounded up to 8) of zeroed per-call data for this user in the
     * shadow stack frame; only in an entry callback, once per call. Returns null when the stack has
     * no room or the data was already reserved.
     */
    public DataBlock reserveData(int bytes) {
        if (!entry) {
            throw new IllegalStateException("reserveData: only an entry callback can reserve data");
        }
        if (bytes < 1 || bytes > FrameLayout.MAX_DATA_BYTES) {
            throw new IllegalArgumentException("bytes=" + bytes + ": must be 1.." + FrameLayout.MAX_DATA_BYTES);
        }
        if (reserved) {
            return null;
        }
        int words = (bytes + Long.BYTES - 1) / Long.BYTES;
        int first = stack.reserve(header, user, words);
        if (first < 0) {
            return null;
        }
        reserved = true;
        return block(0).wrap(stack.words(), first, words);
    }

    /** This user's data of the current call, or null if it reserved none. */
    public DataBlock retrieveData() {
        return retrieveParentData(0);
    }

    /**
     * This user's data in the frame {@code depth} calls out (0 = the current call, 1 = its hooked
     * caller), or null when that frame holds none of this registration's data.
     */
    public DataBlock retrieveParentData(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth=" + depth + ": must be >= 0");
        }
        if (depth == 0 && !entry) {
            if (!dataIndexed) {
                stack.indexData(header, dataWords);
                dataIndexed = true;
            }
            int dataWord = dataWords[user];
            if (dataWord < 0) {
                return null;
            }
            int words = FrameLayout.dataWords(stack.word(dataWord));
            return block(0).wrap(stack.words(), dataWord - words, words);
        }
        int h = header;
        int end = stack.topIndex();
        for (int i = 0; i < depth; i++) {
            end = h;
            h = stack.headerBelow(h);
            if (h < 0) {
                return null;
            }
        }
        if (depth > 0 && ((stack.bitmap(h) & (1 << user)) == 0 || !fgraph.slots().validFor(user, stack.generation(h)))) {
            return null;
        }
        int dataWord = stack.findData(h, end, user);
        if (dataWord < 0) {
            return null;
        }
        int words = FrameLayout.dataWords(stack.word(dataWord));
        return block(depth).wrap(stack.words(), dataWord - words, words);
    }

    private DataBlock block(int depth) {
        if (depth >= blocks.length) {
            return new DataBlock();
        }
        DataBlock block = blocks[depth];
        if (block == null) {
            block = new DataBlock();
            blocks[depth] = block;
        }
        return block;
    }
}
