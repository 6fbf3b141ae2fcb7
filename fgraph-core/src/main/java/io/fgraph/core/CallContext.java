package io.fgraph.core;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.insn.CallSites;

/**
 * The one flyweight behind both callback views, {@link EntryContext} and {@link ReturnContext}:
 * one instance per hart, reused for every call, pointed at the frame being entered or closed.
 * Each view exposes only what its phase means, so a return callback cannot read arguments and an
 * entry callback cannot read a return value.
 */
final class CallContext implements EntryContext, ReturnContext {
    private final Fgraph fgraph;
    /** The block of the call being entered or returned from (its own field: no array lookup per call). */
    private final DataBlock own = new DataBlock();
    /** One flyweight per parent depth, so blocks of different frames can be held at once. */
    private final DataBlock[] blocks = new DataBlock[8];
    /** Handed out when the stack has no room for a reservation: written to, then thrown away. */
    private final long[] scratch = new long[FrameLayout.MAX_DATA_WORDS];
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
    /** The reservation of the user being called back failed: it does not get the call. */
    boolean reservationFailed;
    long time;
    /**
     * In return callbacks: where the next user's block is looked for (see {@link #retrieveData}).
     * Return callbacks run highest index first and a frame's blocks lie in rising user order, so
     * each user's block is found by walking down from where the previous user's was.
     */
    int dataCursor;
    /** Tells calls from jumps at entries; per hart, as it decodes. */
    final CallSites callSites;

    CallContext(Fgraph fgraph) {
        this.fgraph = fgraph;
        this.callSites = new CallSites(fgraph.machine().memory());
    }

    /** Points this context at the frame just pushed, for entry callbacks. */
    CallContext forEntry(Hart hart, ShadowStack stack, int header, long now) {
        this.hart = hart;
        this.stack = stack;
        this.header = header;
        this.entry = true;
        this.unwound = false;
        this.secondReturn = false;
        this.time = now;
        return this;
    }

    /** Before each user's entry callback. */
    void forUser(int index) {
        user = index;
        reserved = false;
        reservationFailed = false;
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
        this.dataCursor = stack.topIndex();
        return this;
    }

    // ---- both phases ----

    @Override
    public Hart hart() {
        return hart;
    }

    @Override
    public int cpu() {
        return hart.id();
    }

    @Override
    public int task() {
        return stack.task();
    }

    @Override
    public long function() {
        return stack.function(header);
    }

    @Override
    public String functionName() {
        return fgraph.functions().nameOf(stack.function(header));
    }

    @Override
    public int depth() {
        return stack.depth() - 1; // callbacks always run for the top frame
    }

    @Override
    public long entryTime() {
        return stack.time(header);
    }

    @Override
    public long time() {
        return time;
    }

    @Override
    public long returnAddress() {
        return stack.ret(header);
    }

    @Override
    public long entryStackPointer() {
        return stack.sp(header);
    }

    @Override
    public long overrun() {
        return stack.overrun();
    }

    @Override
    public int userIndex() {
        return user;
    }

    @Override
    public long taskVariable() {
        return stack.taskVariable(user, fgraph.slots().sequence(user));
    }

    @Override
    public void setTaskVariable(long value) {
        stack.setTaskVariable(user, fgraph.slots().sequence(user), value);
    }

    @Override
    public Object taskObject() {
        return stack.taskObject(user, fgraph.slots().sequence(user));
    }

    @Override
    public void setTaskObject(Object value) {
        stack.setTaskObject(user, fgraph.slots().sequence(user), value);
    }

    // ---- entry ----

    @Override
    public long argument(int n) {
        if (n < 0 || n > 7) {
            throw new IllegalArgumentException("n=" + n + ": must be 0..7");
        }
        return hart.argument(n);
    }

    @Override
    public DataBlock reserveData(int bytes) {
        if (!entry) {
            throw new IllegalStateException("reserveData: only an entry callback can reserve data");
        }
        if (bytes < 1 || bytes > FrameLayout.MAX_DATA_BYTES) {
            throw new IllegalArgumentException("bytes=" + bytes + ": must be 1.." + FrameLayout.MAX_DATA_BYTES);
        }
        if (reserved) {
            throw new IllegalStateException("reserveData: data was already reserved for this call");
        }
        reserved = true;
        int words = (bytes + Long.BYTES - 1) / Long.BYTES;
        int first = stack.reserve(header, user, words);
        if (first < 0) {
            reservationFailed = true;
            java.util.Arrays.fill(scratch, 0, words, 0L);
            return own.wrap(scratch, 0, words);
        }
        return own.wrap(stack.words(), first, words);
    }

    @Override
    public boolean reservationFailed() {
        return reservationFailed;
    }

    // ---- return ----

    @Override
    public long returnValue() {
        return unwound ? 0 : hart.x(Hart.A0);
    }

    @Override
    public long returnValueHigh() {
        return unwound ? 0 : hart.x(Hart.A0 + 1);
    }

    @Override
    public boolean unwound() {
        return unwound;
    }

    @Override
    public boolean secondReturn() {
        return secondReturn;
    }

    @Override
    public DataBlock retrieveData() {
        if (entry) {
            throw new IllegalStateException("retrieveData: only a return callback retrieves its data");
        }
        int dataWord = stack.findData(header, dataCursor, user);
        if (dataWord < 0 && dataCursor != stack.topIndex()) {
            // not below the cursor: it asked before in this return (or has no block): from the top
            dataWord = stack.findData(header, stack.topIndex(), user);
        }
        if (dataWord < 0) {
            return null;
        }
        int words = FrameLayout.dataWords(stack.word(dataWord));
        dataCursor = dataWord - words;
        return own.wrap(stack.words(), dataCursor, words);
    }

    @Override
    public DataBlock retrieveParentData(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth=" + depth + ": must be >= 1 (1 = the caller)");
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
        if ((stack.bitmap(h) & (1 << user)) == 0 || !fgraph.slots().validFor(user, stack.generation(h))) {
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
