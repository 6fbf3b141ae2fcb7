package io.fgraph.cli;

import io.fgraph.testsupport.GoldenFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden output of every analysis command and format on traces of the shipped guests (recorded in
 * the test, exact thanks to the virtual clock). Regenerate with
 * {@code mvn test -pl cli -Dtest=AnalysisGoldenTest -Dgolden.update=true} and review the diff; a missing
 * golden file fails.
 */
class AnalysisGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    record Case(String golden, String trace, String[] args) {
        @Override
        public String toString() {
            return golden;
        }
    }

    private static Case of(String golden, String trace, String... args) {
        return new Case(golden, trace, args);
    }

    static Stream<Case> cases() {
        return Stream.of(
                of("chain-replay-ftrace.txt", "chain", "replay", "--retval", "--args"),
                of("chain-replay-uftrace.txt", "chain", "replay", "--format", "uftrace", "--retval", "--args", "-F", "main"),
                of("chain-replay-notrace-depth.txt", "chain", "replay", "-N", "printf", "-D", "3"),
                of("chain-replay-time-filter.txt", "chain", "replay", "-t", "1us", "--retval"),
                of("chain-replay-time-range.txt", "chain", "replay", "--format", "uftrace", "-l", "-r", "9us~10us"),
                of("chain-report.txt", "chain", "report"),
                of("chain-graph-a.txt", "chain", "graph", "a"),
                of("chain-dump.txt", "chain", "dump"),
                of("chain-threshold-replay-ftrace.txt", "chain-threshold", "replay", "--retval"),
                of("chain-threshold-replay-uftrace.txt", "chain-threshold", "replay", "--format", "uftrace"),
                of("chain-threshold-report.txt", "chain-threshold", "report", "-s", "self"),
                of("fib-10-replay-uftrace.txt", "fib-10", "replay", "--format", "uftrace", "-F", "fib", "-D", "4", "--retval"),
                of("fib-10-report-calls.txt", "fib-10", "report", "-s", "calls", "-F", "main"),
                of("fib-10-graph-fib.txt", "fib-10", "graph", "fib"),
                of("longjmp-replay-ftrace.txt", "longjmp", "replay", "-F", "main", "-N", "printf"),
                of("longjmp-replay-uftrace.txt", "longjmp", "replay", "--format", "uftrace", "-F", "main", "-N", "printf"),
                of("longjmp-report.txt", "longjmp", "report", "-F", "main", "-s", "avg"),
                of("qsort-replay-ftrace.txt", "qsort", "replay", "-F", "qsort", "--retval"),
                of("qsort-report-max.txt", "qsort", "report", "-s", "max", "-F", "main"),
                of("qsort-graph-qsort.txt", "qsort", "graph", "qsort"),
                of("multihart-replay-ftrace.txt", "multihart", "replay", "-F", "hart_main,main", "-N", "printf"),
                of("multihart-replay-uftrace-tid1.txt", "multihart", "replay", "--format", "uftrace", "--tid", "1"),
                of("multihart-report-task.txt", "multihart", "report", "--per-task", "-F", "hart_main,main"),
                of("multihart-report-task-summary.txt", "multihart", "report", "--task"),
                of("multihart-graph-work.txt", "multihart", "graph", "work"),
                of("options-values-replay-uftrace.txt", "options-values", "replay", "--format", "uftrace", "-N", "slow"),
                of("options-values-replay-no-args.txt", "options-values", "replay", "--format", "uftrace", "--no-args",
                        "-F", "text,many,letter"),
                of("options-values-dump.txt", "options-values", "dump"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputMatchesGoldenFile(Case c) throws Exception {
        List<String> args = new ArrayList<>(List.of(c.args()));
        args.add(1, RecordedTraces.get(c.trace()).toString());
        Cli.Outcome outcome = Cli.run(args.toArray(new String[0]));
        assertEquals(0, outcome.exitStatus(), outcome.toString());
        assertEquals("", outcome.stderr());
        // the graph's session is the trace id, random per recording
        assertGolden(c.golden(), outcome.stdout().replaceAll("\\(session: [0-9a-f]{16}\\)", "(session: SESSION)"));
    }

    static void assertGolden(String name, String actual) throws Exception {
        GoldenFile.assertMatches(GOLDEN.resolve(name), actual);
    }
}
