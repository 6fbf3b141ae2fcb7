package io.fgraph.core.trace;

/**
 * One preallocated ring slot: room for the longest record ({@link EventLayout#MAX_RECORD_LENGTH})
 * and the length of the record it holds now. Producers encode into it, the writer copies it out.
 */
final class RingEvent {
    final byte[] buffer = new byte[EventLayout.MAX_RECORD_LENGTH];
    int length;
}
