package io.fgraph.core.trace;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;

import java.nio.file.Path;

/**
 * The layout of a trace directory and how its Chronicle queue is opened.
 * <pre>
 *  DIR/
 *    trace.header     TraceHeader: version, program, build id, symbols, harts, clock, options
 *    events/          a Chronicle queue; each excerpt is one batch of event records (EventLayout)
 *      yyyyMMdd'H'.cq4  one file per UTC day (HUGE_DAILY), sparse, grown in blocks
 *      metadata.cq4t  Chronicle's own metadata
 *    trace.summary    written by a clean close: counts and status (absent after a crash)
 * </pre>
 *
 * <p>Roll cycle: {@code HUGE_DAILY} allows 2^40 - 1 excerpts per day. One excerpt costs the writer
 * at least ~250 ns, so one writer thread appends at most ~4 M excerpts/s, 3.5 * 10^11 a day: less
 * than the limit even if every excerpt held a single event. The FAST_DAILY default (2^32 - 1)
 * would run out after about 20 minutes of one-event excerpts at that rate.
 */
public final class TraceFiles {
    private TraceFiles() {
    }

    public static final String HEADER_FILE = "trace.header";
    public static final String EVENTS_DIR = "events";
    public static final String SUMMARY_FILE = "trace.summary";
    public static final RollCycle ROLL_CYCLE = LargeRollCycles.HUGE_DAILY;
    /** Chronicle's default 64-bit block size: files grow (sparsely) by this much at a time. */
    public static final long DEFAULT_BLOCK_SIZE = 64L << 20;

    static Path header(Path dir) {
        return dir.resolve(HEADER_FILE);
    }

    static Path events(Path dir) {
        return dir.resolve(EVENTS_DIR);
    }

    static Path summary(Path dir) {
        return dir.resolve(SUMMARY_FILE);
    }

    /** Opens the event queue for appending. */
    static SingleChronicleQueue openForWriting(Path dir, long blockSize) {
        return builder(dir, blockSize).build();
    }

    /** Opens the event queue without creating or changing anything. */
    static SingleChronicleQueue openForReading(Path dir) {
        return builder(dir, DEFAULT_BLOCK_SIZE).readOnly(true).build();
    }

    private static SingleChronicleQueueBuilder builder(Path dir, long blockSize) {
        return SingleChronicleQueueBuilder.binary(events(dir))
                .rollCycle(ROLL_CYCLE)
                .blockSize(blockSize)
                .checkInterrupts(false);
    }
}
