/**
 * Built-in fgraph users.
 * <pre>
 *   FunctionGraphTracer --EventSink--> RecordEncoder (trace records, io.fgraph.core.trace)
 *         (options:                      |-- TraceRecorder.sink(): pages to a trace on disk
 *          FunctionGraphOptions)         '-- FunctionGraphPrinter.sink(): decoded at once -> ftrace text, live
 *   FunctionProfiler ----------------> FunctionStatistics per function (shared with fgraph report)
 * </pre>
 */
package io.fgraph.core.tracer;
