package io.fgraph.core.tracer;

import io.fgraph.core.Fgraph;
import io.fgraph.core.event.EventSink;
import io.fgraph.core.trace.EventLayout;
import io.fgraph.core.trace.RecordEncoder;
import io.fgraph.core.trace.TraceEvent;

import java.io.PrintStream;
import java.util.function.LongFunction;

/**
 * Renders function_graph events as ftrace's text (FGRAPH-REFERENCE §4):
 * <pre>
 * # CPU  DURATION                  FUNCTION CALLS
 * # |     |   |                     |   |   |   |
 *  0)               |  main() {
 *  0)   0.250 us    |    leaf();
 *  0) + 12.500 us   |  }
 * </pre>
 * An entry is held back until the next event of its cpu: if that is its own return, the call
 * prints as a leaf {@code f();}, in the entry's place (lines of other cpus that came meanwhile wait
 * behind it, so the output stays in event order, as ftrace's per-cpu peek does). A return whose
 * entry was not printed (threshold mode, or the entry was before tracing started) prints as
 * {@code } /* f *}{@code /}; unwound frames (longjmp) as {@code } /* f unwound *}{@code /}; lost
 * events and shadow-stack overruns get their own lines. Safe for several harts: calls are serialised.
 *
 * <p>Live, the printer reads what a recording would store: {@link #sink()} encodes each event as a
 * trace record and hands the record, decoded again, to {@link #print(TraceEvent)}. A replay calls
 * the per-kind methods with the calls it rebuilt.
 */
public final class FunctionGraphPrinter {
    public static final String HEADER = "# CPU  DURATION                  FUNCTION CALLS\n"
            + "# |     |   |                     |   |   |   |\n";

    private final PrintStream out;
    private final LongFunction<String> names;
    private final int cpuWidth;
    private final Pending[] pending;
    private final long[] lastOverrun;
    /** Per cpu, the depth of the calls now running (where a comment is indented to). */
    private final int[] inside;
    /** Per cpu, the function whose {@code f() {} line was printed at each depth (ftrace's enter_funcs). */
    private final long[][] enteredFunctions;
    private final StringBuilder line = new StringBuilder(128);
    private final long[] argScratch = new long[EventLayout.MAX_ARGS];
    private java.util.function.IntFunction<String> pluginNames = id -> null;
    private EventSink sink;
    /** Per cpu, a typed return value ({@code -R}) sent just before its return, and its call's entry time. */
    private final io.fgraph.core.trace.CallValue[] returnValues;
    private final long[] returnValueEntryTimes;

    private static final class Pending {
        boolean present;
        int task;
        long time;
        long function;
        int depth;
        long[] args = new long[8];
        int argCount;
        /** The typed arguments ({@code -A}) that followed the entry, or null. */
        java.util.List<io.fgraph.core.trace.CallValue> typed;
        /** Its line's place in the output, filled in once it is known to be a leaf or not. */
        Slot slot;
    }

    /** One output line, or a held-back entry's place (text null until resolved). */
    private static final class Slot {
        String text;
    }

    /** Lines waiting behind a held-back entry, so that output stays in event order. */
    private final java.util.ArrayDeque<Slot> queue = new java.util.ArrayDeque<>();
    /** Past this many waiting lines, the oldest held-back entry is printed as "f() {". */
    private static final int MAX_WAITING = 1 << 16;

    /**
     * @param cpus the number of harts (sets the width of the CPU column, as ftrace does)
     */
    public FunctionGraphPrinter(PrintStream out, LongFunction<String> names, int cpus, boolean header) {
        this.out = out;
        this.names = names;
        this.cpuWidth = Integer.toString(Math.max(0, cpus - 1)).length();
        this.pending = new Pending[cpus];
        this.lastOverrun = new long[cpus];
        this.inside = new int[cpus];
        this.enteredFunctions = new long[cpus][256];
        this.returnValues = new io.fgraph.core.trace.CallValue[cpus];
        this.returnValueEntryTimes = new long[cpus];
        for (int i = 0; i < cpus; i++) {
            pending[i] = new Pending();
        }
        if (header) {
            out.print(HEADER);
        }
    }

