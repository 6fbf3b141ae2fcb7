package io.fgraph.core.tracer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One uftrace trigger, {@code FUNC@action[,action...]}: the functions a pattern names get the
 * actions. The actions and where each works ({@link Where}):
 * <pre>
 *   depth=N     record, replay   at most N levels from this call, itself included
 *   trace_on    record, replay   tracing on from this call (traceon too)
 *   trace_off   record, replay   tracing off from this call, itself included (traceoff too)
 *   time=DUR    record, replay   the time filter from this call down (500ns, 10us, 2ms, 1s, 1m)
 *   trace       record, replay   always shown, whatever the time and caller filters say
 *   filter      record, replay   as -F;  notrace: as -N;  caller: as -C;  hide: as -H
 *   finish      record           the recording ends after this call's entry
 *   recover     record           accepted, nothing to do (fgraph restores return addresses itself)
 *   backtrace   replay           the calls leading to this one are printed before it
 *   color=C     replay           accepted; fgraph prints no colours
 * </pre>
 *
 * @param pattern the function pattern (read with the filters' syntax)
 * @param actions what the functions get
 * @param text    the trigger as given
 */
public record Trigger(String pattern, FunctionActions actions, String text) {
    /** Where a trigger is used: its actions must make sense there. */
    public enum Where { RECORD, REPLAY }

    /**
     * Parses one or more triggers separated by {@code ;}.
     *
     * @throws IllegalArgumentException {@code trigger='...': why}
     */
    public static List<Trigger> parseAll(String text, Where where) {
        List<Trigger> triggers = new ArrayList<>();
        for (String one : text.split(";")) {
            if (!one.isBlank()) {
                triggers.add(parse(one.trim(), where));
            }
        }
        if (triggers.isEmpty()) {
            throw new IllegalArgumentException("trigger='" + text + "': empty (expected FUNC@ACTION[,ACTION...])");
        }
        return triggers;
    }

    /**
     * Parses uftrace's {@code -A FUNC@argN[/FMT],...} ({@code returnValue} false) or
     * {@code -R FUNC@retval[/FMT]} ({@code returnValue} true): the functions get {@link ValueSpec}s.
     *
     * @throws IllegalArgumentException {@code argument='...': why}
     */
    public static Trigger parseValues(String text, boolean returnValue) {
        String option = returnValue ? "retval" : "argument";
        int at = text.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException(option + "='" + text + "': FUNC alone asks uftrace for arguments from debug "
                    + "information, which fgraph does not read: give FUNC@" + (returnValue ? "retval[/FORMAT]" : "arg1[/FORMAT],..."));
        }
        if (at == 0 || at == text.length() - 1) {
            throw new IllegalArgumentException(option + "='" + text + "': expected FUNC@" + (returnValue ? "retval[/FORMAT]"
                    : "argN[/FORMAT][,...]"));
        }
        List<ValueSpec> specs = new ArrayList<>();
        for (String spec : text.substring(at + 1).split(",")) {
            try {
                specs.add(ValueSpec.parse(spec, returnValue));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + "='" + text + "': " + e.getMessage());
            }
        }
        return new Trigger(text.substring(0, at), FunctionActions.values(specs), text);
    }

    /** Parses {@code FUNC@action[,action...]}. */
    public static Trigger parse(String text, Where where) {
        int at = text.indexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("trigger='" + text + "': expected FUNC@ACTION[,ACTION...] (e.g. b@depth=2,backtrace)");
        }
        String pattern = text.substring(0, at);
        FunctionActions actions = FunctionActions.NONE;
        for (String action : text.substring(at + 1).split(",")) {
            actions = actions.merge(action(text, action.trim(), where));
        }
        return new Trigger(pattern, actions, text);
    }

    private static FunctionActions action(String trigger, String action, Where where) {
        String name = action.toLowerCase(Locale.ROOT);
        String value = "";
        int eq = name.indexOf('=');
        if (eq >= 0) {
            value = action.substring(eq + 1).trim();
            name = name.substring(0, eq).trim();
        }
        switch (name) {
            case "depth" -> {
                int depth;
                try {
                    depth = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw bad(trigger, action, "depth=N needs a number");
                }
                if (depth < 1) {
                    throw bad(trigger, action, "depth must be >= 1");
                }
                return new FunctionActions(FunctionActions.DEPTH, depth, 0);
            }
            case "time" -> {
                return new FunctionActions(FunctionActions.TIME, 0, duration(trigger, action, value));
            }
            case "trace_on", "traceon" -> {
                return noValue(trigger, action, value, FunctionActions.TRACE_ON);
            }
            case "trace_off", "traceoff" -> {
                return noValue(trigger, action, value, FunctionActions.TRACE_OFF);
            }
            case "trace" -> {
                return noValue(trigger, action, value, FunctionActions.TRACE);
            }
            case "filter" -> {
                return noValue(trigger, action, value, FunctionActions.FILTER);
            }
            case "notrace" -> {
                return noValue(trigger, action, value, FunctionActions.NOTRACE);
            }
            case "caller" -> {
                return noValue(trigger, action, value, FunctionActions.CALLER);
            }
            case "hide" -> {
                return noValue(trigger, action, value, FunctionActions.HIDE);
            }
            case "finish" -> {
                only(trigger, action, where, Where.RECORD, "the recording ends there");
                return noValue(trigger, action, value, FunctionActions.FINISH);
            }
            case "recover" -> {
                only(trigger, action, where, Where.RECORD, "it acts on the running program");
                return FunctionActions.NONE;
            }
            case "backtrace" -> {
                only(trigger, action, where, Where.REPLAY, "backtraces are printed by replay");
                return noValue(trigger, action, value, FunctionActions.BACKTRACE);
            }
            case "color" -> {
                only(trigger, action, where, Where.REPLAY, "colours are a replay matter");
                return FunctionActions.NONE;
            }
            case "read" -> throw bad(trigger, action, "read= needs the host's /proc or perf counters of a Linux "
                    + "process (proc/statm, page-fault, pmu-*), which a bare-metal guest does not have");
            case "size" -> throw bad(trigger, action, "size= is not supported");
            default -> {
                if (VALUE_ACTION.matcher(name).matches()) {
                    only(trigger, action, where, Where.RECORD, "values are read from the running program");
                    try {
                        return FunctionActions.values(List.of(ValueSpec.parse(action, name.startsWith("retval"))));
                    } catch (IllegalArgumentException e) {
                        throw bad(trigger, action, e.getMessage().replaceFirst("^spec='.*?': ", ""));
                    }
                }
                throw bad(trigger, action, "unknown action (depth=N, trace_on, trace_off, time=DUR, trace, "
                        + "filter, notrace, caller, hide, finish, backtrace, color=C, recover, argN[/FMT], fpargN, "
                        + "retval[/FMT])");
            }
        }
    }

    /** uftrace's argument and return value actions ({@code -T f@arg1/s,retval/x}), as {@code -A}/{@code -R} take them. */
    private static final java.util.regex.Pattern VALUE_ACTION = java.util.regex.Pattern.compile("(arg|fparg)\\d+.*|retval.*");

    private static FunctionActions noValue(String trigger, String action, String value, int flag) {
        if (!value.isEmpty()) {
            throw bad(trigger, action, "takes no value");
        }
        return FunctionActions.of(flag);
    }

    private static void only(String trigger, String action, Where where, Where allowed, String why) {
        if (where != allowed) {
            throw bad(trigger, action, "works only at " + allowed.name().toLowerCase(Locale.ROOT) + " (" + why + ")");
        }
    }

    private static IllegalArgumentException bad(String trigger, String action, String why) {
        return new IllegalArgumentException("trigger='" + trigger + "': action '" + action + "': " + why);
    }

    /** uftrace's time spec: a number and an optional unit ns/nsec, us/usec, ms/msec, s/sec, m/min (default ns). */
    static long duration(String trigger, String action, String value) {
        String t = value.toLowerCase(Locale.ROOT);
        String[][] units = {{"nsec", "1"}, {"usec", "1000"}, {"msec", "1000000"}, {"sec", "1000000000"},
            {"min", "60000000000"}, {"ns", "1"}, {"us", "1000"}, {"ms", "1000000"}, {"s", "1000000000"},
            {"m", "60000000000"}};
        long scale = 1;
        String number = t;
        for (String[] unit : units) {
            if (t.endsWith(unit[0])) {
                number = t.substring(0, t.length() - unit[0].length()).trim();
                scale = Long.parseLong(unit[1]);
                break;
            }
        }
        try {
            double d = Double.parseDouble(number);
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return Math.round(d * scale);
        } catch (NumberFormatException e) {
            throw bad(trigger, action, "not a duration (examples: 500ns, 10us, 2ms, 1s)");
        }
    }
}
