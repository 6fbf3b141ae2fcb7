package io.fgraph.core.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * BLOCK is lossless under a slow writer and times its waits; DROP counts exactly what it drops,
 * per task, and writes the counts into the trace.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TraceBackPressureTest {
    @TempDir
    Path tmp;

    private static final ChroniclePageWriter.FlushHook SLOW = records -> Thread.sleep(1);

    /** As few pages as the recorder allows (two per hart) of 4 KiB: a slow writer makes harts run out. */
    private static RecordingOptions tiny(BackPressure policy) {
        return Traces.small().withPages(2).withBackPressure(policy);
    }

    @Test
    void blockIsLosslessUnderASlowWriterAndTimesItsWaits() throws Exception {
        Path dir = tmp.resolve("t");
        int tasks = 3;
        int calls = 1500;
        TraceRecorder r = TraceRecorder.open(dir, Traces.header(tasks), tiny(BackPressure.BLOCK), SLOW);
        runTasks(tasks, task -> Traces.emitCalls(r.sink(), task, task, calls));
        r.close();
        assertEquals(0, r.eventsLost());
        assertEquals((long) tasks * calls * 4, r.eventsWritten());
        assertTrue(r.waits() > 0, "6 pages behind a 1 ms-per-page writer: harts must wait");
        assertTrue(r.waitNanos() >= r.waits(), "each wait is timed: " + r.waitNanos() + " ns");
        try (TraceReader reader = TraceReader.open(dir)) {
            TraceSummary summary = reader.summary().orElseThrow();
            assertEquals(r.waits(), summary.waits());
            assertEquals(r.waitNanos(), summary.waitNanos());
            for (int task = 0; task < tasks; task++) {
                List<TraceEvent> events = Traces.readAll(reader.events(task));
                assertEquals(calls * 4, events.size(), "task " + task);
                assertInTimeOrder(events);
            }
        }
    }

    @Test
    void dropCountsExactlyWhatItDropsPerTask() throws Exception {
        Path dir = tmp.resolve("t");
        int tasks = 3;
        int calls = 3000;
        TraceRecorder r = TraceRecorder.open(dir, Traces.header(tasks), tiny(BackPressure.DROP), SLOW);
        runTasks(tasks, task -> Traces.emitCalls(r.sink(), task, task, calls));
        r.close();
        assertTrue(r.eventsDropped() > 0, "6 pages behind a 1 ms-per-page writer must run out");
        assertEquals(r.eventsDropped(), r.eventsLost());
        assertEquals(0, r.waits(), "DROP never waits");

        Map<Integer, Long> seen = new HashMap<>();
        Map<Integer, Long> lost = new HashMap<>();
        long lostTotal = 0;
        for (TraceEvent e : Traces.readAll(dir)) {
            if (e.kind() == EventLayout.KIND_LOST) {
                lost.merge(e.task(), e.lostCount(), Long::sum);
                lostTotal += e.lostCount();
            } else {
                seen.merge(e.task(), 1L, Long::sum);
            }
        }
        assertEquals(r.eventsDropped(), lostTotal);
        for (int task = 0; task < tasks; task++) {
            assertEquals(calls * 4L, seen.getOrDefault(task, 0L) + lost.getOrDefault(task, 0L), "task " + task);
        }
    }

    @Test
    void dropWritesALostRecordBeforeTheNextEventOfTheTask() throws Exception {
        Path dir = tmp.resolve("t");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        // Two pages behind a writer stuck in its first flush: two pages of events fit, the rest drop.
        TraceRecorder r = TraceRecorder.open(dir, Traces.header(1), tiny(BackPressure.DROP), records -> release.await());
        int sent = 1000;
        for (int i = 0; i < sent; i++) {
            r.sink().probeHit(0, 0, i, 1, 0, i);
        }
        long dropped = r.eventsDropped();
        assertTrue(dropped > 0 && dropped < sent, "dropped=" + dropped);
        release.countDown();
        while (r.eventsWritten() < sent - dropped) {
            Thread.sleep(1);   // waiting for the writer, not measuring it
        }
        r.sink().probeHit(0, 0, 5000, 1, 0, 5000);
        r.close();
        List<TraceEvent> events = Traces.readAll(dir);
        assertEquals(sent - dropped + 2, events.size());
        for (int i = 0; i < sent - dropped; i++) {
            assertEquals(EventLayout.KIND_PROBE, events.get(i).kind());
            assertEquals(i, events.get(i).time(), "the events that fit, in order");
        }
        TraceEvent lost = events.get((int) (sent - dropped));
        assertEquals(EventLayout.KIND_LOST, lost.kind());
        assertEquals(dropped, lost.lostCount());
        assertEquals(5000, lost.time(), "with the time of the event that found a page");
        assertEquals(EventLayout.KIND_PROBE, events.get(events.size() - 1).kind());
        assertEquals(5000, events.get(events.size() - 1).time());
    }

    @Test
    void dropsStillPendingAtCloseAreWrittenAtTheEndPerTask() throws Exception {
        Path dir = tmp.resolve("t");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        TraceRecorder r = TraceRecorder.open(dir, Traces.header(2), tiny(BackPressure.DROP), records -> release.await());
        int sent = 2000;
        for (int i = 0; i < sent; i++) {
            // tasks 0..3 on two harts: each hart drops for two tasks
            r.sink().probeHit(i % 4, i % 2, i, 1, 0, i);
        }
        long dropped = r.eventsDropped();
        assertTrue(dropped > 0, "four pages for two harts behind a stuck writer must run out");
        release.countDown();
        r.close();
        List<TraceEvent> events = Traces.readAll(dir);
        List<TraceEvent> lostRecords = events.stream().filter(e -> e.kind() == EventLayout.KIND_LOST).toList();
        assertEquals(4, lostRecords.size(), "one lost record per task: " + lostRecords);
        assertEquals(lostRecords, events.subList(events.size() - 4, events.size()), "at the end");
        long lost = lostRecords.stream().mapToLong(TraceEvent::lostCount).sum();
        assertEquals(dropped, lost);
        assertEquals(sent, events.size() - lostRecords.size() + lost);
        for (TraceEvent e : lostRecords) {
            long lastSentOfTask = sent - 4 + e.task();
            assertEquals(lastSentOfTask, e.time(), "the time of the task's last dropped event: " + e);
            assertEquals(e.task() % 2, e.cpu());
        }
    }

    static void assertInTimeOrder(List<TraceEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i - 1).time() <= events.get(i).time(), "event " + i + ": " + events.get(i));
        }
    }

    interface TaskBody {
        void run(int task) throws Exception;
    }

    /** Runs one thread per task, as parallel harts do, and rethrows the first failure. */
    static void runTasks(int tasks, TaskBody body) throws Exception {
        Thread[] threads = new Thread[tasks];
        Throwable[] failures = new Throwable[tasks];
        for (int t = 0; t < tasks; t++) {
            int task = t;
            threads[t] = new Thread(() -> {
                try {
                    body.run(task);
                } catch (Throwable e) {
                    failures[task] = e;
                }
            }, "hart-" + t);
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (Throwable f : failures) {
            if (f != null) {
                throw new AssertionError(f);
            }
        }
    }
}