    /**
     * An event sink for harts {@code 0..cpus-1} (the {@code cpus} given to the constructor) that
     * prints every event through {@link #print(TraceEvent)}, decoded from its trace record: the
     * same sink on every call, so that the tracer and plugins write into the same pages.
     */
    public synchronized EventSink sink() {
        if (sink == null) {
            sink = RecordEncoder.decodingTo(pending.length, this::print);
        }
        return sink;
    }

    /** Prints one event (a live one from {@link #sink()}, or one read from a trace). */
    public synchronized void print(TraceEvent e) {
        switch (e.kind()) {
            case EventLayout.KIND_ENTRY -> {
                for (int i = 0; i < e.argCount(); i++) {
                    argScratch[i] = e.arg(i);
                }
                functionEntry(e.task(), e.cpu(), e.time(), e.function(), e.depth(), argScratch, e.argCount());
            }
            case EventLayout.KIND_RETURN -> functionReturn(e.task(), e.cpu(), e.entryTime(), e.time(), e.function(),
                    e.depth(), e.retval(), e.overrun(), e.flags());
            case EventLayout.KIND_LOST -> lost(e.task(), e.cpu(), e.time(), e.lostCount());
            case EventLayout.KIND_TASK_SWITCH -> taskSwitch(e.cpu(), e.time(), e.previousTask(), e.nextTask());
            case EventLayout.KIND_PROBE -> probeHit(e.task(), e.cpu(), e.time(), e.probeId(), e.address(), e.value());
            case EventLayout.KIND_VALUES -> callValues(e.task(), e.cpu(), e.valuesEntryTime(), e.values());
            case EventLayout.KIND_PAYLOAD -> {
                byte[] bytes = e.payload();
                payload(e.task(), e.cpu(), e.time(), e.plugin(), bytes, 0, bytes.length);
            }
            default -> {
            }
        }
    }

    public synchronized void functionEntry(int task, int cpu, long time, long function, int depth, long[] args, int argCount) {
        flushPending(cpu);
        Pending p = pending[cpu];
        p.present = true;
        p.slot = new Slot();
        queue.add(p.slot);
        p.task = task;
        p.time = time;
        p.function = function;
        p.depth = depth;
        p.typed = null;
        p.argCount = argCount;
        if (argCount > 0) {
            System.arraycopy(args, 0, p.args, 0, argCount);
        }
        inside[cpu] = depth + 1;
    }

    public synchronized void functionReturn(int task, int cpu, long entryTime, long returnTime, long function,
                                            int depth, long retval, long overrun, int flags) {
        Pending p = pending[cpu];
        boolean unwound = (flags & EventSink.FLAG_UNWOUND) != 0;
        if (overrun != lastOverrun[cpu]) {
            flushPending(cpu);
            lastOverrun[cpu] = overrun;
            marker(cpu, "shadow stack overrun: " + overrun + " calls not traced so far");
        }
        inside[cpu] = depth;
        io.fgraph.core.trace.CallValue typedReturn = returnValues[cpu] != null && returnValueEntryTimes[cpu] == entryTime
                ? returnValues[cpu] : null;
        returnValues[cpu] = null;
        String returned = typedReturn != null ? typedReturn.format(null)
                : (flags & EventSink.FLAG_RETVAL) != 0 ? formatRetval(retval) : null;
        long duration = returnTime - entryTime;
        boolean leaf = p.present && p.function == function && p.depth == depth && p.task == task && !unwound;
        if (!leaf) {
            flushPending(cpu);
        }
        start(cpu);
        duration(duration);
        indent(depth);
        if (leaf) {
            p.present = false;
            line.append(names.apply(function));
            arguments(p);
            line.append(");");
            if (returned != null) {
                line.append(" /* = ").append(returned).append(" */");
            }
            p.slot.text = line.toString();
            p.slot = null;
            drain();
            return;
        } else {
            long[] entered = enteredFunctions[cpu];
            boolean matched = depth < entered.length && entered[depth] == function;
            line.append('}');
            if (unwound) {
                line.append(" /* ").append(names.apply(function)).append(" unwound */");
            } else if (returned != null) {
                line.append(" /* ").append(names.apply(function)).append(" = ").append(returned).append(" */");
            } else if (!matched) {
                line.append(" /* ").append(names.apply(function)).append(" */");
            }
        }
        if (depth < enteredFunctions[cpu].length) {
            enteredFunctions[cpu][depth] = 0;
        }
        emit();
    }

