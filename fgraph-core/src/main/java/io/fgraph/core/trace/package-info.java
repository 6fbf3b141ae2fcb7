/**
 * The trace event pipeline: from tracers on emulator harts to files that analysis reads later.
 * <pre>
 *  tracers (hart threads)
 *     | EventSink calls, encoded in place by EventLayout
 *     v
 *  RingEventSink ---- multi-producer Disruptor ring, preallocated slots, BLOCK or DROP ----+
 *     | one consumer thread (RecordConsumer)                                              |
 *     v                                                                                   |
 *  ChronicleBatchWriter -- many records per excerpt: [count | CRC-32C | records...]        |
 *     |  QueueSpace: disk space reserved before Chronicle's mapped writes                 |
 *     v                                                                                   |
 *  DIR/events/ (Chronicle queue)   DIR/trace.header (TraceHeader)   DIR/trace.summary  <--+ TraceRecorder
 *     ^  QueueFileReader / QueueExcerpts: the .cq4 files read directly, never mapped       (NewTraceDirectory
 *     |  TraceCheck: one trace id in header, events, summary; a full pass matches the summary  claims DIR)
 *  TraceReader -> EventCursor (file order | one task | merged by time) -> TraceEvent flyweight
 * </pre>
 * The record layout lives in {@link io.fgraph.core.trace.EventLayout}; the directory layout and
 * the roll cycle in {@link io.fgraph.core.trace.TraceFiles}. docs/trace-format.md describes both
 * for readers outside Java.
 */
package io.fgraph.core.trace;
