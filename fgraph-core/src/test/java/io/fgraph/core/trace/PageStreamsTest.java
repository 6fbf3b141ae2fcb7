package io.fgraph.core.trace;

import io.fgraph.core.Guest;
import io.fgraph.core.analysis.Call;
import io.fgraph.core.analysis.CallEnd;
import io.fgraph.core.analysis.CallListener;
import io.fgraph.core.analysis.CallTreeWalker;
import io.fgraph.core.event.EventSink;
import io.fgraph.core.tracer.FunctionGraphOptions;
import io.fgraph.core.tracer.FunctionGraphTracer;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A hart's pages hold its tasks' records in order: tasks that share a hart (fibers, whose ids go
 * past 2^16) are told apart, harts on their own threads (parallel mode) never mix their pages.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PageStreamsTest {
    @TempDir
    Path tmp;

    private static final int FIBER = (1 << 16) + 5;

    @Test
    void tasksSharingAHartAreEachReadInTheirOwnOrder() throws IOException {
        Path dir = tmp.resolve("t");
        Map<Integer, List<String>> sent = new TreeMap<>();
        try (TraceRecorder r = TraceRecorder.open(dir, Traces.header(2), Traces.small())) {
            EventSink sink = r.sink();
            int[] onHart0 = {0, FIBER, FIBER + 1};
            int current = 0;
            for (int i = 0; i < 3000; i++) {
                long t = i * 7L;
                if (i % 50 == 49) { // a fiber switch on hart 0
                    int next = onHart0[(i / 50) % 3];
                    sink.taskSwitch(0, t, current, next);
                    sent.computeIfAbsent(current, k -> new ArrayList<>()).add("switch " + t + " " + next);
                    current = next;
                } else {
                    sink.probeHit(current, 0, t, 1, i, 0);
                    sent.computeIfAbsent(current, k -> new ArrayList<>()).add("probe " + t + " " + i);
                }
                sink.probeHit(1, 1, t, 2, i, 0); // hart 1 runs task 1 alone: single-task pages
                sent.computeIfAbsent(1, k -> new ArrayList<>()).add("probe " + t + " " + i);
                if (i == 1500) {
                    // an event reported for a task that is not the hart's current one
                    sink.lost(FIBER + 9, 0, t, 3);
                    sent.computeIfAbsent(FIBER + 9, k -> new ArrayList<>()).add("lost " + t + " 3");
                }
            }
        }
        try (TraceReader reader = TraceReader.open(dir)) {
            assertEquals(sent.keySet(), reader.tasks());
            for (int task : sent.keySet()) {
                List<String> read = new ArrayList<>();
                for (TraceEvent e : Traces.readAll(reader.events(task))) {
                    read.add(switch (e.kind()) {
                        case EventLayout.KIND_TASK_SWITCH -> "switch " + e.time() + " " + e.nextTask();
                        case EventLayout.KIND_LOST -> "lost " + e.time() + " " + e.lostCount();
                        default -> "probe " + e.time() + " " + e.address();
                    });
                }
                assertEquals(sent.get(task), read, "task " + task);
            }
            List<TraceEvent> merged = Traces.readAll(reader.merged());
            assertEquals(sent.values().stream().mapToInt(List::size).sum(), merged.size());
            TraceBackPressureTest.assertInTimeOrder(merged);
        }
    }

    @Test
    void hartsOnTheirOwnThreadsRecordWholeCallTrees() throws Exception {
        for (int round = 0; round < 3; round++) {
            Path dir = tmp.resolve("parallel" + round);
            Guest guest = Guest.boot("multihart", MachineConfig.defaults().withHarts(4).withParallel(true), "300");
            TraceHeader header = TraceHeader.fromElf(guest.elf, "multihart.elf", 4, VirtualClock.FREQUENCY_HZ, Map.of());
            RunResult result;
            TraceRecorder r = TraceRecorder.open(dir, header, Traces.small());
            guest.fgraph.register(new FunctionGraphTracer(r.sink(), FunctionGraphOptions.defaults()));
            result = guest.run();
            r.close();
            assertEquals(StopReason.EXIT, result.reason(), result.toString());
            assertEquals(0, result.exitCode(), guest.stdout());
            assertEquals(0, r.eventsLost());

            Map<Integer, Integer> workCalls = new HashMap<>();
            Map<CallEnd, Integer> ends = new HashMap<>();
            long work = guest.elf.symbolAddress("work").orElseThrow();
            try (TraceReader reader = TraceReader.open(dir); EventCursor cursor = reader.merged()) {
                assertEquals(4, reader.tasks().size());
                new CallTreeWalker(new CallListener() {
                    @Override
                    public void entry(Call call) {
                    }

                    @Override
                    public void exit(Call call) {
                        ends.merge(call.end(), 1, Integer::sum);
                        if (call.function() == work && call.end() == CallEnd.RETURNED) {
                            workCalls.merge(call.task(), 1, Integer::sum);
                        }
                    }
                }).walk(cursor);
                assertEquals(r.eventsWritten(), reader.count().events());
            }
            assertEquals(Map.of(0, 4, 1, 4, 2, 4, 3, 4), workCalls, "round " + round);
            assertNull(ends.get(CallEnd.NO_ENTRY), "round " + round + ": " + ends);
            assertNull(ends.get(CallEnd.NO_RETURN), "round " + round + ": " + ends);
        }
    }

    @Test
    void theSameProgramRecordedTwiceGivesByteIdenticalPages() throws Exception {
        List<List<byte[]>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Path dir = tmp.resolve("fib" + run);
            Guest guest = Guest.boot("fib", "12");
            TraceHeader header = TraceHeader.fromElf(guest.elf, "fib.elf", 1, VirtualClock.FREQUENCY_HZ, Map.of());
            try (TraceRecorder r = TraceRecorder.open(dir, header, Traces.small())) {
                guest.fgraph.register(new FunctionGraphTracer(r.sink(), FunctionGraphOptions.defaults()));
                assertEquals(0, guest.run().exitCode());
            }
            List<byte[]> pages = new ArrayList<>();
            try (QueueFileReader file = new QueueFileReader(Traces.cq4(dir))) {
                assertTrue(file.next(), "the identity");
                while (file.next()) {
                    pages.add(java.util.Arrays.copyOf(file.body(), file.length()));
                }
            }
            runs.add(pages);
        }
        assertTrue(runs.get(0).size() > 3, "fib 12 fills several 4 KiB pages: " + runs.get(0).size());
        assertEquals(runs.get(0).size(), runs.get(1).size());
        for (int i = 0; i < runs.get(0).size(); i++) {
            assertArrayEquals(runs.get(0).get(i), runs.get(1).get(i), "page " + i);
        }
    }
}
