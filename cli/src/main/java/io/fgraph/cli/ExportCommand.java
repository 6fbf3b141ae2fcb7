package io.fgraph.cli;

import io.fgraph.core.analysis.CallListener;
import io.fgraph.core.analysis.CallListeners;
import io.fgraph.core.analysis.CallTree;
import io.fgraph.core.analysis.ChromeTraceWriter;
import io.fgraph.core.analysis.FlameGraphSvg;
import io.fgraph.core.analysis.FoldedStacksWriter;
import io.fgraph.core.analysis.UftraceDataWriter;
import io.fgraph.core.trace.TraceReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fgraph export DIR --chrome F --folded F --flame F --uftrace D}: other tools' formats, in one pass. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Convert a recorded trace for other tools, in one pass over the events: Chrome trace JSON "
                + "(Perfetto UI, chrome://tracing), folded stacks (flamegraph.pl, speedscope), an SVG flame graph, "
                + "a uftrace.data directory (uftrace replay/report/graph -d DIR).",
            "The replay filters apply to every output."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success (a truncated events file is read up to the cut, with a warning)",
            "2:bad input (not a trace, no output chosen, cannot write an output)", "3:the output could not be written (a full disk, /dev/full)"})
public final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The trace directory (from 'fgraph record').")
    Path dir;

    @Option(names = "--chrome", paramLabel = "FILE.json", description = "Write Chrome trace event JSON.")
    Path chrome;

    @Option(names = "--folded", paramLabel = "FILE", description = "Write folded stacks (self time in ns).")
    Path folded;

    @Option(names = "--flame", paramLabel = "FILE.svg", description = "Write an interactive SVG flame graph.")
    Path flame;

    @Option(names = "--uftrace", paramLabel = "DIR", description = "Write a uftrace.data directory (must not exist, or be empty).")
    Path uftrace;

    @Mixin
    ReplayFilterOptions filters;

    @Override
    public Integer call() {
        if (chrome == null && folded == null && flame == null && uftrace == null) {
            throw new UserError("nothing to export: give --chrome, --folded, --flame and/or --uftrace");
        }
        Map<Path, String> outputs = new LinkedHashMap<>();
        check(chrome, "--chrome", outputs);
        check(folded, "--folded", outputs);
        check(flame, "--flame", outputs);
        check(uftrace, "--uftrace", outputs);
        List<OutputFile> files = new ArrayList<>();
        UftraceDataWriter uftraceWriter = null;
        boolean done = false;
        try (TraceInput trace = TraceInput.open(dir)) {
            List<CallListener> listeners = new ArrayList<>();
            if (chrome != null) {
                PrintStream out = open(chrome, "--chrome", files);
                listeners.add(new ChromeTraceWriter(out, trace.names(), trace.reader().header().programName(),
                        trace.reader().probes()));
            }
            CallTree tree = null;
            if (folded != null || flame != null) {
                tree = new CallTree(trace.names());
                listeners.add(tree);
            }
            if (uftrace != null) {
                try {
                    uftraceWriter = new UftraceDataWriter(uftrace, trace.reader().header());
                    listeners.add(uftraceWriter);
                } catch (IOException e) {
                    throw new UserError("--uftrace=" + uftrace + ": " + IoErrors.reason(e, uftrace));
                }
            }
            try {
                trace.walk(TraceReader::events, filters.wrap(new CallListeners(listeners), trace));
            } catch (OutputFailedException e) {
                throw e;
            } catch (UncheckedIOException e) { // the uftrace.data writer's own files
                throw new OutputFailedException(uftrace.toString(), e.getCause());
            }
            if (folded != null) {
                FoldedStacksWriter.write(tree, open(folded, "--folded", files));
            }
            if (flame != null) {
                FlameGraphSvg.write(tree, trace.reader().header().programName() + " (" + trace.reader().dir() + ")",
                        open(flame, "--flame", files));
            }
            for (OutputFile f : files) {
                f.close(); // a write error still buffered shows here
            }
            done = true;
            trace.reportTruncation();
        } finally {
            if (!done) {
                if (uftraceWriter != null) {
                    uftraceWriter.abandon();
                }
                files.forEach(OutputFile::closeQuietly);
            }
        }
        return 0;
    }

    /** An output must not be inside the trace it is made from, nor given twice. */
    private void check(Path output, String option, Map<Path, String> outputs) {
        if (output == null) {
            return;
        }
        Outputs.notInside(output, option, dir);
        outputs.forEach((other, otherOption) -> Outputs.notSame(output, option, other, "also the " + otherOption + " output"));
        outputs.put(output, option);
    }

    private static PrintStream open(Path file, String option, List<OutputFile> files) {
        OutputFile out = OutputFile.create(file, option);
        files.add(out);
        return out.print();
    }
}
