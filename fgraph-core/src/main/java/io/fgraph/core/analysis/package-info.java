/**
 * Offline analysis of recorded traces: every output streams the events once through a
 * {@link io.fgraph.core.analysis.CallTreeWalker}, which turns them into calls, optionally through a
 * {@link io.fgraph.core.analysis.ReplayFilter}, into one or more {@link io.fgraph.core.analysis.CallListener}s.
 * <pre>
 *  TraceReader ─ EventCursor ─▶ CallTreeWalker ─▶ ReplayFilter ─▶ CallListeners
 *   (events / merged)           per-task stacks     -F -N -D -t     ├─ FtraceReplay   (FunctionGraphPrinter)
 *                                                   tasks, range    ├─ UftraceReplay
 *                                                                   ├─ FunctionReport (HdrHistogram)
 *                                                                   ├─ CallGraph      (backtraces + CallTree)
 *                                                                   ├─ CallTree ─▶ FoldedStacksWriter, FlameGraphSvg
 *                                                                   ├─ ChromeTraceWriter
 *                                                                   └─ UftraceDataWriter
 * </pre>
 * Memory is bounded by tasks x nesting depth (the walker), functions (report) or distinct call
 * paths (trees), never by the number of events. Lost events, shadow-stack overruns and calls that
 * did not simply return ({@link io.fgraph.core.analysis.CallEnd}) reach every output.
 */
package io.fgraph.core.analysis;
