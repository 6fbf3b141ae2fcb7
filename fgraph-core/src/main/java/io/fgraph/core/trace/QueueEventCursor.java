package io.fgraph.core.trace;

import java.nio.file.Path;
import java.util.List;

/**
 * Events in file order, optionally only those of one task. Reads one excerpt at a time
 * ({@link QueueExcerpts}), checks the first one is the trace's identity, then opens each page (or,
 * in traces before version 3, batch) with the format's {@link ExcerptDecoder}, which checks its
 * checksum and framing, and walks its records. A cursor for one task checks every page but does not
 * decode the pages that hold only another task's records. At the end it hands what it read to the
 * reader's {@link TraceCheck}, which compares it with the summary.
 */
final class QueueEventCursor implements EventCursor {
    /** Pass as {@code task} to see every task. */
    static final long ALL_TASKS = Long.MIN_VALUE;

    private final QueueExcerpts excerpts;
    private final TraceCheck check;
    private final long task;
    private final ExcerptDecoder decoder;
    private final TraceEvent event = new TraceEvent();
    private boolean open;
    private long excerptNumber = -1;
    private boolean identitySeen;
    private boolean ended;
    private long records;
    private long bytes;
    private String where;

    QueueEventCursor(List<Path> files, TraceCheck check, long task) {
        this.excerpts = new QueueExcerpts(files);
        this.check = check;
        this.task = task;
        this.decoder = check.pages() ? new PageExcerptDecoder() : new LegacyBatchDecoder();
    }

    @Override
    public boolean next() {
        while (true) {
            if (open) {
                try {
                    while (decoder.next(event)) {
                        if (task == ALL_TASKS || event.task() == task) {
                            return true;
                        }
                    }
                } catch (ExcerptDecoder.Corrupted e) {
                    throw corrupted(e.getMessage());
                }
                open = false;
            }
            if (!readExcerpt()) {
                return false;
            }
        }
    }

    /** Opens the next excerpt of events; false at the end of the events. */
    private boolean readExcerpt() {
        while (true) {
            if (ended || !excerpts.next()) {
                if (!ended) {
                    ended = true;
                    check.end(excerpts.truncation(), identitySeen, records, excerptNumber + 1, bytes);
                }
                return false;
            }
            byte[] body = excerpts.body();
            int length = excerpts.length();
            if (!identitySeen && check.expectsIdentity()) {
                check.identity(body, length, excerpts.where());
                identitySeen = true;
                continue;
            }
            excerptNumber++;
            where = excerpts.where();
            int count;
            try {
                count = decoder.open(body, length);
            } catch (ExcerptDecoder.Corrupted e) {
                throw corrupted(e.getMessage());
            }
            records += count;
            bytes += length;
            open = task == ALL_TASKS || !decoder.singleTask() || decoder.task() == task;
            if (open) {
                return true;
            }
        }
    }

    private TraceFormatException corrupted(String what) {
        return new TraceFormatException("corrupted: " + check.excerptName() + " " + excerptNumber + " in " + where
                + ": " + what);
    }

    @Override
    public TraceEvent event() {
        return event;
    }

    @Override
    public void close() {
        excerpts.close();
    }
}
