package io.fgraph.cli;

import io.fgraph.core.trace.ProbeSchema;
import io.fgraph.core.trace.TraceCounts;
import io.fgraph.core.trace.ProgramFunctions;
import io.fgraph.core.trace.TraceFormatException;
import io.fgraph.core.trace.TraceHeader;
import io.fgraph.core.trace.TraceReader;
import io.fgraph.core.trace.TraceSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code fgraph info DIR}: print a trace's header and its event counts (one streaming pass). */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a trace's header (program, build id, harts, clock, options) and its event counts.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the trace was read (a truncated events file up to the cut: see status)",
            "2:not a readable trace (missing, truncated, corrupted, newer version)",
            "3:the output could not be written (a full disk, /dev/full)"})
public final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The trace directory (written by 'fgraph record -o DIR').")
    Path dir;

    @Override
    public Integer call() {
        PrintStream out = Outputs.stdout();
        try (TraceReader reader = TraceReader.open(dir)) {
            TraceHeader h = reader.header();
            row(out, "trace", dir.toString());
            row(out, "format", "version " + h.formatVersion());
            if (!h.traceId().isEmpty()) {
                row(out, "trace id", h.traceId());
            }
            row(out, "program", h.programName());
            row(out, "build id", h.buildId());
            row(out, "harts", Integer.toString(h.harts()));
            row(out, "clock", h.clockHz() + " Hz");
            row(out, "symbols", Integer.toString(h.symbols().size()));
            Map<Integer, ProbeSchema> probes = ProbeSchema.of(h.options());
            row(out, "options", h.options().isEmpty() ? "(none)" : h.options().entrySet().stream()
                    .filter(e -> !e.getKey().equals(ProgramFunctions.KEY) && !e.getKey().startsWith("probe."))
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
            for (ProbeSchema probe : probes.values()) {
                row(out, "probe", probe.definition());
            }
            int own = ProgramFunctions.count(h);
            row(out, "own funcs", own == 0 ? "(not recorded: every function counts as the program's own)"
                    : own + " (patchable entries; the other functions are the library's)");
            TraceCounts counts;
            try {
                counts = reader.count();
            } catch (TraceFormatException e) {
                out.flush();
                throw new UserError(e.getMessage());
            }
            row(out, "status", reader.truncation().orElse(status(reader.summary())));
            row(out, "events", Long.toString(counts.events()));
            for (Map.Entry<String, Long> kind : counts.byKind().entrySet()) {
                row(out, "  " + kind.getKey(), Long.toString(kind.getValue()));
            }
            row(out, "tasks", counts.byTask().isEmpty() ? "(none)" : counts.byTask().entrySet().stream()
                    .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" ")));
            row(out, "lost events", Long.toString(counts.lostEvents()));
            row(out, "overruns", counts.overruns() + " calls not traced (shadow stack full)");
            reader.summary().filter(s -> s.eventsLost() != s.dropped()).ifPresent(s ->
                    row(out, "not recorded", (s.eventsLost() - s.dropped()) + " (refused after stop or failure)"));
            row(out, "time", counts.events() == 0 ? "(no events)"
                    : counts.firstTime() + " .. " + counts.lastTime() + " ns");
            reader.summary().ifPresent(s -> row(out, "bytes", s.bytes() + " in " + s.batches() + " batches"
                    + (s.eventsWritten() == 0 ? "" : String.format(java.util.Locale.ROOT, " (%.1f bytes/event)",
                    (double) s.bytes() / s.eventsWritten()))));
            printProbeCounts(out, probes, reader.summary());
        } catch (TraceFormatException e) {
            throw new UserError(e.getMessage());
        } finally {
            out.flush();
        }
        return 0;
    }

    /** {@code probe EVENT: N hits, M missed} per probe, from the summary's counters. */
    private static void printProbeCounts(PrintStream out, Map<Integer, ProbeSchema> probes, Optional<TraceSummary> summary) {
        Map<Integer, TraceSummary.ProbeCount> counts = new java.util.HashMap<>();
        summary.ifPresent(s -> s.probes().forEach(c -> counts.put(c.id(), c)));
        for (ProbeSchema probe : probes.values()) {
            TraceSummary.ProbeCount count = counts.get(probe.id());
            out.println(count == null
                    ? "probe " + probe.event() + ": hits and misses unknown (the recording was not closed)"
                    : "probe " + probe.event() + ": " + count.hits() + " hits, " + count.missed() + " missed");
        }
    }

    private static String status(Optional<TraceSummary> summary) {
        if (summary.isEmpty()) {
            return "incomplete: the recorder did not close the trace; events up to the last complete batch are shown";
        }
        TraceSummary s = summary.get();
        if (s.failed()) {
            return "failed: " + s.failure() + "; events up to the last complete batch are shown";
        }
        if (s.interrupted()) {
            return "interrupted: the recording was stopped before the program ended (Ctrl-C)";
        }
        return "complete";
    }

    private static void row(PrintStream out, String key, String value) {
        out.printf("%-13s %s%n", key + ":", value);
    }
}
