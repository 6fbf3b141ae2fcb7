package io.fgraph.core;

import org.agrona.collections.LongHashSet;

import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * A {@link FunctionFilter} resolved to function entry addresses, once: a function is in the set
 * when any of its names (aliases such as {@code malloc} and {@code __malloc_malloc}) is accepted.
 * Hooks then test an address, never a name.
 */
public final class FunctionSet implements LongPredicate {
    private final LongHashSet entries;

    private FunctionSet(LongHashSet entries) {
        this.entries = entries;
    }

    /** The functions of {@code table} that {@code filter} accepts under any of their names. */
    public static FunctionSet of(FunctionFilter filter, FunctionTable table) {
        LongHashSet entries = new LongHashSet();
        for (TraceableFunction function : table.functions()) {
            if (filter.acceptsAny(function.names())) {
                entries.add(function.entry());
            }
        }
        return new FunctionSet(entries);
    }

    @Override
    public boolean test(long entry) {
        return entries.contains(entry);
    }

    public int size() {
        return entries.size();
    }

    /**
     * A filter over addresses whose names come from {@code namesOf}, decided once per address and
     * remembered (not thread-safe: for a single reader, such as a replay).
     */
    public static LongPredicate memoized(FunctionFilter filter, LongFunction<List<String>> namesOf) {
        org.agrona.collections.Long2ObjectHashMap<Boolean> decided = new org.agrona.collections.Long2ObjectHashMap<>();
        return address -> {
            Boolean accepted = decided.get(address);
            if (accepted == null) {
                accepted = filter.acceptsAny(namesOf.apply(address));
                decided.put(address, accepted);
            }
            return accepted;
        };
    }
}
