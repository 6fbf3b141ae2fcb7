package io.fgraph.cli;

import io.fgraph.core.analysis.FunctionReport;
import io.fgraph.core.analysis.FunctionStatistics;
import io.fgraph.core.analysis.ReportField;
import io.fgraph.core.analysis.UftraceReport;
import io.fgraph.core.trace.TraceHeader;
import io.fgraph.core.trace.TraceReader;
import io.fgraph.emulator.elf.Symbol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fgraph report DIR}: per-function statistics of a recorded trace. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Print per-function total time, self time, calls and avg/min/max/p50/p99 durations "
                + "of a recorded trace (virtual time, us), or uftrace's report layouts.",
            "Total time counts a recursive function once per outermost call. Lost events and overruns are "
                + "listed after the table, unusual call ends next to the function."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success (a truncated events file is read up to the cut, with a warning)",
            "2:bad input (not a trace, bad sort key, bad option)", "3:the output could not be written (a full disk, /dev/full)"})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The trace directory (from 'fgraph record').")
    Path dir;

    @Option(names = {"-s", "--sort"}, paramLabel = "KEY[,KEY...]",
            description = "Sort by these keys, descending (func: by name): total (default), total-avg, total-min, "
                    + "total-max, self, self-avg, self-min, self-max, call, size, func; with --avg-total/--avg-self "
                    + "also avg, min, max (uftrace's keys; calls, avg and max of total time as before).")
    String sort;

    @Option(names = {"-f", "--output-fields"}, paramLabel = "FIELD[,FIELD...]",
            description = "uftrace's layout with these columns: total, total-avg, total-min, total-max, self, "
                    + "self-avg, self-min, self-max, call, size, all; +FIELD adds to total,self,call; none.")
    String outputFields;

    @Option(names = "--avg-total", description = "uftrace's layout: average, min and max of each function's total time.")
    boolean avgTotal;

    @Option(names = "--avg-self", description = "uftrace's layout: average, min and max of each function's self time.")
    boolean avgSelf;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "fgraph",
            description = "fgraph (default: total, self, calls, avg, min, max, p50, p99) or uftrace (Total time, "
                    + "Self time, Calls).")
    String format;

    @Option(names = "--task", description = "uftrace's task summary: per task its time, calls and name.")
    boolean taskSummary;

    @Option(names = "--per-task", description = "fgraph's table once per task (hart).")
    boolean perTask;

    @Option(names = "--diff", paramLabel = "DIR", description = "uftrace's difference to another trace: its figures "
            + "minus this trace's, per function.")
    Path diff;

    @Option(names = "--diff-policy", paramLabel = "POLICY[,POLICY...]",
            description = "With --diff: abs (default: sort by absolute difference) or no-abs, no-percent (default) "
                    + "or percent, compact (default: the difference only) or full (both traces' figures too).")
    String diffPolicy;

    @Mixin
    ReplayFilterOptions filters;

    @Override
    public Integer call() {
        if (avgTotal && avgSelf) {
            throw new UserError("--avg-total and --avg-self contradict each other: give one of them");
        }
        if (!format.equals("fgraph") && !format.equals("uftrace")) {
            throw new UserError("--format=" + format + ": must be fgraph or uftrace");
        }
        if (diffPolicy != null && diff == null) {
            throw new UserError("--diff-policy needs --diff DIR");
        }
        boolean uftrace = format.equals("uftrace") || outputFields != null || avgTotal || avgSelf || taskSummary
                || diff != null;
        if (uftrace && perTask) {
            throw new UserError("--per-task is fgraph's layout: it does not go with uftrace's (--format uftrace, -f, "
                    + "--avg-total, --avg-self, --task, --diff)");
        }
        ReportField.Average average = avgTotal ? ReportField.Average.TOTAL : avgSelf ? ReportField.Average.SELF
                : ReportField.Average.NONE;
        Comparator<FunctionStatistics> order;
        try {
            order = ReportField.sort(sort == null ? ReportField.defaultSort(average) : sort, average);
        } catch (IllegalArgumentException e) {
            throw new UserError("--sort=" + sort + ": " + e.getMessage());
        }
        List<ReportField> fields;
        try {
            fields = outputFields == null ? ReportField.defaults(average) : ReportField.parse(outputFields, average);
        } catch (IllegalArgumentException e) {
            throw new UserError("--output-fields=" + outputFields + ": " + e.getMessage());
        }
        UftraceReport.DiffPolicy policy;
        try {
            policy = diffPolicy == null ? UftraceReport.DiffPolicy.DEFAULT : UftraceReport.DiffPolicy.parse(diffPolicy);
        } catch (IllegalArgumentException e) {
            throw new UserError("--diff-policy=" + diffPolicy + ": " + e.getMessage());
        }
        PrintStream out = Outputs.stdout();
        try (TraceInput trace = TraceInput.open(dir)) {
            FunctionReport report = report(trace, perTask);
            if (diff != null) {
                try (TraceInput other = TraceInput.open(diff)) {
                    FunctionReport theirs = report(other, false);
                    UftraceReport.diff(out, report.merged(), theirs.merged(), fields, policy, label(dir, trace),
                            label(diff, other));
                    out.flush();
                    other.reportTruncation();
                }
            } else if (taskSummary) {
                UftraceReport.tasks(out, report.taskTotals(), trace.reader().header().programName());
            } else if (uftrace) {
                List<FunctionStatistics> all = report.merged();
                all.sort(order);
                UftraceReport.functions(out, all, fields);
                report.printProblems(out);
            } else {
                report.print(out, order);
            }
            out.flush();
            trace.reportTruncation();
        }
        return 0;
    }

    private FunctionReport report(TraceInput trace, boolean byTask) {
        FunctionReport report = new FunctionReport(trace.names(), address -> trace.reader().symbolTable()
                .containing(address).filter(Symbol::function).map(Symbol::size).orElse(0L), byTask);
        trace.walk(TraceReader::events, filters.wrap(report, trace));
        return report;
    }

    /** {@code DIR\t(from fgraph record PROGRAM ARGS)}, as uftrace labels the traces of a diff. */
    private static String label(Path dir, TraceInput trace) {
        TraceHeader h = trace.reader().header();
        String arguments = h.options().getOrDefault("arguments", "");
        return dir + "\t(from fgraph record " + h.programName() + (arguments.isEmpty() ? "" : " " + arguments) + ")";
    }
}
