package io.fgraph.core;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.platform.BareMetalPlatform;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A program that switches stacks inside one task (the {@code coroutine} guest: two generators
 * switched by an assembly swap, one coroutine switched by setjmp/longjmp) runs traced exactly as
 * untraced; each stack's calls live on their own fiber, stay open while it is switched out and
 * close when it resumes; only the frame truly skipped by a longjmp is unwound.
 */
class CoroutineTest {
    /** Records, per trace task, the calls still open and every switch. */
    private static final class PerTask implements FgraphOps {
        final Map<Integer, List<String>> open = new TreeMap<>();
        final List<String> switches = new ArrayList<>();
        final List<String> unwound = new ArrayList<>();

        @Override
        public FunctionFilter filter() {
            return FunctionFilter.except("setjmp", "longjmp"); // their frames are the longjmp guest's concern
        }

        @Override
        public boolean onEntry(EntryContext call) {
            open.computeIfAbsent(call.task(), t -> new ArrayList<>()).add(call.functionName());
            return true;
        }

        @Override
        public void onReturn(ReturnContext call) {
            List<String> calls = open.get(call.task());
            assertEquals(call.functionName(), calls.remove(calls.size() - 1), "returns nest per task");
            if (call.unwound()) {
                unwound.add(call.functionName());
            }
        }

        @Override
        public void onTaskSwitch(int cpu, long time, int previousTask, int nextTask) {
            switches.add(previousTask + ">" + nextTask);
        }
    }

    private static String untracedOutput() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Machine machine = BareMetalPlatform.boot(Guest.elf("coroutine"), MachineConfig.defaults()
                .withConsole(InputStream.nullInputStream(), out, new ByteArrayOutputStream()));
        RunResult result = machine.run();
        assertEquals(0, result.exitCode(), result.message());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eachStackKeepsItsOwnCallsAndTheProgramRunsAsUntraced() throws Exception {
        Guest guest = Guest.boot("coroutine");
        PerTask user = new PerTask();
        guest.fgraph.register(user);
        RunResult result = guest.run();
        assertNull(guest.fgraph.killReason());
        assertEquals(0, result.exitCode(), result.message() + guest.stdout());
        assertEquals(untracedOutput(), guest.stdout());

        int g0 = Fgraph.FIBER_TASK_BASE;
        int g1 = g0 + 1;
        int task = g0 + 2;
        // generators end parked in their last swap; the longjmp coroutine in its loop
        assertEquals(List.of("generator", "fgraph_swap"), user.open.get(g0));
        assertEquals(List.of("generator", "fgraph_swap"), user.open.get(g1));
        assertEquals(List.of("task_body"), user.open.get(task));
        assertEquals(List.of("fgraph_start_on"), user.unwound, "the only frame a longjmp really skipped");
        assertEquals(1, guest.fgraph.stats().unwound());
        // 4 rounds of next() to each generator, 3 resumptions of the longjmp coroutine: there and back
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            expected.addAll(List.of("0>" + g0, g0 + ">0", "0>" + g1, g1 + ">0"));
        }
        for (int round = 0; round < 3; round++) {
            expected.addAll(List.of("0>" + task, task + ">0"));
        }
        assertEquals(expected, user.switches);
    }

    @Test
    void theSameRunInParallelModeKeepsTheSameStacks() throws Exception {
        Guest guest = Guest.boot("coroutine", MachineConfig.defaults().withParallel(true));
        PerTask user = new PerTask();
        guest.fgraph.register(user);
        RunResult result = guest.run();
        assertEquals(0, result.exitCode(), result.message());
        assertEquals(untracedOutput(), guest.stdout());
        assertEquals(22, user.switches.size());
    }
}
