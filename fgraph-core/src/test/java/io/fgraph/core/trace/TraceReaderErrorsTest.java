package io.fgraph.core.trace;

import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Clear one-line errors for missing, non-trace, truncated, corrupted and newer traces; crash leftovers stay readable. */
class TraceReaderErrorsTest {
    @TempDir
    Path tmp;

    private static final long MARKER = 0x1122_3344_5566_7788L;

    private Path recorded() throws IOException {
        Path dir = tmp.resolve("t");
        try (TraceRecorder r = TraceRecorder.open(dir, Traces.header(1), Traces.small())) {
            Traces.emitCalls(r, 0, 0, 10);
            r.probeHit(0, 0, 5000, 1, MARKER, 0);
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
    void missingDirectory() {
        Path dir = tmp.resolve("nope");
        assertEquals("missing: no such trace directory " + dir, error(dir));
        assertFalse(Files.exists(dir), "the reader creates nothing");
    }

    @Test
    void notATrace() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "hello");
        assertEquals("not a trace: " + file + " is a file, not a trace directory", error(file));
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertEquals("not a trace: " + empty + " has no trace.header", error(empty));
        Path other = Files.createDirectory(tmp.resolve("other"));
        Files.writeString(other.resolve(TraceFiles.HEADER_FILE), "something else entirely");
        assertTrue(error(other).startsWith("not a trace: "));
    }

    @Test
    void truncatedHeader() throws IOException {
        Path dir = recorded();
        Path header = dir.resolve(TraceFiles.HEADER_FILE);
        byte[] bytes = Files.readAllBytes(header);
        Files.write(header, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(error(dir).startsWith("truncated: header "), error(dir));
    }

    @Test
    void missingEventsDirectory() throws IOException {
        Path dir = recorded();
        try (Stream<Path> files = Files.walk(dir.resolve(TraceFiles.EVENTS_DIR))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertEquals("truncated: " + dir + " has a header but no events directory", error(dir));
    }

    @Test
    void newerVersion() throws IOException {
        Path dir = recorded();
        Path header = dir.resolve(TraceFiles.HEADER_FILE);
        byte[] bytes = Files.readAllBytes(header);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(TraceHeader.VERSION_OFFSET, TraceHeader.FORMAT_VERSION + 1);
        Files.write(header, bytes);
        assertEquals("newer version: trace format " + (TraceHeader.FORMAT_VERSION + 1) + " in " + header
                + ", this reader reads up to " + TraceHeader.FORMAT_VERSION, error(dir));
    }

    @Test
    void corruptedEventBytes() throws IOException {
        Path dir = recorded();
        Path cq4;
        try (Stream<Path> files = Files.list(dir.resolve(TraceFiles.EVENTS_DIR))) {
            cq4 = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(cq4);
        byte[] marker = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(MARKER).array();
        int at = indexOf(bytes, marker);
        assertTrue(at > 0, "marker found in " + cq4);
        bytes[at] ^= 0x01;
        Files.write(cq4, bytes);
        String message = error(dir);
        assertTrue(message.startsWith("corrupted: batch "), message);
        assertTrue(message.contains("checksum"), message);
    }

    @Test
    void aCrashLeavesATraceReadableUpToTheLastCompleteBatch() throws Exception {
        Path dir = tmp.resolve("crashed");
        TraceHeader header = Traces.header(1).withTraceId(TraceHeader.newTraceId());
        try (ChronicleBatchWriter writer = ChronicleBatchWriter.open(dir, 4096, 256 << 10)) {
            writer.appendIdentity(header.traceIdBytes());
            Files.write(dir.resolve(TraceFiles.HEADER_FILE), header.toBytes());
            byte[] record = new byte[EventLayout.MAX_RECORD_LENGTH];
            for (int batch = 0; batch < 2; batch++) {
                for (int i = 0; i < 10; i++) {
                    int length = EventLayout.putProbe(record, 0, 0, 0, batch * 10 + i, 1, 2, 3);
                    writer.onRecord(record, length, i == 9);
                }
            }
            // The writer dies in the middle of its third excerpt: the document is never completed.
            DocumentContext dc = writer.appender().writingDocument();
            dc.wire().bytes().write(new byte[100]);
            try (TraceReader reader = TraceReader.open(dir)) {
                assertFalse(reader.complete());
                List<TraceEvent> events = Traces.readAll(reader.events());
                assertEquals(20, events.size());
                assertEquals(19, events.get(19).time());
                assertTrue(reader.truncation().isEmpty(), "an unfinished excerpt is where the writer stopped, not a cut");
            }
            dc.rollbackOnClose();
            dc.close();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
