package io.fgraph.core.trace;

import java.util.Map;
import java.util.SortedMap;

/**
 * Totals of one pass over a trace's events.
 *
 * @param events     records in the trace
 * @param byKind     records per kind name ({@link EventLayout#kindName}), in kind order, kinds present only
 * @param byTask     records per task id, ascending
 * @param lostEvents the sum of the counts of all lost records
 * @param overruns   calls not traced because a shadow stack was full: per task the largest overrun
 *                   count its return records carry (a running total), summed over the tasks
 * @param firstTime  the smallest event time, or 0 if there are no events
 * @param lastTime   the largest event time, or 0 if there are no events
 */
public record TraceCounts(long events, Map<String, Long> byKind, SortedMap<Integer, Long> byTask, long lostEvents,
                          long overruns, long firstTime, long lastTime) {
}
