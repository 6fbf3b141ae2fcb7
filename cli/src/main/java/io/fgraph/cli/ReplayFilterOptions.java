package io.fgraph.cli;

import io.fgraph.core.analysis.CallListener;
import io.fgraph.core.analysis.FunctionNames;
import io.fgraph.core.analysis.ReplayFilter;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** The record-time filters, applied when reading: shared by replay, report, graph and export. */
final class ReplayFilterOptions {
    @Option(names = {"-F", "--filter"}, paramLabel = "GLOB", split = ",",
            description = "Show only calls below functions matching GLOB, themselves included. Repeatable.")
    List<String> graphFunctions = new ArrayList<>();

    @Option(names = {"-N", "--notrace"}, paramLabel = "GLOB", split = ",",
            description = "Hide functions matching GLOB and everything they call. Repeatable.")
    List<String> notrace = new ArrayList<>();

    @Option(names = {"-D", "--depth"}, paramLabel = "N",
            description = "Show calls nested at most N deep (default 0: no limit).")
    int depth;

    @Option(names = {"-t", "--time-filter"}, paramLabel = "DURATION",
            description = "Show only calls that took at least DURATION: 500ns, 10us, 2ms, 1s "
                    + "(a number without a unit is nanoseconds).")
    String timeFilter;

    @Option(names = "--tid", paramLabel = "TASK", split = ",",
            description = "Show only these tasks: harts on bare metal, thread ids of a Linux program. Repeatable.")
    List<Integer> tasks = new ArrayList<>();

    @Option(names = {"-r", "--time-range"}, paramLabel = "FROM~TO",
            description = "Show only calls that start between FROM and TO (virtual time since the start, "
                    + "e.g. 10us~2ms, 1ms~, ~500us; a number without a unit is nanoseconds).")
    String timeRange;

    /**
     * Throws a {@link UserError} for a bad option, before a command prints anything.
     *
     * @param harts the trace's hart count: on bare metal, tasks are harts 0..harts-1
     */
    void validate(int harts) {
        validate(harts, false);
    }

    /** As {@link #validate(int)}; in the trace of a Linux program ({@code linux}) tasks are thread ids. */
    void validate(int harts, boolean linux) {
        for (int task : tasks) {
            if (linux && (task < 1 || task > io.fgraph.emulator.linux.LinuxPlatform.MAX_TID)) {
                throw new UserError("--tid=" + task + ": not a thread id (a Linux program's threads are 1.."
                        + io.fgraph.emulator.linux.LinuxPlatform.MAX_TID + ")");
            }
            if (!linux && (task < 0 || task >= harts)) {
                throw new UserError("--tid=" + task + ": no such task in this trace (its tasks are 0.." + (harts - 1) + ")");
            }
        }
        if (depth < 0) {
            throw new UserError("--depth=" + depth + ": must be >= 0");
        }
        for (String glob : graphFunctions) {
            check("--filter", glob);
        }
        for (String glob : notrace) {
            check("--notrace", glob);
        }
        threshold();
        timeRange();
    }

    /** {@code next} behind the filters (validated first). */
    CallListener wrap(CallListener next, FunctionNames names, int harts) {
        return wrap(next, names, harts, false);
    }

    /** As {@link #wrap(CallListener, FunctionNames, int)} for a trace of a Linux program when {@code linux}. */
    CallListener wrap(CallListener next, FunctionNames names, int harts, boolean linux) {
        validate(harts, linux);
        long[] range = timeRange();
        ReplayFilter filter = new ReplayFilter(next, names::aliases, graphFunctions, notrace, depth, threshold(),
                new HashSet<>(tasks), range[0], range[1]);
        return filter.passesAll() ? next : filter;
    }

    private long threshold() {
        return timeFilter == null ? 0 : TraceOptions.parseDuration("--time-filter", timeFilter);
    }

    /** The parsed {@code --time-range} as {from, to}, open ends as the extreme values. */
    private long[] timeRange() {
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        if (timeRange != null) {
            int tilde = timeRange.indexOf('~');
            if (tilde < 0) {
                throw new UserError("--time-range='" + timeRange + "': must be FROM~TO (e.g. 10us~2ms, 1ms~, ~500us)");
            }
            String a = timeRange.substring(0, tilde).trim();
            String b = timeRange.substring(tilde + 1).trim();
            from = a.isEmpty() ? Long.MIN_VALUE : TraceOptions.parseDuration("--time-range", a);
            to = b.isEmpty() ? Long.MAX_VALUE : TraceOptions.parseDuration("--time-range", b);
            if (from > to) {
                throw new UserError("--time-range='" + timeRange + "': FROM is after TO");
            }
        }
        return new long[] {from, to};
    }

    private static void check(String option, String glob) {
        if (glob.isBlank()) {
            throw new UserError(option + "='" + glob + "': empty pattern");
        }
    }
}
