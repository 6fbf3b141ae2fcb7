package io.fgraph.cli;

import io.fgraph.core.FunctionFilter;
import io.fgraph.core.tracer.FunctionGraphOptions;
import io.fgraph.core.tracer.GraphSelection;
import io.fgraph.core.tracer.LibraryCalls;
import io.fgraph.core.tracer.Trigger;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The function_graph tracer's options, shared by {@code run --trace} and {@code record}. */
final class TraceOptions {
    @Mixin
    FilterOptions filters;

    @Option(names = "--hook", paramLabel = "FUNC", split = ",",
            description = "Hook only functions matching FUNC (set_ftrace_filter; default: all). Repeatable.")
    List<String> hook = new ArrayList<>();

    @Option(names = "--no-hook", paramLabel = "FUNC", split = ",",
            description = "Never hook functions matching FUNC (set_ftrace_notrace). Repeatable.")
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

    @Option(names = {"-A", "--argument"}, paramLabel = "FUNC@argN[/FMT][,...]",
            description = "uftrace -A: record these arguments of functions matching FUNC (argN from 1, past 8 from the "
                    + "stack; fpargN; FMT d, i, u, x, s, c, f, p with a size 8..64). Repeatable.")
    List<String> arguments = new ArrayList<>();

    @Option(names = {"-R", "--retval"}, paramLabel = "FUNC@retval[/FMT]",
            description = "uftrace -R: record the return value of functions matching FUNC in this format. Repeatable.")
    List<String> returnValues = new ArrayList<>();

    /** The function patterns by option, for {@link FunctionPatternCheck}. */
    Map<String, List<String>> patterns() {
        Map<String, List<String>> patterns = new LinkedHashMap<>(filters.patterns());
        patterns.put("-A/--argument", valuePatterns(arguments));
        patterns.put("-R/--retval", valuePatterns(returnValues));
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

    FunctionFilter.Syntax syntax() {
        return filters.syntax();
    }

    private static List<String> valuePatterns(List<String> specs) {
        List<String> patterns = new ArrayList<>();
        for (String spec : specs) {
            int at = spec.indexOf('@');
            if (at > 0) {
                patterns.add(spec.substring(0, at).trim());
            }
        }
        return patterns;
    }

    /** The -A and -R specs as triggers (uftrace keeps them with its triggers). */
    private List<Trigger> valueTriggers() {
        List<Trigger> triggers = new ArrayList<>();
        for (String spec : arguments) {
            triggers.add(valueTrigger("--argument", spec, false));
        }
        for (String spec : returnValues) {
            triggers.add(valueTrigger("--retval", spec, true));
        }
        return triggers;
    }

    private Trigger valueTrigger(String option, String spec, boolean returnValue) {
        Trigger t;
        try {
            t = Trigger.parseValues(spec, returnValue);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + e.getMessage().replaceFirst("^(argument|retval)=", ""));
        }
        FilterOptions.checkPatterns(option, List.of(t.pattern()), filters.syntax());
        return t;
    }

    /** @param libraryMode the library mode when none is given (record: uftrace's, run: every call) */
    FunctionGraphOptions toOptions(LibraryCalls libraryMode) {
        if (args < 0 || args > 8) {
            throw new UserError("--args=" + args + ": must be 0..8");
        }
        GraphSelection selection = filters.toSelection(Trigger.Where.RECORD, libraryMode);
        List<Trigger> values = valueTriggers();
        if (!values.isEmpty()) {
            List<Trigger> all = new ArrayList<>(selection.triggers());
            all.addAll(values);
            selection = selection.withTriggers(all);
        }
        FunctionFilter.Syntax syntax = filters.syntax();
        FilterOptions.checkPatterns("--hook", hook, syntax);
        FilterOptions.checkPatterns("--no-hook", noHook, syntax);
        return FunctionGraphOptions.defaults()
                .withFilter(FunctionFilter.of(hook, noHook, syntax))
                .withSelection(selection)
                .withRetval(!noRetval)
                .withArgs(args)
                .withSleepTime(!noSleepTime)
                .withGraphTime(!noGraphTime);
    }

    /**
     * The options for this program: where its ABI passes floating-point values; {@code fpargN}
     * is refused for a soft-float (lp64) program, whose floating-point arguments are in integer
     * registers.
     */
    FunctionGraphOptions forProgram(FunctionGraphOptions options, io.fgraph.emulator.elf.ElfFile elf) {
        boolean hardFloat = (elf.flags() & io.fgraph.emulator.elf.ElfFile.EF_RISCV_FLOAT_ABI_MASK) != 0;
        if (!hardFloat) {
            for (String spec : arguments) {
                Trigger t = Trigger.parseValues(spec, false);
                if (t.actions().values().stream().anyMatch(v -> v.kind() == io.fgraph.core.tracer.ValueSpec.Kind.FPARG)) {
                    throw new UserError("--argument='" + spec + "': the program is soft-float (lp64): its floating-point "
                            + "arguments are in integer registers, read them as argN/f");
                }
            }
        }
        return options.withHardFloat(hardFloat);
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
