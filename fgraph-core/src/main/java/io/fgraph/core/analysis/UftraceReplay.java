package io.fgraph.core.analysis;

import io.fgraph.core.trace.EventLayout;
import io.fgraph.core.trace.TraceEvent;
import io.fgraph.core.trace.TraceProbes;
import io.fgraph.core.tracer.FunctionGraphPrinter;
import org.agrona.collections.Int2ObjectHashMap;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints calls in uftrace's {@code replay} layout:
 * <pre>
 * # DURATION     TID     FUNCTION
 *             [     0] | main() {
 *    0.010 us [     0] |   c();
 *    0.036 us [     0] | } /* main *&#47;
 * </pre>
 * The columns are uftrace's {@code -f} fields ({@link UftraceFields}), in uftrace's order and
 * widths. An entry is held back until the task's next line: if that is its own return, the call
 * prints as a leaf {@code f();}. A call with the {@code backtrace} trigger is preceded by its open
 * callers, {@code   backtrace [     0] | /* [ 0] main *&#47;}. Lost events, overruns, unwound calls,
 * calls without entry or return and calls still running at the end are marked in comments.
 */
public final class UftraceReplay implements CallListener {
    public static final String HEADER = "# DURATION     TID     FUNCTION";

    private final PrintStream out;
    private final FunctionNames names;
    private final TraceProbes probes;
    private final boolean retval;
    private final boolean args;
    private final UftraceFields[] fields;
    private final String taskName;
    private final boolean values;
    private final java.util.function.LongFunction<String> symbols;
    private final Int2ObjectHashMap<Held> held = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<long[]> lastTimes = new Int2ObjectHashMap<>();
    private final StringBuilder line = new StringBuilder(128);

    private static final class Held {
        boolean present;
        long function;
        long entryTime;
        int depth;
        final long[] args = new long[8];
        int argCount;
        /** The call, whose typed arguments follow its entry in the trace: read when the line prints. */
        Call call;
    }

    /** uftrace's default fields (duration, tid). */
    public UftraceReplay(PrintStream out, FunctionNames names, boolean retval, boolean args) {
        this(out, names, retval, args, UftraceFields.defaults(false), "", true, TraceProbes.NONE);
    }

    /**
     * @param fields   the columns (uftrace's {@code -f}), in order; empty: none
     * @param taskName what the {@code task} and {@code module} columns show (the program's name)
     * @param values   show the typed arguments and return values recorded (uftrace's {@code -A}/{@code -R};
     *                 false: uftrace's {@code --no-args})
     * @param probes   the trace's probe events: a hit shows as {@code /* p:EVENT NAME=VALUE ... *}{@code /}
     */
    public UftraceReplay(PrintStream out, FunctionNames names, boolean retval, boolean args, List<UftraceFields> fields,
                         String taskName, boolean values, TraceProbes probes) {
        this.values = values;
        this.symbols = FunctionNames.symbolsOf(names);
        this.out = out;
        this.names = names;
        this.probes = probes;
        this.retval = retval;
        this.args = args;
        this.fields = fields.toArray(new UftraceFields[0]);
        this.taskName = taskName;
        if (this.fields.length > 0) {
            out.println(header(this.fields)); // uftrace prints no header without fields
        }
    }

