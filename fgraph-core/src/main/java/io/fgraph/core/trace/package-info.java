/**
 * The trace event pipeline: from tracers on emulator harts to files that analysis reads later.
 * <pre>
 *  tracers (hart threads)
 *     | EventSink calls: RecordEncoder writes compact records (EventLayout) into the hart's own
 *     | page (PageWriter), plain stores, no claim per event
 *     v
 *  RecordingPages -- a full page: one entry of the PageRing (Disruptor); a free page from
 *     |              FreePages, or wait (BLOCK, timed) / drop and count per task (DROP)
 *     v one consumer thread
 *  ChroniclePageWriter -- CRC-32C, one excerpt per page
 *     |  QueueSpace: disk space reserved before Chronicle's mapped writes
 *     v
 *  DIR/events/ (Chronicle queue)   DIR/trace.header (TraceHeader)   DIR/trace.summary   TraceRecorder
 *     ^  QueueFileReader / QueueExcerpts: the .cq4 files read directly, never mapped    (NewTraceDirectory
 *     |  TraceCheck: one trace id in header, events, summary; a full pass matches it     claims DIR)
 *  TraceReader -> EventCursor (file order | one task | merged by time)
 *     |  ExcerptDecoder: PageExcerptDecoder + RecordDecoder (version 3), LegacyBatchDecoder (1, 2)
 *     v
 *  TraceEvent (decoded values)
 * </pre>
 * The record layout lives in {@link io.fgraph.core.trace.EventLayout} (versions 1 and 2:
 * {@link io.fgraph.core.trace.LegacyEventLayout}); the directory layout and the roll cycle in
 * {@link io.fgraph.core.trace.TraceFiles}. docs/trace-format.md describes both for readers outside
 * Java, and is checked against them.
 */
package io.fgraph.core.trace;
