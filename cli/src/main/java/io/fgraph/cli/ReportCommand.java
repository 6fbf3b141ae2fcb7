package io.fgraph.cli;

import io.fgraph.core.analysis.FunctionReport;
import io.fgraph.core.trace.TraceReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code fgraph report DIR}: per-function statistics of a recorded trace. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Print per-function total time, self time, calls and avg/min/max/p50/p99 durations "
                + "of a recorded trace (virtual time, us).",
            "Total time counts a recursive function once per outermost call. Lost events and overruns are "
                + "listed after the table, unusual call ends next to the function."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success (a truncated events file is read up to the cut, with a warning)",
            "2:bad input (not a trace, bad sort key, bad option)", "3:the output could not be written (a full disk, /dev/full)"})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The trace directory (from 'fgraph record').")
    Path dir;

    @Option(names = {"-s", "--sort"}, paramLabel = "KEY", defaultValue = "total",
            description = "Sort by total, self, calls, avg or max (descending; default total).")
    String sort;

    @Option(names = "--task", description = "One table per task (hart).")
    boolean perTask;

    @Mixin
    ReplayFilterOptions filters;

    @Override
    public Integer call() {
        FunctionReport.SortKey key;
        try {
            key = FunctionReport.SortKey.parse(sort);
        } catch (IllegalArgumentException e) {
            throw new UserError("--sort=" + sort + ": must be total, self, calls, avg or max");
        }
        PrintStream out = Outputs.stdout();
        try (TraceInput trace = TraceInput.open(dir)) {
            FunctionReport report = new FunctionReport(trace.names(), perTask);
            trace.walk(TraceReader::events, filters.wrap(report, trace.names(), trace.reader().header().harts(), trace.linux()));
            report.print(out, key);
            out.flush();
            trace.reportTruncation();
        }
        return 0;
    }
}