    /**
     * Typed values ({@code -A}/{@code -R}) as the trace stores them: the arguments of the entry
     * held on {@code cpu}, shown in its line; else a return value, shown by the return that follows.
     */
    public synchronized void callValues(int task, int cpu, long time, long entryTime, byte[] values, int offset, int length) {
        callValues(task, cpu, entryTime, io.fgraph.core.trace.EventLayout.values(values, offset, offset + length));
    }

    private void callValues(int task, int cpu, long entryTime, java.util.List<io.fgraph.core.trace.CallValue> decoded) {
        Pending p = pending[cpu];
        for (io.fgraph.core.trace.CallValue v : decoded) {
            if (v.isReturnValue()) {
                returnValues[cpu] = v;
                returnValueEntryTimes[cpu] = entryTime;
            } else if (p.present && p.task == task && p.time == entryTime) {
                if (p.typed == null) {
                    p.typed = new java.util.ArrayList<>(4);
                }
                p.typed.add(v);
            }
        }
    }

    public synchronized void lost(int task, int cpu, long time, long count) {
        flushPending(cpu);
        marker(cpu, "lost " + count + " events");
    }

    /** ftrace's width for {@code comm-pid} in a context-switch block (TRACE_GRAPH_PROCINFO_LENGTH). */
    static final int PROCINFO_LENGTH = 14;
    static final String SWITCH_RULE = " ------------------------------------------";

    /**
     * A switch between threads prints as ftrace's context-switch block
     * ({@code  0)     task-1     =>     task-2    } between two rules); a switch between the
     * stacks of one task (coroutine fibers, ids from {@code Fgraph.FIBER_TASK_BASE}) as a marker line.
     */
    public synchronized void taskSwitch(int cpu, long time, int previousTask, int nextTask) {
        flushPending(cpu);
        if (previousTask >= Fgraph.FIBER_TASK_BASE || nextTask >= Fgraph.FIBER_TASK_BASE) {
            marker(cpu, "task " + previousTask + " => task " + nextTask);
            return;
        }
        line.setLength(0);
        line.append(SWITCH_RULE);
        emit();
        start(cpu);
        procinfo(previousTask);
        line.append(" => ");
        procinfo(nextTask);
        emit();
        line.setLength(0);
        line.append(SWITCH_RULE);
        emit();
        line.setLength(0);
        emit();
    }

    private void procinfo(int task) {
        String text = "task-" + task;
        int spaces = Math.max(0, PROCINFO_LENGTH - text.length());
        line.append(" ".repeat(spaces / 2)).append(text).append(" ".repeat(spaces - spaces / 2));
    }

    public synchronized void probeHit(int task, int cpu, long time, int probeId, long address, long value) {
        flushPending(cpu);
        start(cpu);
        fill();
        line.append("/* probe ").append(probeId).append(" at ").append(names.apply(address))
                .append(" value=0x").append(Long.toHexString(value)).append(" */");
        emit();
    }

    /**
     * A comment line on {@code cpu}, in order with its calls ({@code /* text *}{@code /}), as
     * ftrace's function_graph shows a trace event: a probe hit.
     */
    public synchronized void comment(int cpu, String text) {
        flushPending(cpu);
        start(cpu);
        fill();
        indent(inside[cpu]);
        line.append("/* ").append(text).append(" */");
        emit();
    }

    public synchronized void payload(int task, int cpu, long time, int plugin, byte[] bytes, int offset, int length) {
        flushPending(cpu);
        start(cpu);
        fill();
        line.append("/* ").append(io.fgraph.core.analysis.PayloadText.describe(plugin, pluginNames.apply(plugin), bytes, offset, length))
                .append(" */");
        emit();
    }

    /** Names plugins in their records' lines ({@code /* plugin NAME: "text" *}{@code /}). */
    public synchronized void setPluginNames(java.util.function.IntFunction<String> names) {
        this.pluginNames = names;
    }

