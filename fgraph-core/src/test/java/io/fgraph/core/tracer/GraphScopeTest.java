package io.fgraph.core.tracer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The -F/-N/-D/-t state machine on a scripted call tree: uftrace's meaning of each option. */
class GraphScopeTest {
    private static final long MAIN = 1;
    private static final long A = 2;
    private static final long B = 3;
    private static final long C = 4;

    /** Runs calls given as "+f" (enter f) and "-f:duration" (exit), returns what is shown. */
    private static List<String> run(GraphScope scope, String... script) {
        GraphScope.Task task = scope.task();
        List<String> shown = new ArrayList<>();
        List<String> stack = new ArrayList<>();
        int depth = 0;
        for (String step : script) {
            if (step.startsWith("+")) {
                String name = step.substring(1);
                int mark = task.enter(address(name), depth, false);
                stack.add(name + "@" + task.shownDepth());
                depth++;
                if ((mark & (GraphScope.HIDDEN | GraphScope.HELD)) == 0) {
                    shown.add("> " + stack.get(stack.size() - 1));
                }
            } else {
                String[] parts = step.substring(1).split(":");
                depth--;
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

    private static long address(String name) {
        return switch (name) {
            case "main" -> MAIN;
            case "a" -> A;
            case "b" -> B;
            default -> C;
        };
    }

    @Test
    void depthLimitRestartsAtEachGraphFunctionMatch() {
        // -F main,b -D 2: main and a (depth 1 below main), then b restarts the count: b, c
        GraphScope scope = new GraphScope(f -> f == MAIN || f == B, null, 2, 0);
        List<String> shown = run(scope, "+main", "+a", "+b", "+c", "+c", "-c:1", "-c:1", "-b:1", "-a:1", "-main:1");
        assertEquals(List.of("> main@0", "> a@1", "> b@2", "> c@3", "< c@3", "< b@2", "< a@1", "< main@0"), shown);
    }

    @Test
    void withoutGraphFunctionsTheDepthCountsFromTheOutermostCall() {
        GraphScope scope = new GraphScope(null, null, 2, 0);
        assertEquals(List.of("> main@0", "> a@1", "< a@1", "< main@0"),
                run(scope, "+main", "+a", "+b", "-b:1", "-a:1", "-main:1"));
    }

    @Test
    void notraceHidesAFunctionAndAllItCalls() {
        GraphScope scope = new GraphScope(null, f -> f == A, 0, 0);
        assertEquals(List.of("> main@0", "> c@1", "< c@1", "< main@0"),
                run(scope, "+main", "+a", "+b", "-b:1", "-a:1", "+c", "-c:1", "-main:1"));
    }

    @Test
    void theTimeFilterKeepsWholeCallsAndTheirCallersEntries() {
        // -t 10: b (20) qualifies, so its callers' held entries come out first, outermost first;
        // c (3) does not and leaves no trace; a (30) and main (40) close normally
        GraphScope scope = new GraphScope(null, null, 0, 10);
        assertEquals(List.of("> main@0", "> a@1", "> b@2", "< b@2", "< a@1", "< main@0"),
                run(scope, "+main", "+a", "+b", "-b:20", "+c", "-c:3", "-a:30", "-main:40"));
    }

    @Test
    void aShortCallerOfNothingLongIsDroppedWhole() {
        GraphScope scope = new GraphScope(null, null, 0, 10);
        assertEquals(List.of(), run(scope, "+main", "+a", "-a:2", "-main:5"));
    }
}
