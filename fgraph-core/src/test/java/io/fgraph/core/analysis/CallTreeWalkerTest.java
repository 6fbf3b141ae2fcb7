package io.fgraph.core.analysis;

import io.fgraph.core.event.EventSink;
import io.fgraph.core.trace.EventLayout;
import io.fgraph.core.trace.TraceEvent;
import io.fgraph.core.tracer.GraphSelection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The walker on synthetic event streams: nesting, self time, unwound, lost, threshold mode, the end. */
class CallTreeWalkerTest {
    private static final long MAIN = 0x100;
    private static final long A = 0x200;
    private static final long B = 0x300;

    private final List<String> seen = new ArrayList<>();
    private final CallListener recorder = new CallListener() {
        @Override
        public void entry(Call call) {
            seen.add("entry " + name(call.function()) + " depth=" + call.depth());
        }

        @Override
        public void exit(Call call) {
            seen.add("exit " + name(call.function()) + " depth=" + call.depth() + " " + call.duration() + "/"
                    + call.selfTime() + (call.end() == CallEnd.RETURNED ? "" : " " + call.end()));
        }

        @Override
        public void lost(int task, int cpu, long time, long count) {
            seen.add("lost " + count);
        }

        @Override
        public void overrun(int task, int cpu, long time, long overrun) {
            seen.add("overrun " + overrun);
        }
    };

    private static String name(long f) {
        return f == MAIN ? "main" : f == A ? "a" : f == B ? "b" : "?";
    }

    private static TraceEvent entry(int task, long time, long function, int depth) {
        byte[] b = new byte[EventLayout.MAX_RECORD_LENGTH];
        return new TraceEvent().wrap(b, 0, EventLayout.putEntry(b, 0, task, 0, time, function, depth, null, 0));
    }

    private static TraceEvent ret(int task, long entry, long time, long function, int depth, int flags, long overrun) {
        byte[] b = new byte[EventLayout.MAX_RECORD_LENGTH];
        return new TraceEvent().wrap(b, 0, EventLayout.putReturn(b, 0, task, 0, entry, time, function, depth, 0, overrun, flags));
    }

    private static TraceEvent lost(int task, long time, long count) {
        byte[] b = new byte[EventLayout.MAX_RECORD_LENGTH];
        return new TraceEvent().wrap(b, 0, EventLayout.putLost(b, 0, task, 0, time, count));
    }

    private List<String> walk(CallListener listener, TraceEvent... events) {
        CallTreeWalker walker = new CallTreeWalker(listener);
        for (TraceEvent e : events) {
            walker.accept(e);
        }
        walker.finish();
        return seen;
    }

    @Test
    void nestsCallsAndSubtractsCalleesFromSelfTime() {
        assertEquals(List.of("entry main depth=0", "entry a depth=1", "exit a depth=1 10/10", "entry b depth=1",
                "exit b depth=1 20/20", "exit main depth=0 100/70"), walk(recorder,
                entry(0, 0, MAIN, 0), entry(0, 10, A, 1), ret(0, 10, 20, A, 1, 0, 0),
                entry(0, 50, B, 1), ret(0, 50, 70, B, 1, 0, 0), ret(0, 0, 100, MAIN, 0, 0, 0)));
    }

    @Test
    void reportsUnwoundLostMissingReturnsAndOpenCalls() {
        assertEquals(List.of("entry main depth=0", "entry a depth=1", "entry b depth=2", "exit b depth=2 5/5 UNWOUND",
                "lost 3", "exit a depth=1 20/15 NO_RETURN", "entry a depth=1", "entry b depth=2", "overrun 2",
                "exit b depth=2 40/40 NO_RETURN", "exit a depth=1 50/10", "exit main depth=0 80/10 OPEN"), walk(recorder,
                entry(0, 0, MAIN, 0), entry(0, 10, A, 1), entry(0, 12, B, 2),
                ret(0, 12, 17, B, 2, EventSink.FLAG_UNWOUND, 0),
                lost(0, 20, 3), // the return of a (at 10) was lost: the next a at depth 1 closes it
                entry(0, 30, A, 1), entry(0, 40, B, 2), ret(0, 30, 80, A, 1, 0, 2)));
    }

    @Test
    void thresholdModeReturnsWithoutEntriesStillGetSelfTime() {
        assertEquals(List.of("exit b depth=2 10/10 NO_ENTRY", "exit a depth=1 30/20 NO_ENTRY",
                "exit main depth=0 100/70 NO_ENTRY"), walk(recorder,
                ret(0, 15, 25, B, 2, 0, 0), ret(0, 10, 40, A, 1, 0, 0), ret(0, 0, 100, MAIN, 0, 0, 0)));
    }

    @Test
    void timeFilterHoldsEntriesUntilTheirCallQualifies() {
        ReplayFilter filter = new ReplayFilter(recorder, a -> List.of(name(a)), GraphSelection.ALL.withThresholdNs(15),
                null, Set.of(), Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(List.of("entry main depth=0", "entry b depth=1", "exit b depth=1 20/20", "exit main depth=0 100/70"),
                walk(filter, entry(0, 0, MAIN, 0), entry(0, 10, A, 1), ret(0, 10, 20, A, 1, 0, 0),
                        entry(0, 50, B, 1), ret(0, 50, 70, B, 1, 0, 0), ret(0, 0, 100, MAIN, 0, 0, 0)));
    }

    @Test
    void graphFilterRebasesDepthsAndNotraceDropsSubtrees() {
        ReplayFilter filter = new ReplayFilter(recorder, a -> List.of(name(a)),
                GraphSelection.ALL.withGraphFunctions(List.of("a")).withNotrace(List.of("b")), null, Set.of(),
                Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(List.of("entry a depth=0", "exit a depth=0 50/30"), walk(filter,
                entry(0, 0, MAIN, 0), entry(0, 10, A, 1), entry(0, 20, B, 2), entry(0, 25, MAIN, 3),
                ret(0, 25, 30, MAIN, 3, 0, 0), ret(0, 20, 40, B, 2, 0, 0), ret(0, 10, 60, A, 1, 0, 0),
                ret(0, 0, 100, MAIN, 0, 0, 0)));
    }
}
