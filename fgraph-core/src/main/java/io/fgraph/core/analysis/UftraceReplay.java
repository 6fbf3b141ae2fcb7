package io.fgraph.core.analysis;

import io.fgraph.core.trace.EventLayout;
import io.fgraph.core.trace.TraceEvent;
import io.fgraph.core.trace.TraceProbes;
import io.fgraph.core.tracer.FunctionGraphPrinter;
import org.agrona.collections.Int2ObjectHashMap;

import java.io.PrintStream;

/**
 * Prints calls in uftrace's {@code replay} layout:
 * <pre>
 * # DURATION     TID     FUNCTION
 *             [     0] | main() {
 *    0.010 us [     0] |   c();
 *    0.036 us [     0] | } /* main *&#47;
 * </pre>
 * An entry is held back until the task's next line: if that is its own return, the call prints
 * as a leaf {@code f();}. Lost events, overruns, unwound calls, calls without entry or return and
 * calls still running at the end are marked in comments.
 */
public final class UftraceReplay implements CallListener {
    public static final String HEADER = "# DURATION     TID     FUNCTION";
    private static final String NO_DURATION = " ".repeat(11);

    private final PrintStream out;
    private final FunctionNames names;
    private final TraceProbes probes;
    private final boolean retval;
    private final boolean args;
    private final Int2ObjectHashMap<Held> held = new Int2ObjectHashMap<>();
    private final StringBuilder line = new StringBuilder(128);

    private static final class Held {
        boolean present;
        long function;
        long entryTime;
        int depth;
        final long[] args = new long[8];
        int argCount;
    }

    public UftraceReplay(PrintStream out, FunctionNames names, boolean retval, boolean args) {
        this(out, names, retval, args, TraceProbes.NONE);
    }

    /** @param probes the trace's probe events: a hit shows as {@code /* p:EVENT NAME=VALUE ... *}{@code /} */
    public UftraceReplay(PrintStream out, FunctionNames names, boolean retval, boolean args, TraceProbes probes) {
        this.out = out;
        this.names = names;
        this.probes = probes;
        this.retval = retval;
        this.args = args;
        out.println(HEADER);
    }

    private Held held(int task) {
        Held h = held.get(task);
        if (h == null) {
            h = new Held();
            held.put(task, h);
        }
        return h;
    }

    @Override
    public void entry(Call call) {
        flush(call.task);
        Held h = held(call.task);
        h.present = true;
        h.function = call.function;
        h.entryTime = call.entryTime;
        h.depth = call.depth;
        h.argCount = args ? call.argCount : 0;
        System.arraycopy(call.args, 0, h.args, 0, h.argCount);
    }

    @Override
    public void exit(Call call) {
        Held h = held(call.task);
        boolean leaf = h.present && h.function == call.function && h.entryTime == call.entryTime
                && call.end == CallEnd.RETURNED;
        if (!leaf) {
            flush(call.task);
        }
        start(Durations.uftrace(call.duration()), call.task, call.depth);
        if (leaf) {
            h.present = false;
            line.append(names.apply(call.function));
            arguments(h);
            if (retval && call.hasRetval()) {
                line.append(" = ").append(FunctionGraphPrinter.formatRetval(call.retval));
            }
            line.append(';');
        } else {
            line.append('}');
            if (retval && call.hasRetval() && call.end != CallEnd.UNWOUND) {
                line.append(" = ").append(FunctionGraphPrinter.formatRetval(call.retval)).append(';');
            }
            line.append(" /* ").append(names.apply(call.function));
            if (call.end != CallEnd.RETURNED && call.end != CallEnd.NO_ENTRY) {
                line.append(call.end == CallEnd.UNWOUND ? " " : ": ").append(call.end.note());
            }
            line.append(" */");
        }
        out.println(line);
    }

    private void flush(int task) {
        Held h = held.get(task);
        if (h == null || !h.present) {
            return;
        }
        h.present = false;
        start(NO_DURATION, task, h.depth);
        line.append(names.apply(h.function));
        arguments(h);
        line.append(" {");
        out.println(line);
    }

    private void arguments(Held h) {
        line.append('(');
        for (int i = 0; i < h.argCount; i++) {
            line.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(h.args[i]));
        }
        line.append(')');
    }

    private void start(String duration, int task, int depth) {
        line.setLength(0);
        line.append(duration).append(" [");
        String id = Integer.toString(task);
        for (int i = id.length(); i < 6; i++) {
            line.append(' ');
        }
        line.append(id).append("] | ");
        for (int i = 0; i < depth; i++) {
            line.append("  ");
        }
    }

    private void comment(int task, String text) {
        flush(task);
        start(NO_DURATION, task, 0);
        line.append("/* ").append(text).append(" */");
        out.println(line);
    }

    @Override
    public void lost(int task, int cpu, long time, long count) {
        comment(task, "LOST " + count + " events!!");
    }

    @Override
    public void overrun(int task, int cpu, long time, long overrun) {
        comment(task, "shadow stack overrun: " + overrun + " calls not traced so far");
    }

    @Override
    public void other(TraceEvent e) {
        switch (e.kind()) {
            case EventLayout.KIND_TASK_SWITCH -> comment(e.task(), "task " + e.previousTask() + " => task " + e.nextTask());
            case EventLayout.KIND_PROBE -> comment(e.task(), probes.uftrace(e));
            case EventLayout.KIND_PAYLOAD -> {
                byte[] bytes = e.payload();
                comment(e.task(), PayloadText.describe(e.plugin(), FunctionNames.pluginNames(names).apply(e.plugin()), bytes, 0, bytes.length));
            }
            default -> {
            }
        }
    }

    @Override
    public void end() {
        new java.util.TreeSet<>(held.keySet()).forEach(this::flush);
        out.flush();
    }
}
