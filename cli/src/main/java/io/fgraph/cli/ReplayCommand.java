package io.fgraph.cli;

import io.fgraph.core.analysis.CallListener;
import io.fgraph.core.analysis.FtraceReplay;
import io.fgraph.core.analysis.UftraceFields;
import io.fgraph.core.analysis.UftraceReplay;
import io.fgraph.core.trace.TraceReader;
import io.fgraph.core.tracer.LibraryCalls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fgraph replay DIR}: a recorded trace's call graph as text. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Print a recorded trace's call graph as text, in Linux function_graph's format "
                + "(trace-cmd report) or uftrace replay's.",
            "Lost events, shadow-stack overruns, unwound calls and calls without entry or return are always shown."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success (a truncated events file is read up to the cut, with a warning)",
            "2:bad input (not a trace, bad option)", "3:the output could not be written (a full disk, /dev/full)"})
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The trace directory (from 'fgraph record').")
    Path dir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "ftrace",
            description = "ftrace (default: CPU column, duration markers, f(); leaves) or uftrace "
                    + "(# DURATION TID FUNCTION).")
    String format;

    @Option(names = "--retval", description = "Show return values (where recorded).")
    boolean retval;

    @Option(names = "--args", description = "Show the argument registers (where recorded: record --args N).")
    boolean args;

    @Option(names = "--no-args", description = "Do not show the arguments and return values record -A and -R kept "
            + "(uftrace --no-args).")
    boolean noArgs;

    @Option(names = {"-f", "--output-fields"}, paramLabel = "FIELD[,FIELD...]",
            description = "uftrace format: the columns left of '|': duration, tid, addr, time, delta, elapsed, task, "
                    + "module, all; +FIELD adds to the default (duration,tid), none shows none.")
    String outputFields;

    @Mixin
    ReplayFilterOptions filters;

    private List<UftraceFields> fields() {
        boolean range = filters.timeRange != null;
        if (outputFields == null) {
            return UftraceFields.defaults(range);
        }
        if (!format.equals("uftrace")) {
            throw new UserError("--output-fields: only with --format uftrace");
        }
        try {
            return UftraceFields.parse(outputFields, range);
        } catch (IllegalArgumentException e) {
            throw new UserError("--output-fields=" + outputFields + ": " + e.getMessage());
        }
    }

    @Override
    public Integer call() {
        if (!format.equals("ftrace") && !format.equals("uftrace")) {
            throw new UserError("--format=" + format + ": must be ftrace or uftrace");
        }
        PrintStream out = Outputs.stdout();
        try (TraceInput trace = TraceInput.open(dir)) {
            // Check the filters before the printer writes its header: a bad option prints nothing else.
            filters.validate(trace.reader().header().harts(), trace.linux());
            List<UftraceFields> fields = fields();
            CallListener printer = format.equals("ftrace")
                    ? new FtraceReplay(out, trace.names(), trace.reader().header().harts(), retval, args, trace.reader().probes())
                    : new UftraceReplay(out, trace.names(), retval, args, fields, trace.reader().header().programName(), !noArgs,
                            trace.reader().probes());
            trace.walk(TraceReader::merged, filters.wrap(printer, trace, format.equals("uftrace") ? LibraryCalls.LIBCALL : LibraryCalls.NEST));
            out.flush();
            trace.reportTruncation();
        } finally {
            out.flush(); // what was read before a corruption still shows
        }
        return 0;
    }
}
