package io.fgraph.cli;

import io.fgraph.core.CallInfo;
import io.fgraph.core.Fgraph;
import io.fgraph.core.FgraphOps;
import io.fgraph.core.FgraphPlugin;
import io.fgraph.core.PluginContext;
import io.fgraph.core.analysis.PayloadText;
import io.fgraph.core.event.EventSink;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugins of a {@code run} or {@code record} ({@code --plugin}): loaded before the run, given
 * ids 1.., registered with fgraph, their records sent to an {@link EventSink} (the trace, or the
 * live trace's printer), their summaries printed at the end.
 */
final class Plugins {
    private final List<FgraphOps> plugins;

    private Plugins(List<FgraphOps> plugins) {
        this.plugins = plugins;
    }

    static Plugins load(List<String> specs) {
        return new Plugins(PluginLoader.load(specs));
    }

    boolean isEmpty() {
        return plugins.isEmpty();
    }

    /** Header options naming each plugin: {@code plugin.ID=NAME}. */
    Map<String, String> headerOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < plugins.size(); i++) {
            options.put(PayloadText.optionKey(i + 1), plugins.get(i).name());
        }
        return options;
    }

    /** The name of plugin {@code id}, or null. */
    String name(int id) {
        return id >= 1 && id <= plugins.size() ? plugins.get(id - 1).name() : null;
    }

    /** Starts and registers every plugin; their records go to {@code records}. */
    void register(Fgraph fgraph, EventSink records) {
        for (int i = 0; i < plugins.size(); i++) {
            FgraphOps plugin = plugins.get(i);
            if (plugin instanceof FgraphPlugin p) {
                p.start(new Records(i + 1, records));
            }
            fgraph.register(plugin);
        }
    }

    /** Lets every plugin print its summary. */
    void finish(PrintStream out) {
        for (FgraphOps plugin : plugins) {
            if (plugin instanceof FgraphPlugin p) {
                p.finish(out);
            }
        }
        out.flush();
    }

    /** Records of a run without a live trace: one line each on stderr. */
    static EventSink stderrRecords(IntNames names) {
        return new EventSink() {
            @Override
            public void functionEntry(int task, int cpu, long time, long function, int depth, long[] args, int argCount) {
            }

            @Override
            public void functionReturn(int task, int cpu, long entryTime, long returnTime, long function, int depth,
                                       long retval, long overrun, int flags) {
            }

            @Override
            public void lost(int task, int cpu, long time, long count) {
            }

            @Override
            public void taskSwitch(int cpu, long time, int previousTask, int nextTask) {
            }

            @Override
            public void probeHit(int task, int cpu, long time, int probeId, long address, long value) {
            }

            @Override
            public synchronized void payload(int task, int cpu, long time, int plugin, byte[] bytes, int offset, int length) {
                System.err.printf("fgraph: %s (task %d, cpu %d, %d.%03d us)%n",
                        PayloadText.describe(plugin, names.name(plugin), bytes, offset, length), task, cpu,
                        time / 1000, time % 1000);
            }
        };
    }

    /** Plugin names by id. */
    interface IntNames {
        String name(int id);
    }

    /** A plugin's way into the trace. */
    private record Records(int pluginId, EventSink sink) implements PluginContext {
        @Override
        public void write(CallInfo call, byte[] bytes, int offset, int length) {
            if (length < 0 || length > EventSink.MAX_PAYLOAD || offset < 0 || offset + length > bytes.length) {
                throw new IllegalArgumentException("length=" + length + ": a plugin record holds 0.."
                        + EventSink.MAX_PAYLOAD + " bytes");
            }
            sink.payload(call.task(), call.cpu(), call.time(), pluginId, bytes, offset, length);
        }
    }
}
