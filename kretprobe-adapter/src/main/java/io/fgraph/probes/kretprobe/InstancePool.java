package io.fgraph.probes.kretprobe;

/**
 * The {@code maxactive} instances of one classic kretprobe, preallocated at registration (Linux's
 * {@code kretprobe.freelist}): a call takes one at its entry and gives it back at its return. Harts
 * on several host threads take and give at once, so the free list is guarded by the pool's lock.
 */
final class InstancePool {
    private final ClassicInstance[] free;
    private int count;

    InstancePool(Kretprobe probe, int maxactive) {
        this.free = new ClassicInstance[maxactive];
        for (int i = 0; i < maxactive; i++) {
            free[i] = new ClassicInstance(probe, this);
        }
        this.count = maxactive;
    }

    /** A free instance, or null when all {@code maxactive} are in flight. */
    synchronized ClassicInstance take() {
        return count == 0 ? null : free[--count];
    }

    synchronized void give(ClassicInstance instance) {
        free[count++] = instance;
    }

    synchronized int available() {
        return count;
    }
}
