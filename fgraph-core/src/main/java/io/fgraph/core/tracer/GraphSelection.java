package io.fgraph.core.tracer;

import io.fgraph.core.FunctionFilter;
import io.fgraph.core.FunctionTable;
import io.fgraph.core.TraceableFunction;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Which calls a trace shows, as the user said it: uftrace's filters ({@code -F}, {@code -N},
 * {@code -C}, {@code -H}), triggers ({@code -T}), depth ({@code -D}), time filter ({@code -t}),
 * library-call mode and {@code --disable}, with the pattern syntax of {@code --match}. The same
 * selection serves a recording and a replay; {@link GraphScope} runs it. Patterns become
 * {@link FunctionActions} per function address, resolved once ({@link #actions(FunctionTable)})
 * or per address as a replay meets it ({@link #actions(LongFunction)}).
 *
 * @param graphFunctions {@code -F}: only calls below these (empty: everywhere)
 * @param notrace        {@code -N}: these and all they call are hidden
 * @param callers        {@code -C}: only these, as leaves, and the calls that lead to them
 * @param hide           {@code -H}: these are hidden, what they call is not
 * @param triggers       {@code -T}
 * @param match          how patterns are read
 * @param maxDepth       {@code -D}: 0 = no limit
 * @param thresholdNs    {@code -t}: 0 = every call
 * @param libraryCalls   which library calls are shown
 * @param startDisabled  {@code --disable}: tracing starts off, a {@code trace_on} trigger turns it on
 */
public record GraphSelection(List<String> graphFunctions, List<String> notrace, List<String> callers,
                             List<String> hide, List<Trigger> triggers, FunctionFilter.Syntax match,
                             int maxDepth, long thresholdNs, LibraryCalls libraryCalls, boolean startDisabled) {
    public GraphSelection {
        graphFunctions = List.copyOf(graphFunctions);
        notrace = List.copyOf(notrace);
        callers = List.copyOf(callers);
        hide = List.copyOf(hide);
        triggers = List.copyOf(triggers);
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth=" + maxDepth + ": must be >= 0 (0 = no limit)");
        }
        if (thresholdNs < 0) {
            throw new IllegalArgumentException("thresholdNs=" + thresholdNs + ": must be >= 0");
        }
        java.util.Objects.requireNonNull(match, "match");
        java.util.Objects.requireNonNull(libraryCalls, "libraryCalls");
    }

    /** Every call, nothing hidden. */
    public static final GraphSelection ALL = new GraphSelection(List.of(), List.of(), List.of(), List.of(), List.of(),
            FunctionFilter.Syntax.GLOB, 0, 0, LibraryCalls.NEST, false);

    public GraphSelection withGraphFunctions(List<String> v) {
        return new GraphSelection(v, notrace, callers, hide, triggers, match, maxDepth, thresholdNs, libraryCalls, startDisabled);
    }

    public GraphSelection withNotrace(List<String> v) {
        return new GraphSelection(graphFunctions, v, callers, hide, triggers, match, maxDepth, thresholdNs, libraryCalls, startDisabled);
    }

    public GraphSelection withCallers(List<String> v) {
        return new GraphSelection(graphFunctions, notrace, v, hide, triggers, match, maxDepth, thresholdNs, libraryCalls, startDisabled);
    }

    public GraphSelection withHide(List<String> v) {
        return new GraphSelection(graphFunctions, notrace, callers, v, triggers, match, maxDepth, thresholdNs, libraryCalls, startDisabled);
    }

    public GraphSelection withTriggers(List<Trigger> v) {
        return new GraphSelection(graphFunctions, notrace, callers, hide, v, match, maxDepth, thresholdNs, libraryCalls, startDisabled);
    }

    public GraphSelection withMatch(FunctionFilter.Syntax v) {
        return new GraphSelection(graphFunctions, notrace, callers, hide, triggers, v, maxDepth, thresholdNs, libraryCalls, startDisabled);
    }

    public GraphSelection withMaxDepth(int v) {
        return new GraphSelection(graphFunctions, notrace, callers, hide, triggers, match, v, thresholdNs, libraryCalls, startDisabled);
    }

    public GraphSelection withThresholdNs(long v) {
        return new GraphSelection(graphFunctions, notrace, callers, hide, triggers, match, maxDepth, v, libraryCalls, startDisabled);
    }

    public GraphSelection withLibraryCalls(LibraryCalls v) {
        return new GraphSelection(graphFunctions, notrace, callers, hide, triggers, match, maxDepth, thresholdNs, v, startDisabled);
    }

    public GraphSelection withStartDisabled(boolean v) {
        return new GraphSelection(graphFunctions, notrace, callers, hide, triggers, match, maxDepth, thresholdNs, libraryCalls, v);
    }

    /** True when some rule is a {@code filter} ({@code -F}): calls outside every match are hidden. */
    public boolean graphMode() {
        return !graphFunctions.isEmpty() || triggers.stream().anyMatch(t -> t.actions().has(FunctionActions.FILTER));
    }

    /** True when some rule is a {@code caller} ({@code -C}): only calls leading to a match are shown. */
    public boolean callerMode() {
        return !callers.isEmpty() || triggers.stream().anyMatch(t -> t.actions().has(FunctionActions.CALLER));
    }

    /** True when it shows every call as it comes (library mode aside). */
    public boolean selectsNothing() {
        return graphFunctions.isEmpty() && notrace.isEmpty() && callers.isEmpty() && hide.isEmpty() && triggers.isEmpty()
                && maxDepth == 0 && thresholdNs == 0 && !startDisabled;
    }

    /** Every pattern with the rule it belongs to ({@code -F}, {@code -T}...), for warnings. */
    public Map<String, List<String>> patterns() {
        Map<String, List<String>> patterns = new LinkedHashMap<>();
        patterns.put("filter", graphFunctions);
        patterns.put("notrace", notrace);
        patterns.put("caller", callers);
        patterns.put("hide", hide);
        patterns.put("trigger", triggers.stream().map(Trigger::pattern).toList());
        return patterns;
    }

    private record Rule(FunctionFilter filter, FunctionActions actions) {
    }

    private List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        add(rules, graphFunctions, FunctionActions.of(FunctionActions.FILTER));
        add(rules, notrace, FunctionActions.of(FunctionActions.NOTRACE));
        add(rules, callers, FunctionActions.of(FunctionActions.CALLER));
        add(rules, hide, FunctionActions.of(FunctionActions.HIDE));
        for (Trigger t : triggers) {
            rules.add(new Rule(FunctionFilter.only(match, List.of(t.pattern())), t.actions()));
        }
        return rules;
    }

    private void add(List<Rule> rules, List<String> patterns, FunctionActions actions) {
        if (!patterns.isEmpty()) {
            rules.add(new Rule(FunctionFilter.only(match, patterns), actions));
        }
    }

    private static FunctionActions of(List<Rule> rules, List<String> names) {
        FunctionActions actions = null;
        for (Rule r : rules) {
            if (r.filter.acceptsAny(names)) {
                actions = actions == null ? r.actions : actions.merge(r.actions);
            }
        }
        return actions;
    }

    /** The actions of each function of {@code table} (null: none), resolved now, by entry address. */
    public LongFunction<FunctionActions> actions(FunctionTable table) {
        List<Rule> rules = rules();
        Long2ObjectHashMap<FunctionActions> byEntry = new Long2ObjectHashMap<>();
        if (!rules.isEmpty()) {
            for (TraceableFunction f : table.functions()) {
                FunctionActions a = of(rules, f.names());
                if (a != null) {
                    byEntry.put(f.entry(), a);
                }
            }
        }
        return byEntry::get;
    }

    /**
     * The actions of a function address whose names come from {@code aliases}, decided the first
     * time an address is asked and remembered (not thread-safe: for one reader, such as a replay).
     */
    public LongFunction<FunctionActions> actions(LongFunction<List<String>> aliases) {
        List<Rule> rules = rules();
        if (rules.isEmpty()) {
            return address -> null;
        }
        Long2ObjectHashMap<FunctionActions> decided = new Long2ObjectHashMap<>();
        return address -> {
            FunctionActions a = decided.get(address);
            if (a == null) {
                a = of(rules, aliases.apply(address));
                decided.put(address, a == null ? FunctionActions.NONE : a);
            }
            return a == FunctionActions.NONE ? null : a;
        };
    }
}
