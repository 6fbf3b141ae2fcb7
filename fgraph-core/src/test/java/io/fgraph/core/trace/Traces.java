package io.fgraph.core.trace;

import io.fgraph.core.event.EventSink;
import io.fgraph.emulator.elf.Symbol;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test helpers: a small header, small recording options, reading a whole trace back. */
final class Traces {
    private Traces() {
    }

    static final long MAIN = 0x8000_0100L;
    static final long LEAF = 0x8000_0200L;

    static TraceHeader header(int harts) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("tracer", "function_graph");
        options.put("max_depth", "0");
        return TraceHeader.of("synthetic", "0123456789abcdef",
                List.of(new Symbol("main", MAIN, 0x40, true), new Symbol("leaf", LEAF, 0x10, true)),
                harts, 1_000_000_000L, options);
    }

    /** Small ring and blocks, so tests stay light on memory and disk. */
    static RecordingOptions small() {
        return RecordingOptions.defaults().withRingSize(1024).withBatchBytes(4096).withBlockSize(256 << 10);
    }

    static List<TraceEvent> readAll(EventCursor cursor) {
        List<TraceEvent> events = new ArrayList<>();
        try (cursor) {
            while (cursor.next()) {
                events.add(cursor.event().copy());
            }
        }
        return events;
    }

    static List<TraceEvent> readAll(Path dir) {
        try (TraceReader reader = TraceReader.open(dir)) {
            return readAll(reader.events());
        }
    }

    /**
     * A deterministic synthetic stream for one task: {@code calls} main/leaf pairs, timestamps
     * derived from the index only.
     */
    static void emitCalls(EventSink sink, int task, int cpu, int calls) {
        long[] args = {1, 2, 3};
        for (int i = 0; i < calls; i++) {
            long t = i * 100L;
            sink.functionEntry(task, cpu, t, MAIN, 0, args, i % 4);
            sink.functionEntry(task, cpu, t + 10, LEAF, 1, null, 0);
            sink.functionReturn(task, cpu, t + 10, t + 20, LEAF, 1, i, 0, EventSink.FLAG_RETVAL);
            sink.functionReturn(task, cpu, t, t + 50, MAIN, 0, -i, 0, EventSink.FLAG_RETVAL);
        }
    }

    /** The one cycle file of a trace written today. */
    static Path cq4(Path dir) throws IOException {
        List<Path> files = TraceFiles.eventFiles(dir);
        assertEquals(1, files.size(), "one cycle file in " + dir);
        return files.get(0);
    }

    /** Cuts {@code file} to {@code size} bytes. */
    static void truncate(Path file, long size) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(size);
        }
    }

    /** Copies a trace directory to a sibling named {@code name}. */
    static Path copy(Path from, String name) throws IOException {
        Path to = from.resolveSibling(name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }
}
