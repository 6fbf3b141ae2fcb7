package io.fgraph.probes.kretprobe;

import io.fgraph.core.FgraphOps;
import io.fgraph.core.FunctionFilter;
import io.fgraph.core.ReturnContext;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.probes.Kprobe;
import io.fgraph.probes.KprobeHandler;
import io.fgraph.probes.kretprobe.KretprobeGuest.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Kretprobes} implementation does (seed 003 §1.3, FGRAPH-REFERENCE §5), run on
 * both: data saved by the entry handler is read at the return, a skipped call is not a miss, one
 * return per call, several probes on one function each with their own data, backtraces with real
 * return addresses, registration while the program runs, function_graph alongside, and longjmp.
 */
class KretprobeContractTest {
    /** fib(n) makes 2 fib(n+1) - 1 calls: fib(10) makes 177. */
    private static final int FIB10_CALLS = 177;

    private static long fib(long n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    private static void assertRan(KretprobeGuest guest, String expectedOutput) {
        RunResult result = guest.run();
        assertEquals(0, result.exitCode(), result.message() + "\n" + guest.stdout());
        assertTrue(guest.stdout().startsWith(expectedOutput), guest.stdout());
        assertEquals(List.of(), guest.kretprobes.failures());
    }

    /** Saves a0 at the entry; checks the return value is fib(that) at the return. */
    private static final class FibChecker implements KretprobeHandler {
        final List<String> wrong = new ArrayList<>();
        int returns;

        @Override
        public boolean entryHandler(KretprobeInstance instance, Hart regs) {
            instance.data().putLong(0, regs.x(Hart.A0));
            return false;
        }

        @Override
        public void handler(KretprobeInstance instance, Hart regs) {
            returns++;
            long n = instance.data().getLong(0);
            if (regs.x(Hart.A0) != fib(n)) {
                wrong.add("fib(" + n + ") returned " + regs.x(Hart.A0));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theEntryHandlersDataIsThereAtTheReturnWithTheReturnValue(Kind kind) {
        KretprobeGuest guest = KretprobeGuest.boot(kind, "probes");
        List<String> seen = new ArrayList<>();
        Kretprobe greet = Kretprobe.on("greet", 16, new KretprobeHandler() {
            @Override
            public boolean entryHandler(KretprobeInstance instance, Hart regs) {
                instance.data().putLong(0, regs.argument(1));
                instance.data().putLong(8, regs.x(Hart.SP));
                return false;
            }

            @Override
            public void handler(KretprobeInstance instance, Hart regs) {
                seen.add("greet(times=" + instance.data().getLong(0) + ") = " + regs.x(Hart.A0)
                        + (instance.data().getLong(8) == regs.x(Hart.SP) ? ", sp back" : ", sp moved")
                        + " to " + guest.functionAt(regs.pc()));
                assertEquals(instance.returnAddress(), regs.pc(), "the handler runs with the pc at the real return address");
            }
        });
        guest.kretprobes.register(greet);
        assertRan(guest, "hello, probe\nhello, probe\n");
        assertEquals(List.of("greet(times=2) = 26, sp back to main"), seen);
        assertEquals(1, greet.hits());
        assertEquals(0, greet.nmissed());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCallTheEntryHandlerSkipsIsNotProbedAndNotMissed(Kind kind) {
        KretprobeGuest guest = KretprobeGuest.boot(kind, "fib", "10");
        AtomicInteger returns = new AtomicInteger();
        Kretprobe evenOnly = Kretprobe.on("fib", 8, new KretprobeHandler() {
            @Override
            public boolean entryHandler(KretprobeInstance instance, Hart regs) {
                return regs.x(Hart.A0) % 2 != 0; // skip odd n
            }

            @Override
            public void handler(KretprobeInstance instance, Hart regs) {
                returns.incrementAndGet();
            }
        });
        guest.kretprobes.register(evenOnly);
        assertRan(guest, "fib(10) = 55\n");
        assertEquals(0, evenOnly.nmissed());
        assertEquals(FIB10_CALLS, evenOnly.hits() + evenOnly.skipped());
        assertEquals(evenOnly.hits(), returns.get());
        assertTrue(evenOnly.skipped() > 0 && evenOnly.hits() > 0);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyCallReturnsOnceWithItsOwnValue(Kind kind) {
        KretprobeGuest guest = KretprobeGuest.boot(kind, "fib", "10");
        FibChecker checker = new FibChecker();
        Kretprobe probe = new Kretprobe(io.fgraph.probes.ProbeTarget.parse("fib"), checker, 8, 64);
        guest.kretprobes.register(probe);
        assertRan(guest, "fib(10) = 55\n");
        assertEquals(List.of(), checker.wrong);
        assertEquals(FIB10_CALLS, checker.returns);
        assertEquals(FIB10_CALLS, probe.hits());
        assertEquals(0, probe.nmissed());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void maxactiveLimitsOnlyTheClassicDesign(Kind kind) {
        KretprobeGuest guest = KretprobeGuest.boot(kind, "fib", "10");
        FibChecker checker = new FibChecker();
        Kretprobe probe = new Kretprobe(io.fgraph.probes.ProbeTarget.parse("fib"), checker, 8, 3);
        guest.kretprobes.register(probe);
        assertRan(guest, "fib(10) = 55\n");
        assertEquals(List.of(), checker.wrong);
        assertEquals(FIB10_CALLS, probe.hits() + probe.nmissed(), "every call either probed or missed");
        if (kind == Kind.CLASSIC) {
            // fib(10) recurses 10 deep: with 3 instances the calls below depth 3 find the pool empty
            assertTrue(probe.nmissed() > 100, "missed " + probe.nmissed());
            assertEquals(0, ((ClassicKretprobes) guest.kretprobes).inFlight(0));
        } else {
            assertEquals(0, probe.nmissed(), "fgraph keeps instances in the shadow stack: no maxactive");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fourProbesOnOneFunctionEachKeepTheirOwnData(Kind kind) {
        KretprobeGuest guest = KretprobeGuest.boot(kind, "fib", "10");
        List<String> wrong = new ArrayList<>();
        List<Kretprobe> probes = new ArrayList<>();
        int[] sizes = {8, 24, 0, 40};
        for (int p = 0; p < sizes.length; p++) {
            int id = p;
            int words = sizes[p] / 8;
            probes.add(Kretprobe.on("fib", sizes[p], new KretprobeHandler() {
                @Override
                public boolean entryHandler(KretprobeInstance instance, Hart regs) {
                    for (int w = 0; w < words; w++) {
                        instance.data().putLong(8 * w, id * 1000 + regs.x(Hart.A0) * 10 + w);
                    }
                    return false;
                }

                @Override
                public void handler(KretprobeInstance instance, Hart regs) {
                    if (instance.probe() != probes.get(id)) {
                        wrong.add("probe " + id + " got " + instance.probe());
                    }
                    for (int w = 0; w < words; w++) {
                        long v = instance.data().getLong(8 * w);
                        long n = (v - id * 1000 - w) / 10;
                        if (v != id * 1000 + n * 10 + w || regs.x(Hart.A0) != fib(n)) {
                            wrong.add("probe " + id + " word " + w + ": " + v + " with a0=" + regs.x(Hart.A0));
                        }
                    }
                }
            }));
        }
        probes.forEach(guest.kretprobes::register);
        assertRan(guest, "fib(10) = 55\n");
        assertEquals(List.of(), wrong);
        for (Kretprobe probe : probes) {
            assertEquals(FIB10_CALLS, probe.hits(), probe.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aBacktraceInAHandlerSeesRealReturnAddresses(Kind kind) {
        KretprobeGuest guest = KretprobeGuest.boot(kind, "chain");
        List<List<String>> traces = new ArrayList<>();
        KretprobeHandler nothing = (instance, regs) -> { };
        guest.kretprobes.register(Kretprobe.on("a", 0, nothing));
        guest.kretprobes.register(Kretprobe.on("b", 0, nothing));
        guest.kretprobes.register(Kretprobe.on("c", 0, (instance, regs) -> {
            List<String> frames = new ArrayList<>();
            long[] addresses = guest.kretprobes.backtrace(regs).addresses();
            for (int i = 1; i < addresses.length; i++) {
                frames.add(guest.functionAt(addresses[i]));
            }
            traces.add(frames);
            assertEquals("b", guest.functionAt(instance.returnAddress()));
        }));
        assertRan(guest, "a(5) = 66\n");
        assertEquals(1, traces.size());
        List<String> frames = traces.get(0);
        assertTrue(frames.size() >= 2 && frames.get(0).equals("a") && frames.get(1).equals("main"),
                "frames above c's caller: " + frames);
        assertTrue(frames.stream().noneMatch(f -> f.equals("?")), "no trampoline in " + frames);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void probesRegisteredAndUnregisteredWhileTheProgramRunsLeaveNothingBehind(Kind kind) {
        KretprobeGuest guest = KretprobeGuest.boot(kind, "fib", "15");
        FibChecker checker = new FibChecker();
        Kretprobe probe = Kretprobe.on("fib", 8, checker);
        AtomicInteger rounds = new AtomicInteger();
        AtomicInteger entries = new AtomicInteger();
        // An entry kprobe on fib toggles the return probe every 7 calls, from inside a handler.
        guest.kprobes.register(Kprobe.at("fib", new KprobeHandler() {
            @Override
            public boolean preHandler(Kprobe p, Hart regs) {
                if (entries.incrementAndGet() % 7 == 0 && rounds.get() < 128) {
                    if (probe.isRegistered()) {
                        guest.kretprobes.unregister(probe);
                    } else {
                        guest.kretprobes.register(probe);
                    }
                    rounds.incrementAndGet();
                }
                return false;
            }
        }));
        assertRan(guest, "fib(15) = 610\n");
        assertEquals(128, rounds.get(), "64 register/unregister rounds");
        assertEquals(List.of(), checker.wrong);
        assertTrue(checker.returns > 0);
        assertEquals(probe.hits(), checker.returns);
        if (kind == Kind.CLASSIC) {
            assertEquals(0, ((ClassicKretprobes) guest.kretprobes).inFlight(0), "every instance came back");
        } else {
            assertEquals(0, guest.fgraph.stack(0).depth(), "the shadow stack is empty at the end");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aReturnProbeAndTheFunctionGraphTracerSeeTheSameCalls(Kind kind) {
        KretprobeGuest guest = KretprobeGuest.withFgraph(kind, "fib", "10");
        FibChecker checker = new FibChecker();
        guest.kretprobes.register(Kretprobe.on("fib", 8, checker));
        List<String> wrong = new ArrayList<>();
        AtomicInteger graphReturns = new AtomicInteger();
        guest.fgraph.register(new FgraphOps() {
            @Override
            public FunctionFilter filter() {
                return FunctionFilter.only("fib");
            }

            @Override
            public boolean onEntry(io.fgraph.core.EntryContext call) {
                call.reserveData(8).putLong(0, call.hart().x(Hart.A0));
                return true;
            }

            @Override
            public void onReturn(ReturnContext call) {
                graphReturns.incrementAndGet();
                long n = call.retrieveData().getLong(0);
                if (call.returnValue() != fib(n)) {
                    wrong.add("graph: fib(" + n + ") = " + call.returnValue());
                }
            }
        });
        assertRan(guest, "fib(10) = 55\n");
        assertEquals(List.of(), checker.wrong);
        assertEquals(List.of(), wrong);
        assertEquals(FIB10_CALLS, checker.returns);
        assertEquals(FIB10_CALLS, graphReturns.get());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void callsALongjmpSkipsAreClosedAsUnwoundNotLeaked(Kind kind) {
        KretprobeGuest guest = KretprobeGuest.boot(kind, "longjmp");
        List<String> events = new ArrayList<>();
        List<Kretprobe> probes = new ArrayList<>();
        for (String function : List.of("outer", "middle", "inner", "after")) {
            Kretprobe probe = Kretprobe.on(function, 8, new KretprobeHandler() {
                @Override
                public boolean entryHandler(KretprobeInstance instance, Hart regs) {
                    instance.data().putLong(0, regs.x(Hart.A0));
                    return false;
                }

                @Override
                public void handler(KretprobeInstance instance, Hart regs) {
                    events.add(function + "(" + instance.data().getLong(0) + ") = " + regs.x(Hart.A0));
                }

                @Override
                public void unwound(KretprobeInstance instance) {
                    events.add(function + "(" + instance.data().getLong(0) + ") unwound");
                }
            });
            probes.add(probe);
            guest.kretprobes.register(probe);
        }
        assertRan(guest, "round 0: longjmp returned 4, after(4) = 41\n");
        assertEquals(List.of("inner(4) unwound", "middle(2) unwound", "outer(1) unwound", "after(4) = 41",
                "inner(6) unwound", "middle(3) unwound", "outer(2) unwound", "after(6) = 61"), events);
        for (Kretprobe probe : probes) {
            assertEquals(0, probe.nmissed(), probe.toString());
        }
        assertEquals(2, probes.get(3).hits());
        assertEquals(2, probes.get(0).unwound());
        if (kind == Kind.CLASSIC) {
            assertEquals(0, ((ClassicKretprobes) guest.kretprobes).inFlight(0));
        }
        assertNotEquals(0, probes.get(2).unwound());
    }
}
