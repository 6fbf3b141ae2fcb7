package io.fgraph.cli;

import io.fgraph.core.analysis.EventDump;
import io.fgraph.core.trace.EventCursor;
import io.fgraph.core.trace.TraceFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code fgraph dump DIR}: raw events, one a line. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Print a recorded trace's raw events, one a line, in file order (or merged by time), "
                + "after two '#' lines with the trace header."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success (a truncated events file is read up to the cut, with a warning)",
            "2:bad input (not a trace, bad option)", "3:the output could not be written (a full disk, /dev/full)"})
public final class DumpCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The trace directory (from 'fgraph record').")
    Path dir;

    @Option(names = "--merged", description = "All tasks merged by time (default: file order).")
    boolean merged;

    @Option(names = "--tid", paramLabel = "TASK", description = "Only the events of this task (in file order).")
    Integer task;

    @Override
    public Integer call() {
        if (merged && task != null) {
            throw new UserError("--merged and --tid: choose one");
        }
        PrintStream out = Outputs.stdout();
        try (TraceInput trace = TraceInput.open(dir)) {
            EventDump.header(trace.reader().header(), out);
            try (EventCursor cursor = merged ? trace.reader().merged()
                    : task != null ? trace.reader().events(task) : trace.reader().events()) {
                EventDump.print(cursor, trace.names(), trace.reader().probes(), out);
            } catch (TraceFormatException e) {
                throw new UserError(e.getMessage());
            }
            out.flush();
            trace.reportTruncation();
        } finally {
            out.flush(); // what was read before a corruption still shows
        }
        return 0;
    }
}
