package io.fgraph.core.analysis;

import io.fgraph.core.event.EventSink;
import io.fgraph.core.trace.EventLayout;
import io.fgraph.core.trace.TraceEvent;
import io.fgraph.core.trace.TraceProbes;
import io.fgraph.core.tracer.FunctionGraphPrinter;
import org.agrona.collections.Int2IntHashMap;

import java.io.PrintStream;

/**
 * Replays calls through the live {@link FunctionGraphPrinter}, so a recorded trace prints exactly
 * as {@code fgraph run --trace function_graph} would have. Calls whose return was not recorded or
 * that were still running at the end get a marker line after their closing brace.
 */
public final class FtraceReplay implements CallListener {
    private final FunctionGraphPrinter printer;
    private final TraceProbes probes;
    private final PrintStream out;
    private final FunctionNames names;
    private final boolean retval;
    private final boolean args;
    private final int cpuWidth;
    private final Int2IntHashMap overruns = new Int2IntHashMap(0);
    private final long[] noArgs = new long[0];

    /**
     * @param retval show recorded return values
     * @param args   show recorded arguments
     */
    public FtraceReplay(PrintStream out, FunctionNames names, int harts, boolean retval, boolean args) {
        this(out, names, harts, retval, args, TraceProbes.NONE);
    }

    /** @param probes the trace's probe events: a hit shows as a comment, {@code /* EVENT: (sym+0x0/0x10) n=1 *}{@code /} */
    public FtraceReplay(PrintStream out, FunctionNames names, int harts, boolean retval, boolean args, TraceProbes probes) {
        this.probes = probes;
        this.printer = new FunctionGraphPrinter(out, names, harts, true);
        printer.setPluginNames(FunctionNames.pluginNames(names));
        this.out = out;
        this.names = names;
        this.retval = retval;
        this.args = args;
        this.cpuWidth = Integer.toString(Math.max(0, harts - 1)).length();
    }

    @Override
    public void entry(Call call) {
        printer.functionEntry(call.task, call.cpu, call.entryTime, call.function, call.depth,
                args ? call.args : noArgs, args ? call.argCount : 0);
    }

    @Override
    public void exit(Call call) {
        int flags = call.end == CallEnd.UNWOUND ? EventSink.FLAG_UNWOUND : 0;
        if (retval && call.end != CallEnd.UNWOUND) {
            flags |= call.flags & EventSink.FLAG_RETVAL;
        }
        printer.functionReturn(call.task, call.cpu, call.entryTime, call.exitTime, call.function, call.depth,
                call.retval, overruns.get(call.task), flags);
        if (call.end == CallEnd.NO_RETURN || call.end == CallEnd.OPEN) {
            marker(call.cpu, names.apply(call.function) + ": " + call.end.note());
        }
    }

    private void marker(int cpu, String text) {
        StringBuilder line = new StringBuilder(" ");
        String number = Integer.toString(cpu);
        line.append(" ".repeat(Math.max(0, cpuWidth - number.length()))).append(number).append(") ==== ")
                .append(text).append(" ====");
        out.println(line);
    }

    @Override
    public void lost(int task, int cpu, long time, long count) {
        printer.lost(task, cpu, time, count);
    }

    @Override
    public void overrun(int task, int cpu, long time, long overrun) {
        overruns.put(task, (int) Math.min(Integer.MAX_VALUE, overrun));
    }

    @Override
    public void other(TraceEvent e) {
        switch (e.kind()) {
            case EventLayout.KIND_TASK_SWITCH -> printer.taskSwitch(e.cpu(), e.time(), e.previousTask(), e.nextTask());
            case EventLayout.KIND_PROBE -> printer.comment(e.cpu(), probes.describe(e));
            case EventLayout.KIND_PAYLOAD -> {
                byte[] bytes = e.payload();
                printer.payload(e.task(), e.cpu(), e.time(), e.plugin(), bytes, 0, bytes.length);
            }
            default -> {
            }
        }
    }

    @Override
    public void end() {
        printer.flush();
    }
}
