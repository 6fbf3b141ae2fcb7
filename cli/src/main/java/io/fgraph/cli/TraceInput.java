package io.fgraph.cli;

import io.fgraph.core.analysis.CallListener;
import io.fgraph.core.analysis.CallTreeWalker;
import io.fgraph.core.analysis.FunctionNames;
import io.fgraph.core.trace.EventCursor;
import io.fgraph.core.trace.TraceFormatException;
import io.fgraph.core.trace.TraceReader;
import io.fgraph.emulator.elf.Symbol;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Opening a recorded trace for the analysis commands; trace problems become one-line user errors,
 * a truncated events file a warning after the output.
 */
final class TraceInput implements AutoCloseable {
    private final TraceReader reader;
    private final FunctionNames names;

    private TraceInput(TraceReader reader) {
        this.reader = reader;
        this.names = new FunctionNames(reader.symbolTable(), reader.header().options());
    }

    static TraceInput open(Path dir) {
        try {
            return new TraceInput(TraceReader.open(dir));
        } catch (TraceFormatException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** True for the trace of a Linux program: its tasks are thread ids. */
    boolean linux() {
        return "linux".equals(reader().header().options().get("platform"));
    }

    TraceReader reader() {
        return reader;
    }

    FunctionNames names() {
        return names;
    }

    /** Every function name of the trace's program, sorted. */
    java.util.List<String> functionNames() {
        return reader.symbolTable().functions().stream().map(Symbol::name).distinct().sorted().toList();
    }

    /** The address of the function called {@code name}. */
    long function(String name) {
        return reader.symbolTable().byName(name).filter(Symbol::function).map(Symbol::address)
                .orElseThrow(() -> new UserError("FUNC=" + name + ": no such function in " + reader.header().programName()));
    }

    /** Streams the cursor's events through a walker into {@code listener}. */
    void walk(Function<TraceReader, EventCursor> events, CallListener listener) {
        try (EventCursor cursor = events.apply(reader)) {
            new CallTreeWalker(listener).walk(cursor);
        } catch (TraceFormatException e) {
            throw new UserError(e.getMessage());
        }
    }

    /**
     * After the command's output: one line on stderr if the events ended at a file that was cut
     * short (everything before the cut was used).
     */
    void reportTruncation() {
        reader.truncation().ifPresent(t -> {
            System.err.println("fgraph: " + t);
            System.err.flush();
        });
    }

    @Override
    public void close() {
        reader.close();
    }
}
