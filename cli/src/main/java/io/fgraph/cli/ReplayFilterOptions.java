package io.fgraph.cli;

import io.fgraph.core.analysis.CallListener;
import io.fgraph.core.analysis.ReplayFilter;
import io.fgraph.core.trace.ProgramFunctions;
import io.fgraph.core.trace.TraceHeader;
import io.fgraph.core.tracer.GraphSelection;
import io.fgraph.core.tracer.LibraryCalls;
import io.fgraph.core.tracer.Trigger;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * The record-time filters, applied when reading: shared by replay, report, graph and export. A
 * pattern that matches no function of the trace is a warning.
 */
final class ReplayFilterOptions {
    @Mixin
    FilterOptions filters;

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
        filters.toSelection(Trigger.Where.REPLAY, LibraryCalls.NEST);
        timeRange();
    }

    /**
     * {@code next} behind the filters (validated first); warns about patterns that match no
     * function of the trace.
     *
     * @param libraryMode the library mode when none is given
     */
    CallListener wrap(CallListener next, TraceInput trace, LibraryCalls libraryMode) {
        TraceHeader header = trace.reader().header();
        validate(header.harts(), trace.linux());
        GraphSelection selection = filters.toSelection(Trigger.Where.REPLAY, libraryMode);
        FunctionPatternCheck.warn(trace.functionNames(), "the trace of " + header.programName(), filters.patterns(),
                filters.syntax(), System.err);
        long[] range = timeRange();
        LongPredicate own;
        try {
            own = ProgramFunctions.of(header);
        } catch (io.fgraph.core.trace.TraceFormatException e) {
            throw new UserError(e.getMessage());
        }
        ReplayFilter filter = new ReplayFilter(next, trace.names()::aliases, selection, own,
                new HashSet<>(tasks), range[0], range[1]);
        return filter.passesAll() ? next : filter;
    }

    /** {@link #wrap(CallListener, TraceInput, LibraryCalls)} showing every recorded call by default. */
    CallListener wrap(CallListener next, TraceInput trace) {
        return wrap(next, trace, LibraryCalls.NEST);
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
}
