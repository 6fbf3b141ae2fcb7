package io.fgraph.core.tracer;

import io.fgraph.core.FunctionFilter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fgraph.testsupport.GoldenFile;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Golden function_graph output of the shipped guests: the virtual clock makes traces exact.
 * Regenerate with {@code mvn test -pl fgraph-core -Dtest=FunctionGraphGoldenTest -Dgolden.update=true}
 * and review the diff; a missing golden file fails.
 */
class FunctionGraphGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    record Case(String golden, String guest, FunctionGraphOptions options, String[] args, int harts) {
        Case(String golden, String guest, FunctionGraphOptions options, String[] args) {
            this(golden, guest, options, args, 1);
        }

        @Override
        public String toString() {
            return golden;
        }
    }

    static Stream<Case> cases() {
        FunctionGraphOptions all = FunctionGraphOptions.defaults();
        FunctionGraphOptions program = all.withFilter(FunctionFilter.except("sys_semihost*", "__d_vfprintf", "__ultoa_invert"));
        return Stream.of(
                new Case("hello.txt", "hello", all, new String[] {"one", "two"}),
                new Case("chain.txt", "chain", all, new String[0]),
                new Case("fib-5.txt", "fib", program, new String[] {"5"}),
                new Case("longjmp.txt", "longjmp", program, new String[0]),
                new Case("tailcall.txt", "tailcall", program, new String[0]),
                new Case("libcalls.txt", "libcalls", program.withGraphFunctions(List.of("main")).withNotrace(List.of("printf")), new String[0]),
                new Case("libcalls-depth-1-per-match.txt", "libcalls", all.withGraphFunctions(List.of("duplicate", "malloc")).withMaxDepth(1), new String[0]),
                new Case("coroutine.txt", "coroutine", program.withGraphFunctions(List.of("main")).withNotrace(List.of("printf")), new String[0]),
                new Case("multihart-3.txt", "multihart", program.withFilter(FunctionFilter.only("main", "hart_main", "work")),
                        new String[] {"10"}, 3),
                new Case("qsort.txt", "qsort", program.withFilter(FunctionFilter.only("main", "qsort", "cmp_int")), new String[0]),
                new Case("chain-depth-2.txt", "chain", all.withMaxDepth(2), new String[0]),
                new Case("chain-graph-b.txt", "chain", all.withGraphFunctions(List.of("b")), new String[0]),
                new Case("chain-notrace-printf.txt", "chain", all.withGraphFunctions(List.of("main")).withNotrace(List.of("printf")), new String[0]),
                new Case("chain-threshold-1us.txt", "chain", all.withThresholdNs(1000), new String[0]),
                new Case("chain-args-noretval.txt", "chain", all.withFilter(FunctionFilter.only("a", "b", "c", "sum8")).withArgs(8).withRetval(false), new String[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void traceMatchesGoldenFile(Case c) throws Exception {
        String trace = TracedGuest.run(c.guest(), c.options(),
                io.fgraph.emulator.MachineConfig.defaults().withHarts(c.harts()), c.args()).trace();
        GoldenFile.assertMatches(GOLDEN.resolve(c.golden()), trace);
    }
}
