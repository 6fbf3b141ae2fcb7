package io.fgraph.core.trace;

/**
 * Reads the records of one excerpt of a trace's events into a {@link TraceEvent}: a page (format
 * version 3, {@link PageExcerptDecoder}) or a batch (versions 1 and 2, {@link LegacyBatchDecoder}).
 * Problems are {@link Corrupted} with what is wrong; the cursor says where.
 */
interface ExcerptDecoder {
    /**
     * Checks the excerpt {@code body[0, length)} (its framing and checksum) and moves to its first
     * record.
     *
     * @return the number of records it holds
     */
    int open(byte[] body, int length);

    /** Whether every record of the excerpt just opened is of {@link #task()}, so it can be skipped whole. */
    boolean singleTask();

    /** The task of the excerpt just opened, if {@link #singleTask()}. */
    int task();

    /**
     * Decodes the next record into {@code e}; false after the last one. The last one must end the
     * excerpt exactly.
     */
    boolean next(TraceEvent e);

    /** What is wrong with an excerpt. */
    final class Corrupted extends RuntimeException {
        Corrupted(String what) {
            super(what, null, false, false);
        }
    }
}
