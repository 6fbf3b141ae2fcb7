package io.fgraph.probes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter that each hart bumps on its own cache line: a probe hit on one hart never contends
 * with a hit on another ({@code --parallel} runs harts on several host threads). A slot is written
 * only by the thread running its hart; {@link #sum()} reads every slot with opaque reads, so it is
 * exact once the harts stop and close to exact while they run.
 */
final class HartCounter {
    /** 8 longs = 64 bytes between two harts' slots. */
    private static final int STRIDE = 8;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] slots;

    HartCounter(int harts) {
        this.slots = new long[(harts + 1) * STRIDE];
    }

    void increment(int hart) {
        int at = (hart + 1) * STRIDE;
        SLOTS.setOpaque(slots, at, (long) SLOTS.getOpaque(slots, at) + 1);
    }

    long sum() {
        long total = 0;
        for (int at = STRIDE; at < slots.length; at += STRIDE) {
            total += (long) SLOTS.getOpaque(slots, at);
        }
        return total;
    }
}