    /** Prints entries still held back (at the end of a run). */
    public synchronized void flush() {
        for (int cpu = 0; cpu < pending.length; cpu++) {
            flushPending(cpu);
        }
        drain();
        out.flush();
    }

    private void emit() {
        Slot slot = new Slot();
        slot.text = line.toString();
        queue.add(slot);
        if (queue.size() > MAX_WAITING) {
            Slot head = queue.peekFirst();
            for (int cpu = 0; cpu < pending.length; cpu++) {
                if (pending[cpu].present && pending[cpu].slot == head) {
                    flushPending(cpu);
                }
            }
        }
        drain();
    }

    private void drain() {
        Slot head;
        while ((head = queue.peekFirst()) != null && head.text != null) {
            out.println(head.text);
            queue.pollFirst();
        }
    }

    private void flushPending(int cpu) {
        Pending p = pending[cpu];
        if (!p.present) {
            return;
        }
        p.present = false;
        start(cpu);
        fill();
        indent(p.depth);
        line.append(names.apply(p.function));
        arguments(p);
        line.append(") {");
        p.slot.text = line.toString();
        p.slot = null;
        if (p.depth < enteredFunctions[cpu].length) {
            enteredFunctions[cpu][p.depth] = p.function;
        }
        drain();
    }

    private void arguments(Pending p) {
        line.append('(');
        if (p.typed != null) {
            for (int i = 0; i < p.typed.size(); i++) {
                line.append(i > 0 ? ", " : "").append(p.typed.get(i).format(null));
            }
            return;
        }
        for (int i = 0; i < p.argCount; i++) {
            if (i > 0) {
                line.append(", ");
            }
            line.append("0x").append(Long.toHexString(p.args[i]));
        }
    }

    private void marker(int cpu, String text) {
        start(cpu);
        line.append(" ==== ").append(text).append(" ====");
        emit();
    }

    private void start(int cpu) {
        line.setLength(0);
        line.append(' ');
        String number = Integer.toString(cpu);
        for (int i = number.length(); i < cpuWidth; i++) {
            line.append(' ');
        }
        line.append(number).append(") ");
    }

    private void fill() {
        line.append("              |  ");
    }

    private void indent(int depth) {
        for (int i = 0; i < depth; i++) {
            line.append("  ");
        }
    }

    private void duration(long nanos) {
        line.append(mark(nanos)).append(' ');
        long micros = nanos / 1000;
        long rest = nanos % 1000;
        String usecs = Long.toString(micros);
        line.append(usecs);
        int length = usecs.length();
        if (length < 7) {
            // nanoseconds as 3 digits, cut to fit the 8-character column (ftrace's "%03lu" with a limit)
            int digits = Math.min(3, 8 - length - 1);
            line.append('.');
            for (int i = 0, scale = 100; i < digits; i++, scale /= 10) {
                line.append((char) ('0' + rest / scale % 10));
            }
            length += digits + 1;
        }
        line.append(" us ");
        for (int i = length; i < 8; i++) {
            line.append(' ');
        }
        line.append("|  ");
    }

    /** ftrace's duration mark: {@code $ @ * # ! +} for more than 1 s, 100 ms, 10 ms, 1 ms, 100 us, 10 us. */
    public static char mark(long nanos) {
        if (nanos > 1_000_000_000L) {
            return '$';
        } else if (nanos > 100_000_000L) {
            return '@';
        } else if (nanos > 10_000_000L) {
            return '*';
        } else if (nanos > 1_000_000L) {
            return '#';
        } else if (nanos > 100_000L) {
            return '!';
        } else if (nanos > 10_000L) {
            return '+';
        }
        return ' ';
    }

    /** An errno-looking value (-4095..-1) in decimal, anything else in hex, as {@code funcgraph-retval}. */
    public static String formatRetval(long retval) {
        if (retval < 0 && retval >= -4095) {
            return Long.toString(retval);
        }
        int low = (int) retval;
        if (retval == low && low < 0 && low >= -4095) {
            return Integer.toString(low);
        }
        return "0x" + Long.toHexString(retval);
    }
}
