package io.fgraph.core.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static io.fgraph.core.trace.Traces.copy;
import static io.fgraph.core.trace.Traces.cq4;
import static io.fgraph.core.trace.Traces.truncate;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The header, the events and the summary of a trace must belong together, and a full pass must
 * read what the summary counted: a missing, emptied or swapped part is a one-line error, never
 * {@code status: complete, events: 0} or another recording's events under this header.
 */
class TraceIntegrityTest {
    @TempDir
    Path tmp;

    private Path recorded(String name, int calls) throws IOException {
        Path dir = tmp.resolve(name);
        try (TraceRecorder r = TraceRecorder.open(dir, Traces.header(1), Traces.small())) {
            Traces.emitCalls(r, 0, 0, calls);
        }
        return dir;
    }

    private static String error(Path dir) {
        return assertThrows(TraceFormatException.class, () -> {
            try (TraceReader reader = TraceReader.open(dir)) {
                reader.count();
            }
        }).getMessage();
    }

    @Test
    void anEventsFileTruncatedToZeroOrOneByteIsNotAnEmptyTrace() throws IOException {
        Path trace = recorded("t", 2000);
        for (int size = 0; size <= 1; size++) {
            Path dir = copy(trace, "size" + size);
            truncate(cq4(dir), size);
            String message = error(dir);
            assertTrue(message.startsWith("truncated: nothing readable before the cut: " + cq4(dir)), message);
        }
    }

    @Test
    void aDeletedOrRenamedEventsFileIsMissingEvents() throws IOException {
        Path trace = recorded("t", 2000);
        Path deleted = copy(trace, "deleted");
        Files.delete(cq4(deleted));
        assertEquals("missing: no events in " + deleted.resolve("events") + " (trace.summary says 8000 events): "
                + "the events file was deleted, renamed or emptied", error(deleted));

        Path renamed = copy(trace, "renamed");
        Path file = cq4(renamed);
        Files.move(file, file.resolveSibling(file.getFileName() + ".old"));
        assertTrue(error(renamed).startsWith("missing: no events in "), error(renamed));
    }

    @Test
    void aSummaryThatDisagreesWithTheEventsIsReported() throws IOException {
        Path small = recorded("small", 10);
        Path big = recorded("big", 2000);
        // Same recording id, other counts: the summary of a longer run under the events of a shorter one.
        Path mixed = copy(small, "mixed");
        String summary = Files.readString(big.resolve("trace.summary"));
        String id = TraceReader.open(small).header().traceId();
        Files.writeString(mixed.resolve("trace.summary"), summary.replaceAll("trace-id=\\w+", "trace-id=" + id));
        TraceSummary claimed = TraceSummary.read(big).orElseThrow();
        TraceSummary actual = TraceSummary.read(small).orElseThrow();
        assertEquals("corrupted: " + mixed.resolve("trace.summary") + " says 8000 events in " + claimed.batches()
                + " batches (" + claimed.bytes() + " bytes), the events files hold 40 events in " + actual.batches()
                + " batches (" + actual.bytes() + " bytes)", error(mixed));
    }

    @Test
    void aHeaderFromAnotherTraceIsRejected() throws IOException {
        Path a = recorded("a", 100);
        Path b = recorded("b", 100);
        Path swapped = copy(a, "swapped");
        Files.copy(b.resolve("trace.header"), swapped.resolve("trace.header"), StandardCopyOption.REPLACE_EXISTING);
        String idA = TraceReader.open(a).header().traceId();
        String idB = TraceReader.open(b).header().traceId();
        assertNotEquals(idA, idB);
        // The summary is checked first, when the trace is opened...
        assertEquals("corrupted: " + swapped.resolve("trace.summary") + " belongs to another recording (trace id "
                + idA + ", trace.header has " + idB + ")", error(swapped));
        // ...and without a summary (a crashed recording), the events' identity catches it.
        Files.delete(swapped.resolve("trace.summary"));
        assertEquals("corrupted: the events in " + swapped.resolve("events") + " belong to another recording (trace id "
                + idA + ", trace.header has " + idB + ")", error(swapped));
    }

    @Test
    void eventsFromAnotherTraceAreRejected() throws IOException {
        Path a = recorded("a", 100);
        Path b = recorded("b", 100);
        Path swapped = copy(a, "swapped");
        Files.copy(cq4(b), cq4(swapped), StandardCopyOption.REPLACE_EXISTING);
        assertTrue(error(swapped).startsWith("corrupted: the events in " + swapped.resolve("events")
                + " belong to another recording"), error(swapped));
    }

    @Test
    void anEventsFileReplacedByADirectoryIsOneLine() throws IOException {
        Path dir = recorded("t", 100);
        Path file = cq4(dir);
        Files.delete(file);
        Files.createDirectory(file);
        assertEquals("corrupted: " + file + " is a directory, not an events file", error(dir));
    }

    @Test
    void anEventsFileThatCannotBeOpenedIsOneLine() throws IOException {
        Path dir = recorded("t", 100);
        Path file = cq4(dir);
        Files.delete(file);
        Files.createSymbolicLink(file, dir.resolve("nowhere")); // what root cannot open either
        assertEquals("missing: cannot read " + file + ": no such file", error(dir));
    }

    @Test
    void anUnreadableEventsFileIsOneLine() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path dir = recorded("t", 100);
        Path file = cq4(dir);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assertEquals("missing: cannot read " + file + ": permission denied", error(dir));
    }

    @Test
    void aVersionOneTraceWithoutIdsIsStillRead() throws Exception {
        Path dir = tmp.resolve("v1");
        TraceHeader h = Traces.header(1);
        TraceHeader v1 = new TraceHeader(1, h.programName(), h.buildId(), h.symbols(), h.harts(), h.clockHz(),
                h.options(), "");
        try (ChronicleBatchWriter writer = ChronicleBatchWriter.open(dir, 4096, 256 << 10)) {
            Files.write(dir.resolve(TraceFiles.HEADER_FILE), v1.toBytes());
            byte[] record = new byte[EventLayout.MAX_RECORD_LENGTH];
            for (int i = 0; i < 10; i++) {
                writer.onRecord(record, EventLayout.putProbe(record, 0, 0, 0, i, 1, 2, 3), i == 9);
            }
        }
        try (TraceReader reader = TraceReader.open(dir)) {
            assertEquals(1, reader.header().formatVersion());
            assertEquals("", reader.header().traceId());
            List<TraceEvent> events = Traces.readAll(reader.events());
            assertEquals(10, events.size());
        }
    }

    @Test
    void theEventsDirectoryIsOnlyReadNeverChanged() throws IOException {
        Path dir = recorded("t", 100);
        List<String> before = listing(dir);
        try (TraceReader reader = TraceReader.open(dir)) {
            reader.count();
            Traces.readAll(reader.merged());
        }
        assertEquals(before, listing(dir));
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.sorted(Comparator.naturalOrder())
                    .map(p -> p + " " + p.toFile().length() + " " + p.toFile().lastModified()).toList();
        }
    }
}
