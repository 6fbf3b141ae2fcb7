package io.fgraph.core.analysis;

import io.fgraph.core.trace.EventLayout;
import io.fgraph.core.trace.TraceEvent;
import io.fgraph.core.trace.TraceProbes;
import io.fgraph.core.tracer.FunctionGraphPrinter;

import java.io.PrintStream;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;

/**
 * Writes calls as Chrome trace event format JSON (opened by Perfetto UI and chrome://tracing),
 * streaming: one complete ({@code "ph":"X"}) event per call, written when the call ends; pid 1 is
 * the program, tid the task; {@code ts} and {@code dur} in microseconds with the nanoseconds as
 * three exact decimals. Calls that ended otherwise than by a return carry the note in their
 * name ({@code "outer [unwound]"}) and in {@code args.end}; lost events and shadow-stack overruns
 * are instant ({@code "ph":"i"}) events.
 */
public final class ChromeTraceWriter implements CallListener {
    private final PrintStream out;
    private final LongFunction<String> names;
    private final TraceProbes probes;
    private final Set<Integer> tasks = new TreeSet<>();
    private boolean first = true;

    public ChromeTraceWriter(PrintStream out, LongFunction<String> names, String program) {
        this(out, names, program, TraceProbes.NONE);
    }

    /** @param probes the trace's probe events: a hit is an instant event named after its event, its fields as args */
    public ChromeTraceWriter(PrintStream out, LongFunction<String> names, String program, TraceProbes probes) {
        this.out = out;
        this.names = names;
        this.probes = probes;
        out.print("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"program\":\"" + json(program)
                + "\",\"clock\":\"virtual, 1 ns per instruction\"},\"traceEvents\":[\n");
        event("{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"process_name\",\"args\":{\"name\":\"" + json(program) + "\"}}");
    }

    private void event(String json) {
        if (!first) {
            out.print(",\n");
        }
        first = false;
        out.print(json);
    }

    private void task(int task) {
        if (tasks.add(task)) {
            event("{\"ph\":\"M\",\"pid\":1,\"tid\":" + task + ",\"name\":\"thread_name\",\"args\":{\"name\":\"task "
                    + task + "\"}}");
        }
    }

    @Override
    public void exit(Call call) {
        task(call.task);
        StringBuilder s = new StringBuilder(160);
        String name = names.apply(call.function);
        if (call.end != CallEnd.RETURNED) {
            name += " [" + call.end.note() + "]";
        }
        s.append("{\"ph\":\"X\",\"pid\":1,\"tid\":").append(call.task)
                .append(",\"ts\":").append(Durations.micros(call.entryTime))
                .append(",\"dur\":").append(Durations.micros(call.duration()))
                .append(",\"name\":\"").append(json(name)).append("\",\"cat\":\"function\",\"args\":{\"cpu\":")
                .append(call.cpu).append(",\"depth\":").append(call.depth);
        if (call.hasRetval() && call.end != CallEnd.UNWOUND) {
            s.append(",\"retval\":\"").append(FunctionGraphPrinter.formatRetval(call.retval)).append('"');
        }
        if (call.end != CallEnd.RETURNED) {
            s.append(",\"end\":\"").append(call.end.note()).append('"');
        }
        s.append("}}");
        event(s.toString());
    }

    private void instant(int task, long time, String name) {
        task(task);
        event("{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":" + task + ",\"ts\":" + Durations.micros(time)
                + ",\"name\":\"" + json(name) + "\",\"cat\":\"fgraph\"}");
    }

    @Override
    public void lost(int task, int cpu, long time, long count) {
        instant(task, time, "lost " + count + " events");
    }

    @Override
    public void overrun(int task, int cpu, long time, long overrun) {
        instant(task, time, "shadow stack overrun: " + overrun + " calls not traced so far");
    }

    @Override
    public void other(TraceEvent e) {
        switch (e.kind()) {
            case EventLayout.KIND_PROBE -> {
                task(e.task());
                StringBuilder args = new StringBuilder();
                probes.arguments(e).forEach((name, value) -> args.append(args.length() == 0 ? "" : ",")
                        .append('"').append(json(name)).append("\":\"").append(json(value)).append('"'));
                event("{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":" + e.task() + ",\"ts\":" + Durations.micros(e.time())
                        + ",\"name\":\"" + json(probes.name(e)) + "\",\"cat\":\"probe\",\"args\":{" + args + "}}");
            }
            case EventLayout.KIND_TASK_SWITCH -> instant(e.task(), e.time(), "task " + e.previousTask() + " => task "
                    + e.nextTask());
            case EventLayout.KIND_PAYLOAD -> {
                byte[] bytes = e.payload();
                instant(e.task(), e.time(), PayloadText.describe(e.plugin(), FunctionNames.pluginNames(names).apply(e.plugin()), bytes, 0, bytes.length));
            }
            default -> {
            }
        }
    }

    @Override
    public void end() {
        out.print("\n]}\n");
        out.flush();
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
