package io.fgraph.core.trace;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layout of a trace directory and how its Chronicle queue is opened.
 * <pre>
 *  DIR/
 *    trace.header     TraceHeader: version, program, build id, symbols, harts, clock, options
 *    events/          a Chronicle queue; the identity, then one excerpt per page of event records (EventLayout)
 *      yyyyMMdd'H'.cq4  one file per UTC day (HUGE_DAILY), sparse, grown in blocks
 *      metadata.cq4t  Chronicle's own metadata
 *    trace.summary    written by a clean close: counts and status (absent after a crash)
 * </pre>
 * Chronicle writes the queue; readers read its files themselves ({@link QueueFileReader}), in
 * file-name order, which is cycle order.
 *
 * <p>Roll cycle: {@code HUGE_DAILY} allows 2^40 - 1 excerpts per day. One excerpt costs the writer
 * at least ~250 ns, so one writer thread appends at most ~4 M excerpts/s, 3.5 * 10^11 a day: less
 * than the limit even if every excerpt held a single event. The FAST_DAILY default (2^32 - 1)
 * would run out after about 20 minutes of one-event excerpts at that rate.
 */
public final class TraceFiles {
    static {
        ChronicleNative.skipPosixBinding();
    }

    private TraceFiles() {
    }

    public static final String HEADER_FILE = "trace.header";
    public static final String EVENTS_DIR = "events";
    public static final String SUMMARY_FILE = "trace.summary";
    /** Chronicle's suffix for a cycle's file. */
    public static final String QUEUE_FILE_SUFFIX = SingleChronicleQueue.SUFFIX;
    /** Chronicle's table store, created when the queue is opened. */
    public static final String METADATA_FILE = SingleChronicleQueue.QUEUE_METADATA_FILE;
    public static final RollCycle ROLL_CYCLE = LargeRollCycles.HUGE_DAILY;
    /** Chronicle's default 64-bit block size: files grow (sparsely) by this much at a time. */
    public static final long DEFAULT_BLOCK_SIZE = 64L << 20;

    /**
     * Initialises Chronicle's classes (chronicle-core's {@code Jvm} and {@code OS}, the queue
     * builder: about 0.1-0.2 s of class loading and static set-up) on a daemon thread, so that a
     * recorder opened later finds them ready: a command calls it first thing and reads and boots
     * its program meanwhile. Whatever fails here fails again, and is reported, where the queue is
     * opened; the JVM's class initialisation lock makes an early {@link TraceRecorder#open} wait.
     */
    public static void prepareInBackground() {
        Thread preparing = new Thread(() -> {
            try {
                Class.forName(SingleChronicleQueueBuilder.class.getName(), true, TraceFiles.class.getClassLoader());
                Class.forName(SingleChronicleQueue.class.getName(), true, TraceFiles.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                // reported by the open that needs these classes
            }
        }, "fgraph-trace-prepare");
        preparing.setDaemon(true);
        preparing.start();
    }

    static Path header(Path dir) {
        return dir.resolve(HEADER_FILE);
    }

    static Path events(Path dir) {
        return dir.resolve(EVENTS_DIR);
    }

    static Path summary(Path dir) {
        return dir.resolve(SUMMARY_FILE);
    }

    /**
     * Opens the event queue for appending, rolling by {@code clock}: the writer's clock
     * ({@link QueueSpace}), so that Chronicle writes into the cycle file the writer reserved.
     */
    static SingleChronicleQueue openForWriting(Path dir, long blockSize, TimeProvider clock) {
        return SingleChronicleQueueBuilder.binary(events(dir))
                .rollCycle(ROLL_CYCLE)
                .blockSize(blockSize)
                .timeProvider(clock)
                .checkInterrupts(false)
                .build();
    }

    /** The file Chronicle writes cycle {@code cycle} of the queue in {@code eventsDir} to. */
    static Path cycleFile(Path eventsDir, int cycle) {
        RollingResourcesCache names = new RollingResourcesCache(ROLL_CYCLE, 0,
                name -> eventsDir.resolve(name + QUEUE_FILE_SUFFIX).toFile(), file -> file.getName());
        return names.resourceFor(cycle).path.toPath();
    }

    /**
     * The queue's cycle files, in cycle order (their names sort that way), or none if the events
     * directory is missing.
     *
     * @throws IOException if the directory cannot be listed
     */
    static List<Path> eventFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(events(dir))) {
            return files.filter(f -> f.getFileName().toString().endsWith(QUEUE_FILE_SUFFIX)).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
