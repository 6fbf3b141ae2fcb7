package io.fgraph.core.trace;

import io.fgraph.emulator.elf.Symbol;
import io.fgraph.emulator.elf.SymbolTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a trace directory written by {@link TraceRecorder}: the header, the symbols, and the
 * events, streaming, in file order, for one task, or merged by time. Never changes the directory.
 * A trace whose recorder crashed has no summary and is readable up to its last complete batch.
 * The queue's files are read directly, never mapped ({@link QueueFileReader}): a file cut short
 * ends the events at its last complete batch ({@link #truncation()}), and the header, the events
 * and the summary must belong to the same recording ({@link TraceCheck}).
 * <pre>
 *  try (TraceReader trace = TraceReader.open(dir); EventCursor c = trace.merged()) {
 *      while (c.next()) { ... c.event() ... }
 *  }
 * </pre>
 * Every problem is a {@link TraceFormatException} with a one-line message that starts with
 * {@code missing:}, {@code not a trace:}, {@code truncated:}, {@code corrupted:} or
 * {@code newer version:}.
 */
public final class TraceReader implements AutoCloseable {
    private final Path dir;
    private final TraceHeader header;
    private final Optional<TraceSummary> summary;
    private final TraceCheck check;
    private final List<EventCursor> open = new ArrayList<>();
    private SymbolTable symbolTable;
    private SortedSet<Integer> tasks;

    private TraceReader(Path dir, TraceHeader header, Optional<TraceSummary> summary) {
        this.dir = dir;
        this.header = header;
        this.summary = summary;
        this.check = new TraceCheck(dir, header, summary);
    }

    /**
     * Opens a trace.
     *
     * @throws TraceFormatException if {@code dir} is missing, is not a trace, its header is
     *                              truncated, corrupted or of a newer format version, or its summary
     *                              belongs to another recording
     */
    public static TraceReader open(Path dir) {
        if (!Files.exists(dir)) {
            throw new TraceFormatException("missing: no such trace directory " + dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new TraceFormatException("not a trace: " + dir + " is a file, not a trace directory");
        }
        Path headerFile = TraceFiles.header(dir);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(headerFile);
        } catch (NoSuchFileException e) {
            throw new TraceFormatException("not a trace: " + dir + " has no " + TraceFiles.HEADER_FILE);
        } catch (IOException e) {
            throw new TraceFormatException("missing: cannot read " + headerFile + ": " + QueueExcerpts.reason(e), e);
        }
        TraceHeader header = TraceHeader.fromBytes(bytes, headerFile.toString());
        Optional<TraceSummary> summary = TraceSummary.read(dir);
        if (!Files.isDirectory(TraceFiles.events(dir))) {
            throw new TraceFormatException("truncated: " + dir + " has a header but no " + TraceFiles.EVENTS_DIR
                    + " directory");
        }
        return new TraceReader(dir, header, summary);
    }

    public Path dir() {
        return dir;
    }

    public TraceHeader header() {
        return header;
    }

    /** The program's symbols, sorted by address. */
    public List<Symbol> symbols() {
        return header.symbols();
    }

    /** The symbols as a table, to name addresses ({@link SymbolTable#describe}). */
    /** The trace's probe events, to show its PROBE records ({@link TraceProbes}). */
    public TraceProbes probes() {
        return TraceProbes.of(header(), symbolTable());
    }

    public synchronized SymbolTable symbolTable() {
        if (symbolTable == null) {
            symbolTable = SymbolTable.of(header.symbols());
        }
        return symbolTable;
    }

    /** The summary of a cleanly closed recording; empty if the recorder did not close it (a crash). */
    public Optional<TraceSummary> summary() {
        return summary;
    }

    /** Whether the recorder closed the trace cleanly. */
    public boolean complete() {
        return summary.isPresent();
    }

    /**
     * Why the events of the last full pass ended before their writer stopped, e.g.
     * {@code "incomplete: events file truncated: DIR/events/20260101H.cq4 is 4096 bytes ..."};
     * empty if they did not (or no pass has ended yet). Everything up to the cut was read.
     */
    public Optional<String> truncation() {
        return check.truncation().map(TraceCheck.Truncation::message);
    }

    /**
     * All events in file order (the order the writer took them from the ring). At the end of the
     * pass, the events read are checked against the summary.
     *
     * @throws TraceFormatException (from the cursor) for a corrupted batch, events of another
     *                              recording, missing events, or a pass that disagrees with the summary
     */
    public EventCursor events() {
        return track(cursor(QueueEventCursor.ALL_TASKS));
    }

    /** The events filed under {@code task} (a task switch is filed under the task switched out), in file order. */
    public EventCursor events(int task) {
        return track(cursor(task));
    }

    private QueueEventCursor cursor(long task) {
        List<Path> files;
        try {
            files = TraceFiles.eventFiles(dir);
        } catch (IOException e) {
            throw new TraceFormatException("missing: cannot read " + TraceFiles.events(dir) + ": "
                    + QueueExcerpts.reason(e), e);
        }
        return new QueueEventCursor(files, check, task);
    }

    /**
     * All events merged by time; equal times in ascending task order; each task's events in file
     * order. Reads the queue once per task (see {@link #tasks()}), holding one batch per task.
     */
    public EventCursor merged() {
        List<EventCursor> perTask = new ArrayList<>();
        for (int task : tasks()) {
            perTask.add(cursor(task));
        }
        return track(new MergedEventCursor(perTask));
    }

    /** The task ids present in the trace (one pass over the events on first call). */
    public synchronized SortedSet<Integer> tasks() {
        if (tasks == null) {
            SortedSet<Integer> found = new TreeSet<>();
            try (EventCursor c = cursor(QueueEventCursor.ALL_TASKS)) {
                int last = Integer.MIN_VALUE;
                while (c.next()) {
                    int task = c.event().task();
                    if (task != last) {
                        found.add(task);
                        last = task;
                    }
                }
            }
            tasks = Collections.unmodifiableSortedSet(found);
        }
        return tasks;
    }

    /** Counts every event in one streaming pass. */
    public TraceCounts count() {
        long[] byKind = new long[EventLayout.KIND_LIMIT];
        SortedMap<Integer, Long> byTask = new TreeMap<>();
        Map<Integer, Long> overrunByTask = new TreeMap<>();
        long events = 0;
        long lost = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (EventCursor c = events()) {
            while (c.next()) {
                TraceEvent e = c.event();
                events++;
                byKind[e.kind()]++;
                byTask.merge(e.task(), 1L, Long::sum);
                lost += e.lostCount();
                if (e.kind() == EventLayout.KIND_RETURN && e.overrun() > 0) {
                    overrunByTask.merge(e.task(), e.overrun(), Math::max);
                }
                first = Math.min(first, e.time());
                last = Math.max(last, e.time());
            }
        }
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (int k = 0; k < byKind.length; k++) {
            if (byKind[k] > 0) {
                kinds.put(EventLayout.kindName(k), byKind[k]);
            }
        }
        long overruns = overrunByTask.values().stream().mapToLong(Long::longValue).sum();
        return new TraceCounts(events, Collections.unmodifiableMap(kinds), Collections.unmodifiableSortedMap(byTask),
                lost, overruns, events == 0 ? 0 : first, events == 0 ? 0 : last);
    }

    private synchronized EventCursor track(EventCursor cursor) {
        open.add(cursor);
        return cursor;
    }

    /** Closes every cursor still open. */
    @Override
    public synchronized void close() {
        for (EventCursor c : open) {
            c.close();
        }
        open.clear();
    }
}
