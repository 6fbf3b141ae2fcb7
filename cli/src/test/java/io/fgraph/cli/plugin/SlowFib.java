package io.fgraph.cli.plugin;

import io.fgraph.core.EntryContext;
import io.fgraph.core.FgraphPlugin;
import io.fgraph.core.FunctionFilter;
import io.fgraph.core.PluginContext;
import io.fgraph.core.ReturnContext;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** A test plugin: writes a record for every fib call of at least 5 us, and a summary at the end. */
public final class SlowFib implements FgraphPlugin {
    private PluginContext context;
    private final AtomicLong calls = new AtomicLong();

    @Override
    public void start(PluginContext context) {
        this.context = context;
    }

    @Override
    public FunctionFilter filter() {
        return FunctionFilter.only("fib");
    }

    @Override
    public String name() {
        return "slow-fib";
    }

    @Override
    public boolean onEntry(EntryContext call) {
        call.reserveData(8).putLong(0, call.argument(0));
        return true;
    }

    @Override
    public void onReturn(ReturnContext call) {
        calls.incrementAndGet();
        long duration = call.time() - call.entryTime();
        if (duration >= 5_000) {
            byte[] text = ("fib(" + call.retrieveData().getLong(0) + ") took " + duration + " ns")
                    .getBytes(StandardCharsets.UTF_8);
            context.write(call, text, 0, text.length);
        }
    }

    @Override
    public void finish(PrintStream out) {
        out.println("slow-fib: " + calls.get() + " calls of fib");
    }
}
