package io.fgraph.emulator.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes host text patching safe while harts run on other threads, as Linux's {@code text_poke_sync}
 * does for a kernel patch: after {@link #synchronize} returns, no hart executes an instruction it
 * decoded before the patch.
 *
 * <p>The protocol. A patcher writes the new bytes (which drops the decoded pages of every hart, see
 * {@code Memory}), then advances the <em>code epoch</em> and waits, hart by hart, until the hart
 * either runs no guest code ({@link Hart#runner} is null: between time slices, parked, blocked in
 * the host, or itself waiting here) or has seen the new epoch at a safepoint. A hart passes a
 * safepoint when it starts a time slice and when a Java hook returns to the interpreter; there it
 * reads the epoch and, if it moved, forgets its current decoded page and publishes the epoch in
 * {@link Hart#syncedEpoch}. Both sides use volatile accesses (a store, then a load of the other
 * side's variable), so either the patcher sees the hart in guest code and waits for it, or the hart
 * sees the new epoch: the Dekker pattern.
 *
 * <p>Guest stores to another hart's code need no waiting: as the ISA says, the other hart sees
 * them after its own {@code fence.i} (or, here, at its next time slice).
 */
public final class CodeSync {
    private static final VarHandle EPOCH;
    private static final int SPINS_BEFORE_PARKING = 1 << 10;
    private static final long PARK_NANOS = 20_000;

    static {
        try {
            EPOCH = MethodHandles.lookup().findVarHandle(CodeSync.class, "epoch", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through EPOCH
    private volatile long epoch;

    /** The current code epoch: how many text patches have been synchronised or are being. */
    public long current() {
        return epoch;
    }

    /**
     * Waits until every hart in {@code harts} has passed a safepoint after the text written so far,
     * or runs no guest code. Called on a hart's own thread (from a hook), that hart counts as
     * stopped while it waits, so two harts patching at once never wait for each other. Do not call it
     * while holding a lock that a hook may take: a hart blocked on that lock inside a hook never
     * reaches its safepoint.
     */
    public void synchronize(Hart[] harts) {
        long target = (long) EPOCH.getAndAdd(this, 1L) + 1;
        Thread me = Thread.currentThread();
        Hart self = null;
        for (Hart hart : harts) {
            if (hart.runner == me) {
                self = hart;
            }
        }
        if (self != null) {
            self.runner = null;
        }
        try {
            for (Hart hart : harts) {
                if (hart != self) {
                    awaitSafepoint(hart, target);
                }
            }
        } finally {
            if (self != null) {
                self.runner = me;
            }
        }
    }

    private static void awaitSafepoint(Hart hart, long target) {
        int spins = 0;
        while (hart.runner != null && hart.syncedEpoch < target) {
            if (++spins < SPINS_BEFORE_PARKING) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(PARK_NANOS);
            }
        }
    }
}
