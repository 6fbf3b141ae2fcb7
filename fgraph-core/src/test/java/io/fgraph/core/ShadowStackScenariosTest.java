package io.fgraph.core;

import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.hook.Backtrace;
import io.fgraph.emulator.hook.ReturnAddressTranslator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Overrun, recursion, non-local exits, backtraces and tracing of code without patchable entries. */
class ShadowStackScenariosTest {
    @Test
    void aFullStackSkipsCallsCountsThemAndTracingGoesOn() {
        Guest guest = Guest.boot("fib", "12");
        Fgraph small = null;
        // A separate machine with a 6-frame stack.
        io.fgraph.emulator.Machine machine = guest.machine;
        small = Fgraph.install(machine, guest.elf, TaskModel.PER_HART, FrameLayout.MIN_FRAME_WORDS * 6);
        RecordingOps user = new RecordingOps(FunctionFilter.only("fib"));
        small.register(user);
        RunResult result = guest.run();
        assertEquals(0, result.exitCode());
        assertTrue(guest.stdout().contains("fib(12) = 144"), guest.stdout());
        FgraphStats stats = small.stats();
        long calls = 465; // fib(12) makes 465 calls
        assertTrue(stats.overrun() > 0);
        assertEquals(calls, stats.hijacks() + stats.overrun());
        assertEquals(stats.hijacks(), stats.returns());
        assertEquals(user.entries, user.returns);
        assertNull(small.killReason());
    }

    @Test
    void aHookHitInsideACallbackIsNotTracedButCounted() {
        Guest guest = Guest.boot("chain");
        long c = guest.address("c");
        RecordingOps inner = new RecordingOps(FunctionFilter.only("c"));
        guest.fgraph.register(new RecordingOps(FunctionFilter.only("a"), call -> {
            Hart hart = call.hart();
            long pc = hart.pc();
            hart.setPc(c); // execute c's hooked entry from inside the callback
            guest.machine.step(hart);
            hart.setPc(pc);
            return true;
        }));
        guest.fgraph.register(inner);
        assertEquals(0, guest.run().exitCode());
        assertEquals(1, guest.fgraph.stats().recursion());
        assertEquals(1, inner.entries, "only c's real call was traced");
    }

    @Test
    void longjmpClosesSkippedFramesAsUnwoundAndTracingGoesOn() {
        Guest guest = Guest.boot("longjmp");
        RecordingOps user = new RecordingOps(FunctionFilter.only("main", "outer", "middle", "inner", "after"));
        guest.fgraph.register(user);
        RunResult result = guest.run();
        assertEquals(0, result.exitCode(), guest.stdout());
        List<String> round = List.of("> outer 1", "> middle 2", "> inner 3", "< inner 3 unwound", "< middle 2 unwound",
                "< outer 1 unwound", "> after 1");
        assertEquals(round, user.events.subList(1, 8));
        assertEquals(6, guest.fgraph.stats().unwound());
        assertEquals("< main 0 0", user.events.get(user.events.size() - 1));
        assertEquals(0, guest.fgraph.stack(0).depth());
        assertNull(guest.fgraph.killReason());
    }

    @Test
    void backtracesInsideReturnCallbacksShowRealReturnAddresses() {
        Guest guest = Guest.boot("chain");
        List<String> translated = new ArrayList<>();
        List<Long> raw = new ArrayList<>();
        guest.fgraph.register(new RecordingOps(FunctionFilter.only("main", "a", "b", "c")) {
            @Override
            public void onReturn(ReturnContext call) {
                if (call.functionName().equals("c")) {
                    Backtrace trace = guest.fgraph.backtrace(call.hart(), false);
                    for (long address : trace.addresses()) {
                        translated.add(guest.elf.symbols().containing(address).map(s -> s.name()).orElse("?"));
                    }
                    for (long address : Backtrace.capture(call.hart(), ReturnAddressTranslator.IDENTITY).addresses()) {
                        raw.add(address);
                    }
                }
            }
        });
        assertEquals(0, guest.run().exitCode());
        assertEquals(List.of("b", "a", "main", "_cstart"), translated.subList(0, 4));
        assertTrue(raw.contains(guest.fgraph.trampoline()), "without translation the trampoline shows");
    }

    @Test
    void tailCallsInheritTheHijackedReturnAddressAndEveryFrameCloses() {
        Guest guest = Guest.boot("tailcall");
        List<String> backtrace = new ArrayList<>();
        RecordingOps user = new RecordingOps(FunctionFilter.only("top", "middle", "leaf", "even", "odd")) {
            @Override
            public boolean onEntry(EntryContext call) {
                if (call.functionName().equals("leaf")) {
                    for (long address : guest.fgraph.backtrace(call.hart(), true).addresses()) {
                        backtrace.add(guest.elf.symbols().containing(address).map(s -> s.name()).orElse("?"));
                    }
                }
                return super.onEntry(call);
            }
        };
        guest.fgraph.register(user);
        assertEquals(0, guest.run().exitCode(), guest.stdout());
        assertEquals(List.of("> top 0", "> middle 1", "> leaf 2", "< leaf 2 15", "< middle 1 15", "< top 0 150",
                "> even 0", "> odd 1", "> even 2", "> odd 3", "< odd 3 0", "< even 2 0", "< odd 1 0", "< even 0 0"),
                user.events);
        assertEquals(List.of("leaf", "top", "main"), backtrace.subList(0, 3),
                "middle left the real stack with its tail call; the trampoline maps to top");
        assertEquals(0, guest.fgraph.stats().unwound(), "a tail call is not a non-local exit");
        assertEquals(7, guest.fgraph.stats().hijacks());
        assertEquals(7, guest.fgraph.stats().returns(), "one trampoline trip per frame, tail-called ones included");
    }

