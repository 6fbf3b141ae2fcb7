/**
 * Built-in fgraph users.
 * <pre>
 *   FunctionGraphTracer --EventSink--> FunctionGraphPrinter (ftrace text, live)
 *         (options:                    TraceRecorder        (a trace on disk, io.fgraph.core.trace)
 *          FunctionGraphOptions)
 *   FunctionProfiler ----------------> FunctionStatistics per function (shared with fgraph report)
 * </pre>
 */
package io.fgraph.core.tracer;
