package io.fgraph.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Traces recorded by fgraph before format version 3 (by main at e6cf8c1, the last version 2
 * writer: batches of 28- and 52-byte records and PROBE records with tagged fields,
 * {@code src/test/resources/traces/v2-*.zip}) are still read, and hold the same events as the same
 * program recorded now: every command shows them as it shows the new trace.
 */
class VersionTwoTraceTest {
    @TempDir
    Path tmp;

    private Path unzip(String name) throws IOException {
        Path dir = tmp.resolve("v2");
        try (InputStream in = getClass().getResourceAsStream("/traces/v2-" + name + ".zip");
             ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path file = dir.resolve(e.getName());
                Files.createDirectories(file.getParent());
                Files.copy(zip, file);
            }
        }
        return dir.resolve(name);
    }

    private static String out(String... args) {
        Cli.Outcome o = Cli.run(args);
        assertEquals(0, o.exitStatus(), o.toString());
        assertEquals("", o.stderr());
        return o.stdout();
    }

    /**
     * The dump without its first two lines, which name the format version and the options (the
     * recorder now writes more of them: the library-call mode, the program's own functions).
     */
    private static List<String> events(String dump) {
        List<String> lines = dump.lines().toList();
        assertTrue(lines.get(0).startsWith("# program "), lines.get(0));
        assertTrue(lines.get(1).startsWith("# options "), lines.get(1));
        return lines.subList(2, lines.size());
    }

    @Test
    void aVersionTwoTraceHoldsTheEventsOfTheSameRecordingToday() throws IOException {
        Path old = unzip("chain");
        Path now = RecordedTraces.get("chain"); // -l --args 2 chain.elf: every call, as the old one was recorded
        assertTrue(out("dump", old.toString()).startsWith("# program chain.elf "));
        assertTrue(out("dump", old.toString()).lines().findFirst().orElseThrow().endsWith("format version 2"));
        assertEquals(events(out("dump", now.toString())), events(out("dump", old.toString())));
        // -l: every call (an old trace does not say which functions are the program's own, so it shows
        // every call; the new one would show uftrace's library-call view without -l)
        for (String command : List.of("replay %s", "replay --format uftrace -l %s", "report -l %s", "graph -l %s a")) {
            // the graph names its session, the recording's trace id
            assertEquals(out(command.formatted(now).split(" ")).replaceAll("session: [0-9a-f]+", "session: ID"),
                    out(command.formatted(old).split(" ")).replaceAll("session: [0-9a-f]+", "session: ID"), command);
        }
    }

    @Test
    void probeHitsReadAsTheyWereRecorded() throws IOException {
        Path old = unzip("probes");
        Path now = RecordedTraces.get("chain-probe"); // -l --args 2 --probe 'p:c_in c n=$arg1:s64' chain.elf
        List<String> dump = events(out("dump", old.toString()));
        assertEquals(events(out("dump", now.toString())), dump);
        assertEquals(1, dump.stream().filter(l -> l.startsWith("probe ") && l.contains(" fields=0xc  # c_in: (c+0x0/"))
                .count(), String.join("\n", dump));
        for (String command : List.of("replay %s", "replay --format uftrace -l %s", "info %s")) {
            String expected = out(command.formatted(now).split(" "));
            String actual = out(command.formatted(old).split(" "));
            if (command.startsWith("info")) {
                // format, trace id and bytes differ; the probe's definition and counters do not
                expected = expected.lines().filter(l -> l.startsWith("probe")).toList().toString();
                actual = actual.lines().filter(l -> l.startsWith("probe")).toList().toString();
                assertTrue(actual.contains("probe c_in: 1 hits, 0 missed"), actual);
            }
            assertEquals(expected, actual, command);
        }
    }

    @Test
    void twoHartsMergeAsTheyDidAndInfoSaysBatches() throws IOException {
        Path old = unzip("multihart");
        Path now = RecordedTraces.get("multihart"); // -l --harts 2 multihart.elf 1
        assertEquals(events(out("dump", "--merged", now.toString())), events(out("dump", "--merged", old.toString())));
        for (int task = 0; task < 2; task++) {
            assertEquals(events(out("dump", "--tid", "" + task, now.toString())),
                    events(out("dump", "--tid", "" + task, old.toString())), "task " + task);
        }
        assertEquals(out("replay", now.toString()), out("replay", old.toString()));
        String info = out("info", old.toString());
        assertTrue(info.contains("format:       version 2\n"), info);
        assertTrue(info.contains("status:       complete\n"), info);
        assertTrue(info.matches("(?s).*bytes: +\\d+ in \\d+ batches \\(\\d+\\.\\d bytes/event\\).*"), info);
        assertFalse(info.contains("page waits"), info);
    }
}
