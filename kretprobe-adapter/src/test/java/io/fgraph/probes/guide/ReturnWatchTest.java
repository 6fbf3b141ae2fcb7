package io.fgraph.probes.guide;

import io.fgraph.core.Fgraph;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.platform.BareMetalPlatform;
import io.fgraph.probes.KprobeStepMode;
import io.fgraph.probes.Kprobes;
import io.fgraph.probes.kretprobe.ClassicKretprobes;
import io.fgraph.probes.kretprobe.FgraphKretprobes;
import io.fgraph.probes.kretprobe.Kretprobe;
import io.fgraph.probes.kretprobe.Kretprobes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kretprobes guide's example: it compiles, it works on both designs, and docs/probes.md shows exactly this code. */
class ReturnWatchTest {
    private static List<String> watch(boolean classic) throws Exception {
        // --- guide: usage ---
        ElfFile elf = ElfFile.read(Path.of("../guest/elf/probes.elf"));
        Machine machine = BareMetalPlatform.boot(elf, MachineConfig.defaults()
                .withConsole(InputStream.nullInputStream(), new ByteArrayOutputStream(), System.err));
        Fgraph fgraph = Fgraph.install(machine, elf);
        Kprobes kprobes = Kprobes.install(machine, elf, fgraph, KprobeStepMode.OUT_OF_LINE);
        Kretprobes kretprobes = classic ? ClassicKretprobes.install(kprobes, elf) : new FgraphKretprobes(fgraph, elf.symbols());
        ReturnWatch watch = new ReturnWatch();
        Kretprobe probe = watch.install(kretprobes);
        RunResult result = machine.run();
        watch.lines.forEach(System.out::println); // greet("probe", 2) = 26 in 2714 ns
        // --- guide: end ---
        assertEquals(0, result.exitCode());
        assertEquals(1, probe.hits());
        assertEquals(0, probe.nmissed());
        return watch.lines;
    }

    @Test
    void bothDesignsSeeTheSameReturn() throws Exception {
        List<String> classic = watch(true);
        List<String> fgraph = watch(false);
        assertEquals(1, fgraph.size());
        assertTrue(fgraph.get(0).matches("greet\\(\"probe\", 2\\) = 26 in \\d+ ns"), fgraph.toString());
        assertEquals(fgraph, classic, "the same call, the same virtual time");
    }

    @Test
    void theGuideShowsThisCode() throws Exception {
        String guide = Files.readString(Path.of("../docs/probes.md"), StandardCharsets.UTF_8);
        String source = Files.readString(Path.of("src/test/java/io/fgraph/probes/guide/ReturnWatch.java"), StandardCharsets.UTF_8);
        String body = source.substring(source.indexOf("/** Watches"));
        assertTrue(guide.contains(body), "docs/probes.md must contain ReturnWatch.java from its javadoc on");
        String test = Files.readString(Path.of("src/test/java/io/fgraph/probes/guide/ReturnWatchTest.java"), StandardCharsets.UTF_8);
        String usage = test.substring(test.indexOf("// --- guide: usage ---") + "// --- guide: usage ---".length(),
                test.indexOf("// --- guide: end ---")).stripIndent().strip();
        assertTrue(guide.contains(usage), "docs/probes.md must show the usage:\n" + usage);
        assertTrue(source.split("\n").length < 60, "the example stays under 60 lines");
    }
}
