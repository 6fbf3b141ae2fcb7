package io.fgraph.core.tracer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the graph filters do when one function is called: the union of every rule whose pattern
 * names it ({@code -F}, {@code -N}, {@code -C}, {@code -H} and the actions of {@code -T} triggers,
 * uftrace's {@code FUNC@action,...}). Immutable; {@link #merge} combines two.
 *
 * @param flags   the actions, a set of the constants below
 * @param depth   with {@link #DEPTH}: calls nested at most this deep from here, this one included
 * @param timeNs  with {@link #TIME}: the time filter from here on (this call and below)
 * @param values  with {@link #VALUES}: the arguments and return value to record ({@code -A}, {@code -R})
 */
public record FunctionActions(int flags, int depth, long timeNs, List<ValueSpec> values) {
    /** {@code -F}, {@code filter}: show only calls below this function, itself included. */
    public static final int FILTER = 1;
    /** {@code -N}, {@code notrace}: hide this function and all it calls. */
    public static final int NOTRACE = 1 << 1;
    /** {@code -C}, {@code caller}: show this function as a leaf with the calls that lead to it. */
    public static final int CALLER = 1 << 2;
    /** {@code -H}, {@code hide}: hide this function only; what it calls is shown in its place. */
    public static final int HIDE = 1 << 3;
    /** {@code depth=N}: from here, at most N levels. */
    public static final int DEPTH = 1 << 4;
    /** {@code time=DUR}: from here, the time filter is DUR. */
    public static final int TIME = 1 << 5;
    /** {@code trace_on}: tracing on (for every task) from this call on, this call included. */
    public static final int TRACE_ON = 1 << 6;
    /** {@code trace_off}: tracing off (for every task) from this call on, this call included. */
    public static final int TRACE_OFF = 1 << 7;
    /** {@code trace}: always shown, whatever the time and caller filters say. */
    public static final int TRACE = 1 << 8;
    /** {@code finish}: this call is the last one recorded (record only). */
    public static final int FINISH = 1 << 9;
    /** {@code backtrace}: the open calls that lead to this one are printed before it (replay only). */
    public static final int BACKTRACE = 1 << 10;

    /** {@code -A}/{@code -R}: arguments and the return value are recorded ({@link #values}). */
    public static final int VALUES = 1 << 11;

    /** Actions that change what the calls below see, so the call's return must be seen to undo them. */
    static final int SCOPED = FILTER | NOTRACE | DEPTH | TIME;

    public static final FunctionActions NONE = new FunctionActions(0, 0, 0, List.of());

    public FunctionActions(int flags, int depth, long timeNs) {
        this(flags, depth, timeNs, List.of());
    }

    public FunctionActions {
        values = List.copyOf(values);
        if ((flags & DEPTH) != 0 && depth < 1) {
            throw new IllegalArgumentException("depth=" + depth + ": must be >= 1");
        }
        if ((flags & TIME) != 0 && timeNs < 0) {
            throw new IllegalArgumentException("time=" + timeNs + ": must be >= 0");
        }
    }

    public static FunctionActions of(int flags) {
        return new FunctionActions(flags, 0, 0);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Records these values (arguments in order, then the return value). */
    public static FunctionActions values(List<ValueSpec> specs) {
        return new FunctionActions(VALUES, 0, 0, specs);
    }

    /**
     * Both sets of actions; where both set a depth or a time, {@code later}'s wins, and a value
     * spec of {@code later} replaces one of the same argument (or the return value).
     */
    public FunctionActions merge(FunctionActions later) {
        if (later == null || later.flags == 0) {
            return this;
        }
        List<ValueSpec> merged = values;
        if (!later.values.isEmpty()) {
            List<ValueSpec> all = new ArrayList<>();
            for (ValueSpec v : values) {
                if (later.values.stream().noneMatch(l -> l.kind() == v.kind() && l.index() == v.index())) {
                    all.add(v);
                }
            }
            all.addAll(later.values);
            all.sort(Comparator.comparing((ValueSpec v) -> v.kind() == ValueSpec.Kind.RETVAL)
                    .thenComparingInt(ValueSpec::index));
            merged = all;
        }
        return new FunctionActions(flags | later.flags,
                later.has(DEPTH) ? later.depth : depth,
                later.has(TIME) ? later.timeNs : timeNs, merged);
    }

    /** The argument specs, in argument order. */
    public List<ValueSpec> arguments() {
        return values.stream().filter(v -> v.kind() != ValueSpec.Kind.RETVAL).toList();
    }

    /** The return value's spec, or null. */
    public ValueSpec returnValue() {
        return values.stream().filter(v -> v.kind() == ValueSpec.Kind.RETVAL).findFirst().orElse(null);
    }
}
