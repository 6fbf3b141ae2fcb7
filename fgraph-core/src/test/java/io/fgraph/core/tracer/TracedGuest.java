package io.fgraph.core.tracer;

import io.fgraph.core.Fgraph;
import io.fgraph.core.Guest;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a committed guest under the function_graph tracer and returns the ftrace text. */
final class TracedGuest {
    private TracedGuest() {
    }

    record Traced(RunResult result, String trace, String stdout, Fgraph fgraph) {
    }

    static Traced run(String name, FunctionGraphOptions options, MachineConfig config, String... args) {
        Guest guest = Guest.boot(name, config, args);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(text, false, StandardCharsets.UTF_8);
        FunctionGraphPrinter printer = new FunctionGraphPrinter(print, guest.fgraph.functions()::nameOf,
                guest.machine.hartCount(), true);
        guest.fgraph.register(new FunctionGraphTracer(printer.sink(), options));
        RunResult result = guest.run();
        printer.flush();
        return new Traced(result, text.toString(StandardCharsets.UTF_8), guest.stdout(), guest.fgraph);
    }

    static Traced run(String name, FunctionGraphOptions options, String... args) {
        return run(name, options, MachineConfig.defaults(), args);
    }
}
