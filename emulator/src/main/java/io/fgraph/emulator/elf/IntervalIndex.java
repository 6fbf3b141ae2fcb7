package io.fgraph.emulator.elf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Answers "which symbol's {@code [address, address + size)} contains this address" in O(log n).
 *
 * <p>Symbols may nest or overlap (aliases, hand-written assembly). The constructor flattens them
 * into disjoint runs, each owned by the innermost covering symbol: the one that starts last, then
 * the smallest, then the public name among aliases ({@link Symbol#PUBLIC_NAME_FIRST}). Building is O(n log n); a lookup is one binary search.
 */
final class IntervalIndex {

    /** Innermost first: later start, then smaller size, then the public name of aliases, then functions first. */
    private static final Comparator<Symbol> INNERMOST_FIRST = (a, b) -> {
        int c = Long.compareUnsigned(b.address(), a.address());
        if (c == 0) {
            c = Long.compareUnsigned(a.size(), b.size());
        }
        if (c == 0) {
            c = Symbol.PUBLIC_NAME_FIRST.compare(a.name(), b.name());
        }
        return c != 0 ? c : Boolean.compare(b.function(), a.function());
    };

    private final long[] starts;
    private final long[] ends;
    private final Symbol[] owners;

    /**
     * Builds an index over the symbols that cover at least one address; size-0 symbols are ignored.
     *
     * @param symbols distinct symbols in any order
     */
    IntervalIndex(List<Symbol> symbols) {
        List<Symbol> byStart = symbols.stream()
                .filter(s -> Long.compareUnsigned(s.end(), s.address()) > 0)
                .sorted((a, b) -> Long.compareUnsigned(a.address(), b.address()))
                .toList();
        List<Symbol> byEnd = byStart.stream().sorted((a, b) -> Long.compareUnsigned(a.end(), b.end())).toList();
        long[] bounds = boundaries(byStart);
        List<long[]> runs = new ArrayList<>();
        List<Symbol> runOwners = new ArrayList<>();
        TreeSet<Symbol> active = new TreeSet<>(INNERMOST_FIRST);
        int nextStart = 0;
        int nextEnd = 0;
        for (int k = 0; k + 1 < bounds.length; k++) {
            long at = bounds[k];
            while (nextEnd < byEnd.size() && byEnd.get(nextEnd).end() == at) {
                active.remove(byEnd.get(nextEnd++));
            }
            while (nextStart < byStart.size() && byStart.get(nextStart).address() == at) {
                active.add(byStart.get(nextStart++));
            }
            if (active.isEmpty()) {
                continue;
            }
            Symbol owner = active.first();
            int last = runs.size() - 1;
            if (last >= 0 && runOwners.get(last) == owner && runs.get(last)[1] == at) {
                runs.get(last)[1] = bounds[k + 1];
            } else {
                runs.add(new long[] {at, bounds[k + 1]});
                runOwners.add(owner);
            }
        }
        starts = new long[runs.size()];
        ends = new long[runs.size()];
        owners = runOwners.toArray(new Symbol[0]);
        for (int i = 0; i < runs.size(); i++) {
            starts[i] = runs.get(i)[0];
            ends[i] = runs.get(i)[1];
        }
    }

    /** The innermost symbol containing {@code address}, or null. */
    Symbol find(long address) {
        int i = lastAtOrBelow(starts, address);
        return i >= 0 && Long.compareUnsigned(address, ends[i]) < 0 ? owners[i] : null;
    }

    /**
     * Index of the last element of the unsigned-sorted {@code sorted} that is {@code <= key}
     * (unsigned), or -1 if every element is greater.
     */
    static int lastAtOrBelow(long[] sorted, long key) {
        int low = 0;
        int high = sorted.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (Long.compareUnsigned(sorted[mid], key) <= 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return high;
    }

    private static long[] boundaries(List<Symbol> symbols) {
        long[] all = new long[symbols.size() * 2];
        int n = 0;
        for (Symbol s : symbols) {
            all[n++] = s.address() ^ Long.MIN_VALUE;
            all[n++] = s.end() ^ Long.MIN_VALUE;
        }
        // Flipping the sign bit turns unsigned order into signed order for Arrays.sort.
        long[] sorted = java.util.Arrays.stream(all).sorted().distinct().toArray();
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] ^= Long.MIN_VALUE;
        }
        return sorted;
    }
}
