package io.fgraph.probes.kretprobe;

import io.fgraph.core.DataBlock;

/**
 * One preallocated instance of a classic kretprobe (Linux's {@code struct kretprobe_instance}):
 * the return address it replaced, the frame it belongs to, and the probe's private data.
 */
final class ClassicInstance implements KretprobeInstance {
    private final Kretprobe probe;
    private final InstancePool pool;
    private final long[] words;
    private final DataBlock data;
    private long savedReturn;
    private long realReturn;
    private long entrySp;
    private int task;
    private long entryTime;

    ClassicInstance(Kretprobe probe, InstancePool pool) {
        this.probe = probe;
        this.pool = pool;
        this.words = new long[(probe.dataSize() + 7) / 8];
        this.data = DataBlock.over(words);
    }

    /** Fills the instance at a call's entry; its data is zeroed. */
    void open(long savedReturn, long entrySp, int task, long entryTime, long realReturn) {
        this.savedReturn = savedReturn;
        this.realReturn = realReturn;
        this.entrySp = entrySp;
        this.task = task;
        this.entryTime = entryTime;
        java.util.Arrays.fill(words, 0L);
    }

    InstancePool pool() {
        return pool;
    }

    /** What {@code ra} held at the entry: the real return address, or the trampoline of an earlier hijack. */
    long savedReturn() {
        return savedReturn;
    }

    @Override
    public Kretprobe probe() {
        return probe;
    }

    @Override
    public long returnAddress() {
        return realReturn;
    }

    @Override
    public long entryStackPointer() {
        return entrySp;
    }

    @Override
    public int task() {
        return task;
    }

    @Override
    public long entryTime() {
        return entryTime;
    }

    @Override
    public DataBlock data() {
        return data;
    }
}
