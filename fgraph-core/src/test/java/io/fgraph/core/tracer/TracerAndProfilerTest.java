package io.fgraph.core.tracer;

import io.fgraph.core.Fgraph;
import io.fgraph.core.FunctionFilter;
import io.fgraph.core.Guest;
import io.fgraph.core.analysis.FunctionStatistics;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The graph tracer and the profiler at once (fgraph-profiler.tc): neither disturbs the other. */
class TracerAndProfilerTest {
    @Test
    void tracerOutputIsUnchangedAndTheProfileAddsUp() throws Exception {
        Guest guest = Guest.boot("chain");
        Fgraph fgraph = guest.fgraph;
        FunctionProfiler profiler = new FunctionProfiler(FunctionFilter.only("a", "b", "c", "fails", "sum8", "main"),
                fgraph.functions()::nameOf);
        fgraph.register(profiler);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        FunctionGraphPrinter printer = new FunctionGraphPrinter(new PrintStream(text, true, StandardCharsets.UTF_8),
                fgraph.functions()::nameOf, 1, true);
        fgraph.register(new FunctionGraphTracer(printer.sink(), FunctionGraphOptions.defaults()));
        assertEquals(0, guest.run().exitCode());
        printer.flush();
        assertEquals(Files.readString(Path.of("src/test/resources/golden/chain.txt")), text.toString(StandardCharsets.UTF_8),
                "the tracer's output is the same as when it runs alone");

        Map<String, FunctionStatistics> stats = profiler.results().stream()
                .collect(Collectors.toMap(FunctionStatistics::name, s -> s));
        for (String name : List.of("a", "b", "c", "fails", "sum8", "main")) {
            assertEquals(1, stats.get(name).calls(), name);
        }
        // Self time is total minus the traced callees' totals.
        assertEquals(stats.get("c").totalNs(), stats.get("c").selfNs());
        assertEquals(stats.get("b").totalNs() - stats.get("c").totalNs(), stats.get("b").selfNs());
        assertEquals(stats.get("a").totalNs() - stats.get("b").totalNs(), stats.get("a").selfNs());
        long children = stats.get("a").totalNs() + stats.get("fails").totalNs() + stats.get("sum8").totalNs();
        assertEquals(stats.get("main").totalNs() - children, stats.get("main").selfNs());
        assertEquals(36, stats.get("a").totalNs(), "a() takes 36 virtual ns, as the golden trace shows (0.036 us)");
    }

    @Test
    void aRecursiveFunctionsTotalIsItsOutermostCalls() throws Exception {
        Guest guest = Guest.boot("fib", "10");
        FunctionProfiler profiler = new FunctionProfiler(FunctionFilter.only("fib", "main"), guest.fgraph.functions()::nameOf);
        guest.fgraph.register(profiler);
        assertEquals(0, guest.run().exitCode());
        FunctionStatistics fib = profiler.results().stream().filter(s -> s.name().equals("fib")).findFirst().orElseThrow();
        assertEquals(177, fib.calls());
        assertEquals(fib.maxNs(), fib.totalNs(), "one outermost call: the total is its duration");
        assertEquals(fib.totalNs(), fib.selfNs(), "fib calls nothing else traced: all of it is fib's own time");
    }
}