    @Test
    void backtraceAtEntryTranslatesTheHijackedRa() {
        Guest guest = Guest.boot("chain");
        List<String> names = new ArrayList<>();
        guest.fgraph.register(new RecordingOps(FunctionFilter.only("a", "b", "c")) {
            @Override
            public boolean onEntry(EntryContext call) {
                if (call.functionName().equals("c")) {
                    for (long address : guest.fgraph.backtrace(call.hart(), true).addresses()) {
                        names.add(guest.elf.symbols().containing(address).map(s -> s.name()).orElse("?"));
                    }
                }
                return true;
            }
        });
        guest.run();
        assertEquals(List.of("c", "b", "a", "main"), names.subList(0, 4));
    }

    @Test
    void libraryFunctionsWithoutPatchableEntriesAreTracedThroughDisplacedInstructions() {
        Guest guest = Guest.boot("chain");
        List<TraceableFunction> library = guest.fgraph.functions().functions().stream()
                .filter(f -> !f.patchable()).toList();
        assertFalse(library.isEmpty());
        RecordingOps user = new RecordingOps(FunctionFilter.only("printf", "__d_vfprintf", "sys_semihost_putc", "memset"));
        guest.fgraph.register(user);
        assertEquals(0, guest.run().exitCode());
        assertEquals("a(5) = 66\nfails() = -22\nsum8(1, 2, 3, 4, 5, 6, 7, 8) = 36\n", guest.stdout());
        String names = user.events.stream().map(e -> e.split(" ")[1]).distinct().sorted().collect(Collectors.joining(","));
        assertEquals("memset,printf,sys_semihost_putc,vfprintf", names, "a filter matches any alias; the public name is shown");
        assertEquals(user.entries, user.returns);
    }

    @Test
    void registeringAndUnregistering64TimesWhileTheGuestRunsLosesAndDuplicatesNothing() {
        Guest guest = Guest.boot("fib", "16");
        long[] token = {0};
        List<String> problems = new ArrayList<>();
        java.util.Set<String> returned = new java.util.HashSet<>();
        long[] counts = new long[2];
        RecordingOps[] toggled = new RecordingOps[1];
        toggled[0] = new RecordingOps(FunctionFilter.only("fib"), call -> {
            counts[0]++;
            call.reserveData(16).putLong(0, token[0]).putLong(8, call.entryTime());
            return true;
        }) {
            @Override
            public void onReturn(ReturnContext call) {
                counts[1]++;
                DataBlock data = call.retrieveData();
                if (data.getLong(0) != token[0]) {
                    problems.add("return for a frame of registration " + data.getLong(0) + " in " + token[0]);
                }
                if (!returned.add(data.getLong(0) + ":" + data.getLong(8) + ":" + call.entryStackPointer())) {
                    problems.add("duplicate return");
                }
            }
        };
        int[] rounds = {0};
        int[] seen = {0};
        guest.fgraph.register(new RecordingOps(FunctionFilter.only("fib"), call -> {
            if (++seen[0] % 20 == 0 && rounds[0] < 64) {
                if (guest.fgraph.isRegistered(toggled[0])) {
                    guest.fgraph.unregister(toggled[0]);
                } else {
                    token[0]++;
                    guest.fgraph.register(toggled[0]);
                    rounds[0]++;
                }
            }
            return false;
        }));
        assertEquals(0, guest.run().exitCode());
        assertTrue(guest.stdout().contains("fib(16) = 987"));
        assertEquals(64, rounds[0]);
        assertEquals(List.of(), problems);
        assertTrue(counts[1] > 100 && counts[1] <= counts[0], counts[0] + " entries, " + counts[1] + " returns");
        assertEquals(0, guest.fgraph.stack(0).depth());
    }

    @Test
    void everyHartHasItsOwnShadowStack() {
        for (boolean parallel : new boolean[] {false, true}) {
            Guest guest = Guest.boot("multihart", MachineConfig.defaults().withHarts(4).withParallel(parallel), "200");
            java.util.concurrent.ConcurrentHashMap<Integer, java.util.concurrent.atomic.AtomicInteger> perTask =
                    new java.util.concurrent.ConcurrentHashMap<>();
            List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
            guest.fgraph.register(new FgraphOps() {
                @Override
                public FunctionFilter filter() {
                    return FunctionFilter.only("work", "hart_main");
                }

                @Override
                public boolean onEntry(EntryContext call) {
                    if (call.task() != call.cpu()) {
                        problems.add("task " + call.task() + " on cpu " + call.cpu());
                    }
                    perTask.computeIfAbsent(call.task(), t -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                    return true;
                }

                @Override
                public void onReturn(ReturnContext call) {
                    int expectedDepth = call.functionName().equals("work") ? 1 : 0;
                    if (call.depth() != expectedDepth) {
                        problems.add(call.functionName() + " at depth " + call.depth());
                    }
                }
            });
            RunResult result = guest.run();
            assertEquals(0, result.exitCode(), guest.stdout());
            assertEquals(List.of(), problems);
            assertEquals(4, perTask.size(), "parallel=" + parallel);
            perTask.values().forEach(count -> assertEquals(5, count.get(), "hart_main + 4 work calls per hart"));
            FgraphStats stats = guest.fgraph.stats();
            assertEquals(20, stats.hijacks());
            assertEquals(20, stats.returns());
        }
    }
}
