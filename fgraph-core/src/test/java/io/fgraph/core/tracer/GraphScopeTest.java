package io.fgraph.core.tracer;

import io.fgraph.core.FunctionFilter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The filter state machine on scripted call trees: uftrace's meaning of each option, trigger and library mode. */
class GraphScopeTest {
    private static final List<String> NAMES = List.of("main", "a", "b", "c", "lib", "inner", "cb", "on", "off", "fin");

    private static long address(String name) {
        int i = NAMES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(name);
        }
        return i + 1;
    }

    private static String name(long address) {
        return NAMES.get((int) address - 1);
    }

    /** The program's own functions: all but the library's (lib, inner). */
    private static final LongPredicate OWN = f -> !Set.of("lib", "inner").contains(name(f));

    private static GraphScope scope(GraphSelection selection) {
        return scope(selection, null, true);
    }

    private static GraphScope scope(GraphSelection selection, LongPredicate own, boolean replay) {
        return new GraphScope(selection, selection.actions(a -> List.of(name(a))), own, replay);
    }

    /** Runs calls given as "+f" (enter f) and "-f:duration" (exit), returns what is shown. */
    private static List<String> run(GraphScope scope, String... script) {
        return run(scope.task(), script);
    }

    private static List<String> run(GraphScope.Task task, String... script) {
        List<String> shown = new ArrayList<>();
        List<String> stack = new ArrayList<>();
        for (String step : script) {
            if (step.startsWith("+")) {
                String name = step.substring(1);
                int mark = task.enter(address(name), false);
                stack.add(name + "@" + task.shownDepth());
                if ((mark & (GraphScope.HIDDEN | GraphScope.HELD)) == 0) {
                    shown.add("> " + stack.get(stack.size() - 1));
                }
            } else {
                String[] parts = step.substring(1).split(":");
                String open = stack.remove(stack.size() - 1);
                List<String> held = new ArrayList<>(stack);
                held.add(open);
                int mark = task.exit(Long.parseLong(parts[1]), i -> shown.add("> " + held.get(i)));
                if ((mark & GraphScope.HIDDEN) == 0) {
                    shown.add("< " + open);
                }
            }
        }
        return shown;
    }

    private static final String[] ABC = {"+main", "+a", "+b", "+c", "-c:1", "-b:2", "-a:3", "-main:4"};

    @Test
    void depthLimitRestartsAtEachGraphFunctionMatch() {
        // -F main,b -D 2: main and a (depth 1 below main), then b restarts the count: b, c
        GraphScope scope = scope(GraphSelection.ALL.withGraphFunctions(List.of("main", "b")).withMaxDepth(2));
        List<String> shown = run(scope, "+main", "+a", "+b", "+c", "+c", "-c:1", "-c:1", "-b:1", "-a:1", "-main:1");
        assertEquals(List.of("> main@0", "> a@1", "> b@2", "> c@3", "< c@3", "< b@2", "< a@1", "< main@0"), shown);
    }

    @Test
    void withoutGraphFunctionsTheDepthCountsFromTheOutermostCall() {
        GraphScope scope = scope(GraphSelection.ALL.withMaxDepth(2));
        assertEquals(List.of("> main@0", "> a@1", "< a@1", "< main@0"),
                run(scope, "+main", "+a", "+b", "-b:1", "-a:1", "-main:1"));
    }

    @Test
    void notraceHidesAFunctionAndAllItCalls() {
        GraphScope scope = scope(GraphSelection.ALL.withNotrace(List.of("a")));
        assertEquals(List.of("> main@0", "> c@1", "< c@1", "< main@0"),
                run(scope, "+main", "+a", "+b", "-b:1", "-a:1", "+c", "-c:1", "-main:1"));
    }

    @Test
    void theTimeFilterKeepsWholeCallsAndTheirCallersEntries() {
        // -t 10: b (20) qualifies, so its callers' held entries come out first, outermost first;
        // c (3) does not and leaves no trace; a (30) and main (40) close normally
        GraphScope scope = scope(GraphSelection.ALL.withThresholdNs(10));
        assertEquals(List.of("> main@0", "> a@1", "> b@2", "< b@2", "< a@1", "< main@0"),
                run(scope, "+main", "+a", "+b", "-b:20", "+c", "-c:3", "-a:30", "-main:40"));
    }

    @Test
    void aShortCallerOfNothingLongIsDroppedWhole() {
        GraphScope scope = scope(GraphSelection.ALL.withThresholdNs(10));
        assertEquals(List.of(), run(scope, "+main", "+a", "-a:2", "-main:5"));
    }

    @Test
    void hideTakesOnlyTheFunctionAwayAndItsCalleesMoveUp() {
        GraphScope scope = scope(GraphSelection.ALL.withHide(List.of("b")));
        assertEquals(List.of("> main@0", "> a@1", "> c@2", "< c@2", "< a@1", "< main@0"), run(scope, ABC));
    }

    @Test
    void hiddenFunctionsTakeNoDepth() {
        // -H b -D 3: main, a, and c in b's place
        GraphScope scope = scope(GraphSelection.ALL.withHide(List.of("b")).withMaxDepth(3));
        assertEquals(List.of("> main@0", "> a@1", "> c@2", "< c@2", "< a@1", "< main@0"), run(scope, ABC));
    }

    @Test
    void callerFilterShowsTheCallsThatLeadToAMatchAsALeaf() {
        // -C b: main, a, b; c (below b) and the other branch (a second c) are not shown
        GraphScope scope = scope(GraphSelection.ALL.withCallers(List.of("b")));
        assertEquals(List.of("> main@0", "> a@1", "> b@2", "< b@2", "< a@1", "< main@0"),
                run(scope, "+main", "+a", "+b", "+c", "-c:1", "-b:2", "-a:3", "+c", "-c:1", "-main:9"));
    }

    @Test
    void aReplayShowsTheCallersOfACallerMatchItsDepthHides() {
        GraphSelection selection = GraphSelection.ALL.withCallers(List.of("c")).withMaxDepth(2);
        // uftrace's replay applies -C first: main and a are shown, b and c are past -D 2
        assertEquals(List.of("> main@0", "> a@1", "< a@1", "< main@0"), run(scope(selection, null, true), ABC));
        // its recording never sees c: nothing qualifies
        assertEquals(List.of(), run(scope(selection, null, false), ABC));
    }

    @Test
    void depthTriggerSetsTheLimitFromItsFunction() {
        GraphScope scope = scope(GraphSelection.ALL.withMaxDepth(5).withTriggers(Trigger.parseAll("a@depth=2", Trigger.Where.RECORD)));
        assertEquals(List.of("> main@0", "> a@1", "> b@2", "< b@2", "< a@1", "< main@0"), run(scope, ABC));
    }

    @Test
    void traceOffAndOnAreSharedByEveryTaskAndDecidedAtEntry() {
        GraphScope scope = scope(GraphSelection.ALL.withTriggers(Trigger.parseAll("off@trace_off;on@trace_on",
                Trigger.Where.RECORD)));
        GraphScope.Task first = scope.task();
        assertEquals(0, first.enter(address("main"), false) & GraphScope.HIDDEN);
        assertEquals(List.of(), run(first, "+off", "+a", "-a:1", "-off:2"), "off, itself included, and below");
        assertEquals(List.of(), run(scope.task(), "+b", "-b:1"), "tracing is off for every task");
        assertEquals(List.of("> on@1", "< on@1", "> c@1", "< c@1"), run(first, "+on", "-on:1", "+c", "-c:1"));
        assertEquals(0, first.exit(9, i -> { }) & GraphScope.HIDDEN, "main entered while tracing was on");
    }

    @Test
    void disableStartsWithTracingOff() {
        GraphScope scope = scope(GraphSelection.ALL.withStartDisabled(true)
                .withTriggers(Trigger.parseAll("b@trace_on", Trigger.Where.RECORD)));
        assertEquals(List.of("> b@0", "> c@1", "< c@1", "< b@0"), run(scope, ABC));
    }

    @Test
    void theTraceActionShowsACallWhateverTheTimeFilterSays() {
        GraphScope scope = scope(GraphSelection.ALL.withThresholdNs(100)
                .withTriggers(Trigger.parseAll("c@trace", Trigger.Where.RECORD)));
        // c qualifies, so its callers' entries come out: their returns follow, whatever they took
        assertEquals(List.of("> main@0", "> a@1", "> b@2", "> c@3", "< c@3", "< b@2", "< a@1", "< main@0"), run(scope, ABC));
        assertEquals(List.of(), run(scope, "+main", "+a", "-a:3", "-main:4"));
    }

    @Test
    void timeTriggerChangesTheTimeFilterBelowItsFunction() {
        GraphScope scope = scope(GraphSelection.ALL.withTriggers(Trigger.parseAll("b@time=2", Trigger.Where.RECORD)));
        // c (1) is under b's 2 ns: dropped; b (2) qualifies; a and main are not under the trigger
        assertEquals(List.of("> main@0", "> a@1", "> b@2", "< b@2", "< a@1", "< main@0"), run(scope, ABC));
    }

    @Test
    void finishShowsItsEntryThenNothingMore() {
        GraphScope scope = scope(GraphSelection.ALL.withTriggers(Trigger.parseAll("fin@finish", Trigger.Where.RECORD)));
        GraphScope.Task task = scope.task();
        int mark = task.enter(address("main"), false);
        assertEquals(0, mark & GraphScope.HIDDEN);
        mark = task.enter(address("fin"), false);
        assertTrue((mark & GraphScope.FINISH) != 0);
        task.finish();
        assertTrue(scope.finished());
        assertTrue((task.enter(address("a"), false) & GraphScope.HIDDEN) != 0);
        assertTrue((task.exit(1, i -> { }) & GraphScope.HIDDEN) != 0, "a");
        assertTrue((task.exit(1, i -> { }) & GraphScope.HIDDEN) != 0, "fin's return comes after the end");
    }

    @Test
    void libcallModeShowsLibraryFunctionsCalledByTheProgramOnly() {
        // main -> lib -> inner -> cb (a callback, own) -> lib; main -> b
        String[] script = {"+main", "+lib", "+inner", "+cb", "+lib", "-lib:1", "-cb:2", "-inner:3", "-lib:4",
            "+b", "-b:1", "-main:9"};
        GraphScope libcall = scope(GraphSelection.ALL.withLibraryCalls(LibraryCalls.LIBCALL), OWN, true);
        assertEquals(List.of("> main@0", "> lib@1", "> cb@2", "> lib@3", "< lib@3", "< cb@2", "< lib@1", "> b@1",
                "< b@1", "< main@0"), run(libcall, script));
        GraphScope none = scope(GraphSelection.ALL.withLibraryCalls(LibraryCalls.NONE), OWN, true);
        assertEquals(List.of("> main@0", "> cb@1", "< cb@1", "> b@1", "< b@1", "< main@0"), run(none, script));
        GraphScope nest = scope(GraphSelection.ALL.withLibraryCalls(LibraryCalls.NEST), OWN, true);
        assertEquals(12, run(nest, script).size());
        // without own functions (a program without patchable entries) every call is shown
        GraphScope unknown = scope(GraphSelection.ALL.withLibraryCalls(LibraryCalls.LIBCALL), null, true);
        assertEquals(12, run(unknown, script).size());
    }

    @Test
    void aRecordingDeclinesOnlyCallsThatCannotMatter() {
        GraphScope libcall = scope(GraphSelection.ALL.withLibraryCalls(LibraryCalls.LIBCALL), OWN, false);
        GraphScope.Task task = libcall.task();
        assertTrue(task.wantsExit(task.enter(address("main"), false)));
        int lib = task.enter(address("lib"), false);
        assertTrue(task.wantsExit(lib), "a library call from the program is shown");
        int inner = task.enter(address("inner"), false);
        assertFalse(task.wantsExit(inner), "a library call from the library: its callees see the same caller kind");
        task.drop();
        // with -F, own functions outside every match still tell their callees' caller kind
        GraphScope graph = scope(GraphSelection.ALL.withGraphFunctions(List.of("lib")).withLibraryCalls(LibraryCalls.LIBCALL),
                OWN, false);
        GraphScope.Task t = graph.task();
        int main = t.enter(address("main"), false);
        assertTrue((main & GraphScope.HIDDEN) != 0 && t.wantsExit(main));
        assertEquals(0, t.enter(address("lib"), false) & GraphScope.HIDDEN, "lib, called by main, is a -F match");
    }

    @Test
    void aFiberStartsInsideItsCreatorsRegion() {
        GraphScope scope = scope(GraphSelection.ALL.withGraphFunctions(List.of("a")));
        GraphScope.Task creator = scope.task();
        creator.enter(address("main"), false);
        creator.enter(address("a"), false);
        assertEquals(List.of("> c@0", "< c@0"), run(scope.task(creator), "+c", "-c:1"));
        assertEquals(List.of(), run(scope.task(), "+c", "-c:1"));
    }

    @Test
    void regexPatternsFollowUftrace() {
        GraphScope scope = scope(GraphSelection.ALL.withMatch(FunctionFilter.Syntax.REGEX).withNotrace(List.of("^[bc]$")));
        assertEquals(List.of("> main@0", "> a@1", "< a@1", "< main@0"), run(scope, ABC));
    }
}
