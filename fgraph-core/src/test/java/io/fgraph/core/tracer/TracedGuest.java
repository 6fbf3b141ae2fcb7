package io.fgraph.core.tracer;

import io.fgraph.core.Fgraph;
import io.fgraph.core.FunctionTable;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.platform.BareMetalPlatform;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a committed guest under the function_graph tracer and returns the ftrace text. */
final class TracedGuest {
    private TracedGuest() {
    }

    record Traced(RunResult result, String trace, String stdout, Fgraph fgraph) {
    }

    static Traced run(String name, FunctionGraphOptions options, MachineConfig config, String... args) throws Exception {
        ElfFile elf;
        try (InputStream in = TracedGuest.class.getResourceAsStream("/guest/" + name + ".elf")) {
            elf = ElfFile.parse(in.readAllBytes());
        }
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Machine machine = BareMetalPlatform.boot(elf, config.withArguments(List.of(args))
                .withConsole(InputStream.nullInputStream(), stdout, new ByteArrayOutputStream()));
        Fgraph fgraph = Fgraph.install(machine, elf);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(text, false, StandardCharsets.UTF_8);
        FunctionTable functions = fgraph.functions();
        FunctionGraphPrinter printer = new FunctionGraphPrinter(print, functions::nameOf, machine.hartCount(), true);
        fgraph.register(new FunctionGraphTracer(printer, options));
        RunResult result = machine.run();
        printer.flush();
        return new Traced(result, text.toString(StandardCharsets.UTF_8), stdout.toString(StandardCharsets.UTF_8), fgraph);
    }

    static Traced run(String name, FunctionGraphOptions options, String... args) throws Exception {
        return run(name, options, MachineConfig.defaults(), args);
    }
}
