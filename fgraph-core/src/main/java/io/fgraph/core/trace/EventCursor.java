package io.fgraph.core.trace;

/**
 * Walks the events of a trace one at a time, streaming: only the current page is in memory.
 * <pre>
 *  try (EventCursor c = reader.events()) {
 *      while (c.next()) {
 *          TraceEvent e = c.event();   // valid until the next call of next()
 *      }
 *  }
 * </pre>
 * Corruption found while walking is thrown as {@link TraceFormatException}.
 */
public interface EventCursor extends AutoCloseable {
    /** Moves to the next event; false at the end of the trace. */
    boolean next();

    /** The current event, a flyweight that {@link #next()} moves on; {@link TraceEvent#copy()} keeps it. */
    TraceEvent event();

    @Override
    void close();
}
