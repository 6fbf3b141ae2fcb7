package io.fgraph.cli;

import io.fgraph.core.FunctionFilter;
import io.fgraph.core.tracer.GraphSelection;
import io.fgraph.core.tracer.LibraryCalls;
import io.fgraph.core.tracer.Trigger;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * uftrace's filters, with uftrace's names and meaning, shared by {@code record}, {@code run --trace}
 * and the analysis commands: which calls a trace keeps or a replay shows.
 */
final class FilterOptions {
    @Option(names = {"-F", "--filter"}, paramLabel = "FUNC", split = ",",
            description = "Only calls below functions matching FUNC, themselves included (uftrace -F, ftrace "
                    + "set_graph_function). Repeatable.")
    List<String> graphFunctions = new ArrayList<>();

    @Option(names = {"-N", "--notrace"}, paramLabel = "FUNC", split = ",",
            description = "Not functions matching FUNC, nor anything they call (uftrace -N, set_graph_notrace). Repeatable.")
    List<String> notrace = new ArrayList<>();

    @Option(names = {"-C", "--caller-filter"}, paramLabel = "FUNC", split = ",",
            description = "Only functions matching FUNC, as leaves, and the calls that lead to them (uftrace -C). Repeatable.")
    List<String> callers = new ArrayList<>();

    @Option(names = {"-H", "--hide"}, paramLabel = "FUNC", split = ",",
            description = "Not functions matching FUNC themselves; what they call is shown in their place (uftrace -H). "
                    + "Repeatable.")
    List<String> hide = new ArrayList<>();

    @Option(names = {"-T", "--trigger"}, paramLabel = "FUNC@ACT[,ACT...]",
            description = "uftrace triggers: depth=N, trace_on, trace_off, time=DUR, trace, filter, notrace, caller, "
                    + "hide; record: finish, recover, argN[/FMT], fpargN, retval[/FMT] (as -A, -R); replay: backtrace, color=C. "
                    + "Repeatable; ';' separates several.")
    List<String> triggers = new ArrayList<>();

    @Option(names = {"-D", "--depth"}, paramLabel = "N",
            description = "At most N levels of calls, from the start or from each -F match (default 0: no limit).")
    int depth;

    @Option(names = {"-t", "--time-filter"}, paramLabel = "DURATION",
            description = "Only calls that took at least DURATION of virtual time, with the calls around them: 500ns, "
                    + "10us, 2ms, 1s (a number without a unit is nanoseconds).")
    String timeFilter;

    @Option(names = "--match", paramLabel = "TYPE",
            description = "How FUNC patterns are read: glob (default: *, ?, [a-z]) or regex (uftrace's: a name without "
                    + "regex characters is exact, else the expression is found anywhere in the name).")
    String match;

    @Option(names = "--disable", description = "Start with tracing off; a trace_on trigger turns it on.")
    boolean disable;

    @Option(names = "--no-libcall", description = "Hide library functions (uftrace --no-libcall); the program's own "
            + "functions they call are shown in their place.")
    boolean noLibcall;

    @Option(names = {"-l", "--nest-libcall"}, description = "Every library call, and what library functions call "
            + "(uftrace -l).")
    boolean nestLibcall;

    @Option(names = "--libcall", description = "Library functions only where the program's own functions call them "
            + "(uftrace's default view; the default of record and replay --format uftrace).")
    boolean libcall;

    /** The patterns by option, for {@link FunctionPatternCheck}. */
    Map<String, List<String>> patterns() {
        Map<String, List<String>> patterns = new LinkedHashMap<>();
        patterns.put("-F/--filter", graphFunctions);
        patterns.put("-N/--notrace", notrace);
        patterns.put("-C/--caller-filter", callers);
        patterns.put("-H/--hide", hide);
        List<String> triggerPatterns = new ArrayList<>();
        for (String t : triggers) {
            for (String one : t.split(";")) {
                int at = one.indexOf('@');
                if (at > 0) {
                    triggerPatterns.add(one.substring(0, at).trim());
                }
            }
        }
        patterns.put("-T/--trigger", triggerPatterns);
        return patterns;
    }

    FunctionFilter.Syntax syntax() {
        if (match == null) {
            return FunctionFilter.Syntax.GLOB;
        }
        try {
            return FunctionFilter.Syntax.parse(match);
        } catch (IllegalArgumentException e) {
            throw new UserError("--match=" + match + ": must be glob or regex");
        }
    }

    /** The library mode asked for, or {@code fallback}. */
    LibraryCalls libraryCalls(LibraryCalls fallback) {
        int given = (noLibcall ? 1 : 0) + (nestLibcall ? 1 : 0) + (libcall ? 1 : 0);
        if (given > 1) {
            throw new UserError("--no-libcall, --nest-libcall and --libcall contradict each other: give one of them");
        }
        return noLibcall ? LibraryCalls.NONE : nestLibcall ? LibraryCalls.NEST : libcall ? LibraryCalls.LIBCALL : fallback;
    }

    /**
     * The selection, checked: a bad value is a {@link UserError} naming its option.
     *
     * @param where       record or replay: which trigger actions make sense
     * @param libraryMode the library mode when none is given
     */
    GraphSelection toSelection(Trigger.Where where, LibraryCalls libraryMode) {
        if (depth < 0) {
            throw new UserError("--depth=" + depth + ": must be >= 0");
        }
        FunctionFilter.Syntax syntax = syntax();
        checkPatterns("--filter", graphFunctions, syntax);
        checkPatterns("--notrace", notrace, syntax);
        checkPatterns("--caller-filter", callers, syntax);
        checkPatterns("--hide", hide, syntax);
        List<Trigger> parsed = new ArrayList<>();
        for (String t : triggers) {
            try {
                parsed.addAll(Trigger.parseAll(t, where));
            } catch (IllegalArgumentException e) {
                throw new UserError("--trigger: " + e.getMessage());
            }
        }
        for (Trigger t : parsed) {
            checkPatterns("--trigger", List.of(t.pattern()), syntax);
        }
        return GraphSelection.ALL.withGraphFunctions(graphFunctions).withNotrace(notrace).withCallers(callers)
                .withHide(hide).withTriggers(parsed).withMatch(syntax).withMaxDepth(depth)
                .withThresholdNs(threshold()).withLibraryCalls(libraryCalls(libraryMode)).withStartDisabled(disable);
    }

    long threshold() {
        return timeFilter == null ? 0 : TraceOptions.parseDuration("--time-filter", timeFilter);
    }

    /** Empty patterns and regular expressions that do not compile are refused. */
    static void checkPatterns(String option, List<String> patterns, FunctionFilter.Syntax syntax) {
        for (String pattern : patterns) {
            if (pattern.isBlank()) {
                throw new UserError(option + "='" + pattern + "': empty pattern");
            }
            try {
                FunctionFilter.only(syntax, List.of(pattern));
            } catch (IllegalArgumentException e) {
                throw new UserError(option + "='" + pattern + "': " + e.getMessage().replaceFirst("^pattern='.*?': ", ""));
            }
        }
    }
}
