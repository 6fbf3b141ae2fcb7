package io.fgraph.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An output is never one of the command's inputs: {@code export --chrome DIR/trace.header DIR},
 * {@code export --folded DIR/events/X.cq4 DIR} and {@code run --trace-output PROG.elf PROG.elf}
 * used to overwrite the trace or the program being read.
 */
class OutputPathsTest {
    @TempDir
    Path tmp;

    @Test
    void anExportIntoTheTraceDirectoryIsRefused() throws IOException {
        Path trace = tmp.resolve("t");
        Cli.Outcome record = Cli.run("record", "--no-progress", "-o", trace.toString(), Cli.guest(tmp, "chain").toString());
        assertEquals(0, record.exitStatus(), record.toString());
        Path cq4;
        try (Stream<Path> files = Files.list(trace.resolve("events"))) {
            cq4 = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        byte[] header = Files.readAllBytes(trace.resolve("trace.header"));
        byte[] events = Files.readAllBytes(cq4);
        List<String[]> attempts = new ArrayList<>();
        attempts.add(new String[]{"--chrome", trace.resolve("trace.header").toString()});
        attempts.add(new String[]{"--folded", cq4.toString()});
        attempts.add(new String[]{"--flame", trace.resolve("flame.svg").toString()});
        attempts.add(new String[]{"--uftrace", trace.resolve("uftrace.data").toString()});
        // the same, spelled through a symbolic link and a relative detour
        Path link = Files.createSymbolicLink(tmp.resolve("link"), trace);
        attempts.add(new String[]{"--chrome", link.resolve("trace.summary").toString()});
        attempts.add(new String[]{"--chrome", trace.resolve("events/../trace.header").toString()});
        for (String[] a : attempts) {
            Cli.Outcome o = Cli.run("export", a[0], a[1], trace.toString());
            assertEquals(2, o.exitStatus(), o.toString());
            assertEquals("fgraph: " + a[0] + "=" + a[1] + ": is inside the trace directory " + trace
                    + " (it would overwrite the trace being read)\n", o.stderr());
        }
        assertArrayEquals(header, Files.readAllBytes(trace.resolve("trace.header")));
        assertArrayEquals(events, Files.readAllBytes(cq4));
        assertFalse(Files.exists(trace.resolve("flame.svg")));
        assertEquals(0, Cli.run("info", trace.toString()).exitStatus());

        Path twice = tmp.resolve("x");
        Cli.Outcome o = Cli.run("export", "--chrome", twice.toString(), "--folded", twice.toString(), trace.toString());
        assertEquals(2, o.exitStatus(), o.toString());
        assertEquals("fgraph: --folded=" + twice + ": is also the --chrome output " + twice
                + " (it would be overwritten)\n", o.stderr());
    }

    @Test
    void aTraceOutputThatIsTheProgramIsRefused() throws IOException {
        Path program = Cli.guest(tmp, "chain");
        byte[] bytes = Files.readAllBytes(program);
        Cli.Outcome o = Cli.run("run", "--trace", "function_graph", "--trace-output", program.toString(), program.toString());
        assertEquals(2, o.exitStatus(), o.toString());
        assertEquals("fgraph: --trace-output=" + program + ": is the program " + program
                + " (it would be overwritten)\n", o.stderr());
        assertArrayEquals(bytes, Files.readAllBytes(program));
    }
}
