package io.fgraph.core;

import static io.fgraph.core.FrameLayout.MAX_USERS;

/**
 * The 16 user slots. Indices are handed out least-recently-used first (never used, then freed
 * longest ago), so a freed index is reused as late as possible. Every registration gets a fresh
 * sequence number; a frame remembers the sequence number current when it was pushed, and a
 * slot's return callback runs for a frame only when the slot's registration is not newer than the
 * frame (see {@link #validFor}). That closes Linux's stale-index gap.
 *
 * <p>Registration is rare and synchronised; the hooks read the published snapshot without locks.
 */
final class UserSlots {
    /** What an empty slot holds: it wants nothing, so hot loops never test for null. */
    static final FgraphOps STUB = new FgraphOps() {
        @Override
        public FunctionFilter filter() {
            return FunctionFilter.only("\u0000");
        }

        @Override
        public boolean onEntry(EntryContext call) {
            return false;
        }

        @Override
        public void onReturn(ReturnContext call) {
        }

        @Override
        public String name() {
            return "(empty)";
        }
    };

    private final FgraphOps[] ops = new FgraphOps[MAX_USERS];
    private final long[] sequence = new long[MAX_USERS];
    private final long[] freedAt = new long[MAX_USERS];
    private volatile int activeMask;
    private volatile long currentSequence;
    private long clock;

    UserSlots() {
        java.util.Arrays.fill(ops, STUB);
        java.util.Arrays.fill(freedAt, -1);
    }

    /** Puts {@code user} in the least recently used free slot; returns the index. */
    synchronized int add(FgraphOps user) {
        int mask = activeMask;
        int chosen = -1;
        for (int i = 0; i < MAX_USERS; i++) {
            if ((mask & (1 << i)) == 0 && (chosen < 0 || freedAt[i] < freedAt[chosen])) {
                chosen = i;
            }
            if (ops[i] == user && (mask & (1 << i)) != 0) {
                throw new IllegalStateException("user=" + user.name() + ": already registered at index " + i);
            }
        }
        if (chosen < 0) {
            throw new IllegalStateException("user=" + user.name() + ": all " + MAX_USERS + " slots are in use");
        }
        long next = currentSequence + 1;
        sequence[chosen] = next;
        ops[chosen] = user;
        currentSequence = next;
        activeMask = mask | (1 << chosen);
        return chosen;
    }

    /** Frees {@code index}; its in-flight frames will never call back the slot's next owner. */
    synchronized void remove(int index) {
        ops[index] = STUB;
        freedAt[index] = ++clock;
        activeMask = activeMask & ~(1 << index);
    }

    synchronized int indexOf(FgraphOps user) {
        int mask = activeMask;
        for (int i = 0; i < MAX_USERS; i++) {
            if ((mask & (1 << i)) != 0 && ops[i] == user) {
                return i;
            }
        }
        return -1;
    }

    int activeMask() {
        return activeMask;
    }

    /** The sequence number a frame pushed now records. */
    long currentSequence() {
        return currentSequence;
    }

    FgraphOps ops(int index) {
        return ops[index];
    }

    /** True when slot {@code index}'s current registration pushed (or may own) a frame with {@code frameSequence}. */
    boolean validFor(int index, long frameSequence) {
        return (activeMask & (1 << index)) != 0 && sequence[index] <= frameSequence;
    }

    long sequence(int index) {
        return sequence[index];
    }
}