    /** uftrace's header line for these fields; an empty line without fields. */
    static String header(UftraceFields[] fields) {
        if (fields.length == 0) {
            return "";
        }
        StringBuilder h = new StringBuilder("#");
        for (UftraceFields f : fields) {
            h.append(f.header);
            h.append(' ');
        }
        h.setLength(h.length() - 1);
        return h.append("   FUNCTION").toString();
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
    public void backtrace(Call call) {
        flush(call.task);
        List<Call> callers = new ArrayList<>();
        for (Call c = call.parent; c != null; c = c.parent) {
            callers.add(0, c);
        }
        for (int i = 0; i < callers.size(); i++) {
            line.setLength(0);
            line.append(' ');
            for (UftraceFields f : fields) {
                if (f == UftraceFields.DURATION) {
                    line.append(String.format(Locale.ROOT, "%10s", "backtrace"));
                } else {
                    field(f, -1, call.task, call.entryTime, callers.get(i).function);
                }
                line.append(' ');
            }
            if (fields.length > 0) {
                line.append("| ");
            }
            line.append(String.format(Locale.ROOT, "/* [%2d] %s */", i, names.apply(callers.get(i).function)));
            out.println(line);
        }
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
        h.call = call;
    }

    @Override
    public void exit(Call call) {
        Held h = held(call.task);
        boolean leaf = h.present && h.function == call.function && h.entryTime == call.entryTime
                && call.end == CallEnd.RETURNED;
        if (!leaf) {
            flush(call.task);
        }
        if (leaf) {
            start(call.duration(), call.task, call.depth, call.entryTime, call.function);
            h.present = false;
            line.append(names.apply(call.function));
            arguments(h);
            if (values && call.returnValue != null) {
                line.append(" = ").append(call.returnValue.format(symbols));
            } else if (retval && call.hasRetval()) {
                line.append(" = ").append(FunctionGraphPrinter.formatRetval(call.retval));
            }
            line.append(';');
        } else {
            start(call.duration(), call.task, call.depth, call.exitTime, call.function);
            line.append('}');
            if (values && call.returnValue != null && call.end != CallEnd.UNWOUND) {
                line.append(" = ").append(call.returnValue.format(symbols)).append(';');
            } else if (retval && call.hasRetval() && call.end != CallEnd.UNWOUND) {
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
        start(-1, task, h.depth, h.entryTime, h.function);
        line.append(names.apply(h.function));
        arguments(h);
        line.append(" {");
        out.println(line);
    }

    private void arguments(Held h) {
        line.append('(');
        if (values && h.call != null && !h.call.argumentValues.isEmpty() && h.call.function == h.function
                && h.call.entryTime == h.entryTime) {
            List<io.fgraph.core.trace.CallValue> typed = h.call.argumentValues;
            for (int i = 0; i < typed.size(); i++) {
                line.append(i == 0 ? "" : ", ").append(typed.get(i).format(symbols));
            }
        } else {
            for (int i = 0; i < h.argCount; i++) {
                line.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(h.args[i]));
            }
        }
        line.append(')');
    }

    /**
     * Starts a line: the fields, then the indentation.
     *
     * @param durationNs -1: none (an entry or a comment)
     * @param function   -1: none (a comment)
     */
    private void start(long durationNs, int task, int depth, long time, long function) {
        line.setLength(0);
        for (UftraceFields f : fields) {
            line.append(' ');
            field(f, durationNs, task, time, function);
        }
        if (fields.length > 0) {
            line.append(" | ");
        }
        long[] last = lastTimes.get(task);
        if (last == null) {
            lastTimes.put(task, new long[] {time});
        } else {
            last[0] = time;
        }
        for (int i = 0; i < depth; i++) {
            line.append("  ");
        }
    }

    private void field(UftraceFields f, long durationNs, int task, long time, long function) {
        switch (f) {
            case DURATION -> timeUnit(durationNs < 0 ? 0 : durationNs);
            case TID -> {
                String id = Integer.toString(task);
                line.append('[');
                for (int i = id.length(); i < 6; i++) {
                    line.append(' ');
                }
                line.append(id).append(']');
            }
            case ADDR -> line.append(String.format(Locale.ROOT, "%12s", function < 0 ? "" : Long.toHexString(function)));
            case TIME -> line.append(String.format(Locale.ROOT, "%8d.%09d", time / 1_000_000_000L, time % 1_000_000_000L));
            case DELTA -> {
                long[] last = lastTimes.get(task);
                timeUnit(last == null ? 0 : time - last[0]);
            }
            case ELAPSED -> timeUnit(time);
            case TASK -> line.append(String.format(Locale.ROOT, "%15.15s", taskName));
            case MODULE -> line.append(String.format(Locale.ROOT, "%16.16s", function < 0 ? "" : taskName));
        }
    }

    private void timeUnit(long ns) {
        line.append(Durations.uftraceColumn(ns));
    }

    private void comment(int task, long time, String text) {
        flush(task);
        start(-1, task, 0, time, -1);
        line.append("/* ").append(text).append(" */");
        out.println(line);
    }

    @Override
    public void lost(int task, int cpu, long time, long count) {
        comment(task, time, "LOST " + count + " events!!");
    }

    @Override
    public void overrun(int task, int cpu, long time, long overrun) {
        comment(task, time, "shadow stack overrun: " + overrun + " calls not traced so far");
    }

    @Override
    public void other(TraceEvent e) {
        switch (e.kind()) {
            case EventLayout.KIND_TASK_SWITCH -> comment(e.task(), e.time(), "task " + e.previousTask() + " => task " + e.nextTask());
            case EventLayout.KIND_PROBE -> comment(e.task(), e.time(), probes.uftrace(e));
            case EventLayout.KIND_PAYLOAD -> {
                byte[] bytes = e.payload();
                comment(e.task(), e.time(), PayloadText.describe(e.plugin(), FunctionNames.pluginNames(names).apply(e.plugin()),
                        bytes, 0, bytes.length));
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
