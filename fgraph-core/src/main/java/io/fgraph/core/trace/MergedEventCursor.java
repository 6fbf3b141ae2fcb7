package io.fgraph.core.trace;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Events of all tasks merged by time: a k-way merge of one {@link QueueEventCursor} per task,
 * ties broken by task id, each task's own events kept in file order. Memory is one page per task;
 * the price is that each task's cursor reads the whole queue.
 */
final class MergedEventCursor implements EventCursor {
    private static final Comparator<EventCursor> ORDER = Comparator
            .<EventCursor>comparingLong(c -> c.event().time())
            .thenComparingInt(c -> c.event().task());

    private final List<? extends EventCursor> cursors;
    private final PriorityQueue<EventCursor> heap;
    private EventCursor current;

    MergedEventCursor(List<? extends EventCursor> perTask) {
        this.cursors = perTask;
        this.heap = new PriorityQueue<>(Math.max(1, perTask.size()), ORDER);
        try {
            for (EventCursor c : perTask) {
                if (c.next()) {
                    heap.add(c);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public boolean next() {
        if (current != null && current.next()) {
            heap.add(current);
        }
        current = heap.poll();
        return current != null;
    }

    @Override
    public TraceEvent event() {
        return current.event();
    }

    @Override
    public void close() {
        for (EventCursor c : cursors) {
            c.close();
        }
    }
}
