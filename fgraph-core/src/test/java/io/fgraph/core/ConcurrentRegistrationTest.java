package io.fgraph.core;

import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Users come and go from another thread while 4 harts run in parallel. */
class ConcurrentRegistrationTest {
    @Test
    void registrationsFromAnotherThreadNeverCorruptTheStacks() throws Exception {
        Guest guest = Guest.boot("multihart", MachineConfig.defaults().withHarts(4).withParallel(true), "2000");
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicLong token = new AtomicLong();
        AtomicLong returns = new AtomicLong();
        FgraphOps toggled = new FgraphOps() {
            @Override
            public FunctionFilter filter() {
                return FunctionFilter.only("work", "hart_main", "main");
            }

            @Override
            public boolean onEntry(EntryContext call) {
                call.reserveData(8).putLong(0, token.get());
                return true;
            }

            @Override
            public void onReturn(ReturnContext call) {
                returns.incrementAndGet();
                long pushedBy = call.retrieveData().getLong(0);
                if (pushedBy > token.get()) {
                    problems.add("frame from the future: " + pushedBy);
                }
            }
        };
        AtomicBoolean done = new AtomicBoolean();
        int[] rounds = {0};
        Thread churn = new Thread(() -> {
            while (!done.get()) {
                token.incrementAndGet();
                guest.fgraph.register(toggled);
                Thread.onSpinWait();
                guest.fgraph.unregister(toggled);
                rounds[0]++;
            }
        });
        churn.start();
        RunResult result = guest.run();
        done.set(true);
        churn.join();
        assertEquals(0, result.exitCode(), guest.stdout());
        assertEquals(List.of(), problems);
        assertNull(guest.fgraph.killReason());
        assertTrue(guest.fgraph.failures().isEmpty(), guest.fgraph.failures().toString());
        assertTrue(rounds[0] > 0);
        assertEquals(List.of(), guest.fgraph.patchedEntries(), "everything unpatched after the last round");
        FgraphStats stats = guest.fgraph.stats();
        assertEquals(stats.hijacks(), stats.returns() + openFrames(guest), "every hijacked call came back");
    }

    private static long openFrames(Guest guest) {
        long open = 0;
        for (int task = 0; task < 4; task++) {
            ShadowStack stack = guest.fgraph.stack(task);
            open += stack == null ? 0 : stack.depth();
        }
        return open;
    }
}
