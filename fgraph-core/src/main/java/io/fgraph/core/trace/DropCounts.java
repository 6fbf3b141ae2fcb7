package io.fgraph.core.trace;

import java.util.Arrays;

/**
 * One hart's events dropped while no page was free ({@link BackPressure#DROP}), counted per task
 * until they can be written as lost records. Owned by the hart's thread; a hart drops for one or a
 * few tasks at a time, so the counts are a short list, searched from the most recent.
 */
final class DropCounts {
    private int[] tasks = new int[4];
    private long[] counts = new long[4];
    private long[] lastTimes = new long[4];
    private int size;

    /** One more event of {@code task}, at {@code time}, dropped. */
    void add(int task, long time) {
        for (int i = size - 1; i >= 0; i--) {
            if (tasks[i] == task) {
                counts[i]++;
                lastTimes[i] = time;
                return;
            }
        }
        if (size == tasks.length) {
            tasks = Arrays.copyOf(tasks, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
            lastTimes = Arrays.copyOf(lastTimes, size * 2);
        }
        tasks[size] = task;
        counts[size] = 1;
        lastTimes[size] = time;
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    int task(int i) {
        return tasks[i];
    }

    long count(int i) {
        return counts[i];
    }

    /** The time of the last event of entry {@code i} that was dropped. */
    long lastTime(int i) {
        return lastTimes[i];
    }

    /** Forgets the first {@code n} entries (they were written). */
    void removeFirst(int n) {
        int rest = size - n;
        System.arraycopy(tasks, n, tasks, 0, rest);
        System.arraycopy(counts, n, counts, 0, rest);
        System.arraycopy(lastTimes, n, lastTimes, 0, rest);
        size = rest;
    }
}
