package io.fgraph.cli;

import io.fgraph.core.FunctionFilter;
import io.fgraph.core.tracer.FunctionGraphOptions;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The function_graph tracer's options, shared by {@code run --trace} and {@code record}. */
final class TraceOptions {
    @Option(names = {"-F", "--filter"}, paramLabel = "GLOB", split = ",",
            description = "Trace only calls below functions matching GLOB, themselves included (set_graph_function). Repeatable.")
    List<String> graphFunctions = new ArrayList<>();

    @Option(names = {"-N", "--notrace"}, paramLabel = "GLOB", split = ",",
            description = "Do not trace functions matching GLOB nor anything they call (set_graph_notrace). Repeatable.")
    List<String> notrace = new ArrayList<>();

    @Option(names = {"-D", "--depth"}, paramLabel = "N",
            description = "Trace calls nested at most N deep (default 0: no limit).")
    int depth;

    @Option(names = {"-t", "--time-filter"}, paramLabel = "DURATION",
            description = "Only calls that took at least DURATION of virtual time: 500ns, 10us, 2ms, 1s "
                    + "(a number without a unit is nanoseconds).")
    String timeFilter;

    @Option(names = "--hook", paramLabel = "GLOB", split = ",",
            description = "Hook only functions matching GLOB (set_ftrace_filter; default: all). Repeatable.")
    List<String> hook = new ArrayList<>();

    @Option(names = "--no-hook", paramLabel = "GLOB", split = ",",
            description = "Never hook functions matching GLOB (set_ftrace_notrace). Repeatable.")
    List<String> noHook = new ArrayList<>();

    @Option(names = {"-v", "--verbose"},
            description = "Also list, by name and with the reason, the functions that cannot be traced.")
    boolean verbose;

    @Option(names = "--no-retval", description = "Do not record return values.")
    boolean noRetval;

    @Option(names = "--args", paramLabel = "N", description = "Record the first N argument registers (0-8, default 0).")
    int args;

    @Option(names = "--no-sleep-time",
            description = "Leave out of a call's time the time its thread was switched out (ftrace's sleep-time option off).")
    boolean noSleepTime;

    @Option(names = "--no-graph-time",
            description = "--profile: count only a function's own time, not its callees' (ftrace's graph-time option off).")
    boolean noGraphTime;

    /** The function patterns by option, for {@link FunctionPatternCheck}. */
    Map<String, List<String>> patterns() {
        Map<String, List<String>> patterns = new LinkedHashMap<>();
        patterns.put("-F/--filter", graphFunctions);
        patterns.put("-N/--notrace", notrace);
        patterns.putAll(hookPatterns());
        return patterns;
    }

    /** The patterns of {@code --hook} and {@code --no-hook}, the only ones {@code --profile} uses. */
    Map<String, List<String>> hookPatterns() {
        Map<String, List<String>> patterns = new LinkedHashMap<>();
        patterns.put("--hook", hook);
        patterns.put("--no-hook", noHook);
        return patterns;
    }

    FunctionGraphOptions toOptions() {
        if (depth < 0) {
            throw new UserError("--depth=" + depth + ": must be >= 0");
        }
        if (args < 0 || args > 8) {
            throw new UserError("--args=" + args + ": must be 0..8");
        }
        checkGlobs("--filter", graphFunctions);
        checkGlobs("--notrace", notrace);
        checkGlobs("--hook", hook);
        checkGlobs("--no-hook", noHook);
        return FunctionGraphOptions.defaults()
                .withFilter(FunctionFilter.of(hook, noHook))
                .withGraphFunctions(graphFunctions)
                .withNotrace(notrace)
                .withMaxDepth(depth)
                .withRetval(!noRetval)
                .withArgs(args)
                .withSleepTime(!noSleepTime)
                .withGraphTime(!noGraphTime)
                .withThresholdNs(timeFilter == null ? 0 : parseDuration("--time-filter", timeFilter));
    }

    private static void checkGlobs(String option, List<String> globs) {
        for (String glob : globs) {
            if (glob.isBlank()) {
                throw new UserError(option + "='" + glob + "': empty pattern");
            }
        }
    }

    /** Parses {@code 500} (nanoseconds), {@code 500ns}, {@code 10us}, {@code 2ms}, {@code 1s} into nanoseconds. */
    static long parseDuration(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long scale = 1;
        String number = t;
        String[][] units = {{"ns", "1"}, {"us", "1000"}, {"ms", "1000000"}, {"s", "1000000000"}};
        for (String[] unit : units) {
            if (t.endsWith(unit[0])) {
                number = t.substring(0, t.length() - unit[0].length());
                scale = Long.parseLong(unit[1]);
                break;
            }
        }
        try {
            double value = Double.parseDouble(number);
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return Math.round(value * scale);
        } catch (NumberFormatException e) {
            throw new UserError(option + "='" + text + "': not a duration (examples: 500ns, 10us, 2ms, 1s)");
        }
    }
}
