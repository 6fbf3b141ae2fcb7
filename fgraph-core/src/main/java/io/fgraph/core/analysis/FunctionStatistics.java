package io.fgraph.core.analysis;

import org.HdrHistogram.Histogram;

/**
 * What a {@link FunctionReport} knows of one function (of one task, or of all): calls, total and
 * self time, min, max and a latency histogram, and how many calls ended otherwise than by a return.
 */
public final class FunctionStatistics {
    private final long function;
    private final String name;
    private long calls;
    private long totalNs;
    private long selfNs;
    private long sumNs;
    private long minNs = Long.MAX_VALUE;
    private long maxNs;
    private long selfMinNs = Long.MAX_VALUE;
    private long selfMaxNs;
    private long size;
    private final long[] ends = new long[CallEnd.values().length];
    private final Histogram histogram = new Histogram(3);

    /** Empty statistics of {@code function}; the live profiler and {@link FunctionReport} fill them. */
    public FunctionStatistics(long function, String name) {
        this.function = function;
        this.name = name;
    }

    /**
     * Adds one call.
     *
     * @param outermost false for a call made (directly or not) inside another call of the same
     *                  function: its time is already in the outer call's total
     */
    public void add(long durationNs, long selfDurationNs, boolean outermost, CallEnd end) {
        calls++;
        if (outermost) {
            totalNs += durationNs;
        }
        selfNs += selfDurationNs;
        sumNs += durationNs;
        minNs = Math.min(minNs, durationNs);
        maxNs = Math.max(maxNs, durationNs);
        selfMinNs = Math.min(selfMinNs, selfDurationNs);
        selfMaxNs = Math.max(selfMaxNs, selfDurationNs);
        histogram.recordValue(Math.max(0, durationNs));
        ends[end.ordinal()]++;
    }

    /** Adds {@code other}'s calls (another task's statistics of the same function). */
    public void merge(FunctionStatistics other) {
        calls += other.calls;
        totalNs += other.totalNs;
        selfNs += other.selfNs;
        sumNs += other.sumNs;
        minNs = Math.min(minNs, other.minNs);
        maxNs = Math.max(maxNs, other.maxNs);
        selfMinNs = Math.min(selfMinNs, other.selfMinNs);
        selfMaxNs = Math.max(selfMaxNs, other.selfMaxNs);
        size = Math.max(size, other.size);
        histogram.add(other.histogram);
        for (int i = 0; i < ends.length; i++) {
            ends[i] += other.ends[i];
        }
    }

    public long function() {
        return function;
    }

    public String name() {
        return name;
    }

    public long calls() {
        return calls;
    }

    /** Time inside the function; a recursive call's time counts once, in its outermost call. */
    public long totalNs() {
        return totalNs;
    }

    /** Time in the function itself, minus the traced callees. */
    public long selfNs() {
        return selfNs;
    }

    public long minNs() {
        return calls == 0 ? 0 : minNs;
    }

    public long maxNs() {
        return maxNs;
    }

    /** The shortest self time of a call. */
    public long selfMinNs() {
        return calls == 0 ? 0 : selfMinNs;
    }

    /** The longest self time of a call. */
    public long selfMaxNs() {
        return selfMaxNs;
    }

    /** The mean self time of a call. */
    public long selfAverageNs() {
        return calls == 0 ? 0 : selfNs / calls;
    }

    /** The function's size in bytes (from its symbol; 0 if unknown). */
    public long size() {
        return size;
    }

    /** Sets the function's size in bytes. */
    public FunctionStatistics size(long bytes) {
        this.size = bytes;
        return this;
    }

    /** The mean duration of a call (recursive calls included). */
    public long averageNs() {
        return calls == 0 ? 0 : sumNs / calls;
    }

    /**
     * The duration at {@code percentile} (0..100), from the histogram: exact to 3 significant
     * digits, and clamped to [min, max] (a histogram bucket's upper end can pass the largest value).
     */
    public long percentileNs(double percentile) {
        return calls == 0 ? 0 : Math.max(minNs(), Math.min(maxNs, histogram.getValueAtPercentile(percentile)));
    }

    /** Calls that ended as {@code end}. */
    public long ended(CallEnd end) {
        return ends[end.ordinal()];
    }
}
