package io.fgraph.core.tracer;

import org.HdrHistogram.Histogram;

/** What the profiler knows of one function: calls, total, self, min, max and a latency histogram (ns). */
public final class FunctionStats {
    private final String name;
    private long calls;
    private long unwound;
    private long totalNs;
    private long selfNs;
    private long minNs = Long.MAX_VALUE;
    private long maxNs;
    private final Histogram histogram = new Histogram(3);

    FunctionStats(String name) {
        this.name = name;
    }

    void add(long durationNs, long selfDurationNs, boolean wasUnwound) {
        calls++;
        if (wasUnwound) {
            unwound++;
        }
        totalNs += durationNs;
        selfNs += selfDurationNs;
        minNs = Math.min(minNs, durationNs);
        maxNs = Math.max(maxNs, durationNs);
        histogram.recordValue(Math.max(0, durationNs));
    }

    void merge(FunctionStats other) {
        calls += other.calls;
        unwound += other.unwound;
        totalNs += other.totalNs;
        selfNs += other.selfNs;
        minNs = Math.min(minNs, other.minNs);
        maxNs = Math.max(maxNs, other.maxNs);
        histogram.add(other.histogram);
    }

    public String name() {
        return name;
    }

    public long calls() {
        return calls;
    }

    /** Calls closed by a non-local exit rather than a return (their duration ends at the unwinding). */
    public long unwound() {
        return unwound;
    }

    public long totalNs() {
        return totalNs;
    }

    /** Total minus the time spent in traced callees. */
    public long selfNs() {
        return selfNs;
    }

    public long minNs() {
        return calls == 0 ? 0 : minNs;
    }

    public long maxNs() {
        return maxNs;
    }

    public long averageNs() {
        return calls == 0 ? 0 : totalNs / calls;
    }

    public long percentileNs(double percentile) {
        return histogram.getValueAtPercentile(percentile);
    }

    /** A copy of the latency histogram (ns). */
    public Histogram histogram() {
        return histogram.copy();
    }
}
