package io.fgraph.core.trace;

/**
 * How a {@link TraceRecorder} records.
 *
 * @param backPressure what producers do when the ring is full
 * @param ringSize     ring slots, a power of two; each slot holds {@link EventLayout#MAX_RECORD_LENGTH} bytes
 * @param batchBytes   the largest batch (Chronicle excerpt) the writer builds, bytes
 * @param blockSize    Chronicle block size: queue files grow (sparsely) by this much
 * @param taskSlots    tasks 0..taskSlots-1 get their own drop counter; other tasks share one,
 *                     reported as task -1
 * @param singleProducer events come from one thread only (the emulator's deterministic mode): the
 *                     ring claims slots without compare-and-swap
 */
public record RecordingOptions(BackPressure backPressure, int ringSize, int batchBytes, long blockSize, int taskSlots,
                               boolean singleProducer) {

    public static final int DEFAULT_RING_SIZE = 1 << 15;
    public static final int DEFAULT_BATCH_BYTES = 64 << 10;
    public static final int DEFAULT_TASK_SLOTS = 256;

    public RecordingOptions(BackPressure backPressure, int ringSize, int batchBytes, long blockSize, int taskSlots) {
        this(backPressure, ringSize, batchBytes, blockSize, taskSlots, false);
    }

    public RecordingOptions {
        if (backPressure == null) {
            throw new IllegalArgumentException("backPressure=null: must be BLOCK or DROP");
        }
        if (ringSize < 2 || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ringSize=" + ringSize + ": must be a power of two >= 2");
        }
        int minBatch = EventLayout.BATCH_HEADER_LENGTH + EventLayout.MAX_RECORD_LENGTH;
        if (batchBytes < minBatch || batchBytes > (16 << 20)) {
            throw new IllegalArgumentException("batchBytes=" + batchBytes + ": must be " + minBatch + ".." + (16 << 20));
        }
        if (blockSize < (64 << 10)) {
            throw new IllegalArgumentException("blockSize=" + blockSize + ": must be >= " + (64 << 10));
        }
        if (taskSlots < 1) {
            throw new IllegalArgumentException("taskSlots=" + taskSlots + ": must be >= 1");
        }
    }

    /** Lossless defaults: BLOCK, 32 Ki slots, 64 KiB batches, 64 MiB blocks. */
    public static RecordingOptions defaults() {
        return new RecordingOptions(BackPressure.BLOCK, DEFAULT_RING_SIZE, DEFAULT_BATCH_BYTES,
                TraceFiles.DEFAULT_BLOCK_SIZE, DEFAULT_TASK_SLOTS);
    }

    public RecordingOptions withBackPressure(BackPressure value) {
        return new RecordingOptions(value, ringSize, batchBytes, blockSize, taskSlots, singleProducer);
    }

    public RecordingOptions withRingSize(int value) {
        return new RecordingOptions(backPressure, value, batchBytes, blockSize, taskSlots, singleProducer);
    }

    public RecordingOptions withBatchBytes(int value) {
        return new RecordingOptions(backPressure, ringSize, value, blockSize, taskSlots, singleProducer);
    }

    public RecordingOptions withBlockSize(long value) {
        return new RecordingOptions(backPressure, ringSize, batchBytes, value, taskSlots, singleProducer);
    }

    public RecordingOptions withTaskSlots(int value) {
        return new RecordingOptions(backPressure, ringSize, batchBytes, blockSize, value, singleProducer);
    }

    /** Events from one thread only (deterministic mode): a single-producer ring, no CAS per event. */
    public RecordingOptions withSingleProducer(boolean value) {
        return new RecordingOptions(backPressure, ringSize, batchBytes, blockSize, taskSlots, value);
    }
}
