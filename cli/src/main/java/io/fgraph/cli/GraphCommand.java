package io.fgraph.cli;

import io.fgraph.core.analysis.CallGraph;
import io.fgraph.core.trace.TraceReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code fgraph graph DIR FUNC}: backtraces to a function and the call graph below it. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Print the backtraces that reach FUNC, with hit counts and time, and the aggregated "
                + "call graph below it, laid out as uftrace graph lays it out (tasks merged, children in call order). "
                + "Recursive calls of FUNC count inside the outermost one. Without FUNC: the whole program's graph."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success (a truncated events file is read up to the cut, with a warning)",
            "2:bad input (not a trace, unknown function, bad option)", "3:the output could not be written (a full disk, /dev/full)"})
public final class GraphCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The trace directory (from 'fgraph record').")
    Path dir;

    @Parameters(index = "1", paramLabel = "FUNC", arity = "0..1",
            description = "The function (a symbol name); without it, the whole program's graph.")
    String function;

    @Mixin
    ReplayFilterOptions filters;

    @Override
    public Integer call() {
        PrintStream out = Outputs.stdout();
        try (TraceInput trace = TraceInput.open(dir)) {
            CallGraph graph = new CallGraph(trace.names(), function == null ? CallGraph.WHOLE_PROGRAM : trace.function(function));
            trace.walk(TraceReader::events, filters.wrap(graph, trace));
            String id = trace.reader().header().traceId();
            graph.print(out, trace.reader().header().programName(), id.length() >= 16 ? id.substring(0, 16) : id);
            out.flush();
            trace.reportTruncation();
        }
        return 0;
    }
}
