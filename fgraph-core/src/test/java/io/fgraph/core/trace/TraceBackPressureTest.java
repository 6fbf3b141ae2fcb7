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

/** BLOCK is lossless under a slow writer; DROP counts exactly what it drops and writes the counts into the trace. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TraceBackPressureTest {
    @TempDir
    Path tmp;

    private static final ChronicleBatchWriter.FlushHook SLOW = records -> Thread.sleep(1);

    private static RecordingOptions tiny(BackPressure policy) {
        return Traces.small().withRingSize(64).withBackPressure(policy);
    }

    @Test
    void blockIsLosslessUnderASlowWriter() throws Exception {
        Path dir = tmp.resolve("t");
        int tasks = 3;
        int calls = 1500;
        TraceRecorder r = TraceRecorder.open(dir, Traces.header(tasks), tiny(BackPressure.BLOCK), SLOW);
        runTasks(tasks, task -> Traces.emitCalls(r, task, task, calls));
        r.close();
        assertEquals(0, r.eventsLost());
        assertEquals((long) tasks * calls * 4, r.eventsWritten());
        try (TraceReader reader = TraceReader.open(dir)) {
            for (int task = 0; task < tasks; task++) {
                List<TraceEvent> events = Traces.readAll(reader.events(task));
                assertEquals(calls * 4, events.size(), "task " + task);
                assertInTimeOrder(events);
            }
        }
    }

    @Test
    void dropCountsExactlyWhatItDrops() throws Exception {
        Path dir = tmp.resolve("t");
        int tasks = 3;
        int calls = 3000;
        TraceRecorder r = TraceRecorder.open(dir, Traces.header(tasks), tiny(BackPressure.DROP), SLOW);
        runTasks(tasks, task -> Traces.emitCalls(r, task, task, calls));
        r.close();
        assertTrue(r.eventsDropped() > 0, "a 64-slot ring behind a 1 ms-per-batch writer must overflow");
        assertEquals(r.eventsDropped(), r.eventsLost());

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
        // A 4-slot ring behind a writer stuck in its first flush: 4 events fit, the rest drop.
        TraceRecorder r = TraceRecorder.open(dir, Traces.header(1), tiny(BackPressure.DROP).withRingSize(4),
                records -> release.await());
        for (int i = 0; i < 100; i++) {
            r.probeHit(0, 0, i, 1, 0, i);
        }
        assertEquals(96, r.eventsDropped());
        release.countDown();
        while (r.eventsWritten() < 4) {
            Thread.sleep(1);   // waiting for the writer, not measuring it
        }
        r.probeHit(0, 0, 1000, 1, 0, 1000);
        r.close();
        List<TraceEvent> events = Traces.readAll(dir);
        assertEquals(6, events.size());
        TraceEvent lost = events.get(4);
        assertEquals(EventLayout.KIND_LOST, lost.kind());
        assertEquals(96, lost.lostCount());
        assertEquals(1000, lost.time());
        assertEquals(1000, events.get(5).time());
        assertEquals(EventLayout.KIND_PROBE, events.get(5).kind());
    }

    @Test
    void dropsStillPendingAtCloseAreWrittenAtTheEnd() throws Exception {
        Path dir = tmp.resolve("t");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        TraceRecorder r = TraceRecorder.open(dir, Traces.header(2), tiny(BackPressure.DROP).withRingSize(4),
                records -> release.await());
        for (int i = 0; i < 50; i++) {
            r.probeHit(i % 2, i % 2, i, 1, 0, i);
        }
        long dropped = r.eventsDropped();
        release.countDown();
        r.close();
        List<TraceEvent> events = Traces.readAll(dir);
        long lost = events.stream().filter(e -> e.kind() == EventLayout.KIND_LOST).mapToLong(TraceEvent::lostCount).sum();
        assertEquals(dropped, lost);
        assertEquals(50, events.size() - events.stream().filter(e -> e.kind() == EventLayout.KIND_LOST).count() + lost);
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
