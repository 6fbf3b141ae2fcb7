package io.fgraph.probes.guide;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.platform.BareMetalPlatform;
import io.fgraph.probes.Kprobe;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probes guide's example: it compiles, it works, and docs/probes.md shows exactly this code. */
class PriceWatchTest {
    @Test
    void watchesTheProbesGuest() throws Exception {
        // --- guide: usage ---
        ElfFile elf = ElfFile.read(Path.of("../guest/elf/probes.elf"));
        Machine machine = BareMetalPlatform.boot(elf, MachineConfig.defaults()
                .withConsole(InputStream.nullInputStream(), new ByteArrayOutputStream(), System.err));
        PriceWatch watch = new PriceWatch();
        Kprobe[] probes = watch.install(machine, elf);
        RunResult result = machine.run();
        watch.lines.forEach(System.out::println);
        // --- guide: end ---
        assertEquals(0, result.exitCode());
        long size = elf.symbols().byName("greet").orElseThrow().size();
        assertEquals(List.of("hello: (greet+0x0/0x" + Long.toHexString(size) + ") who=\"probe\" n=2",
                "value(pen at 250, 4) hot=true",
                "total() entered with a1=5"), watch.lines);
        for (Kprobe probe : probes) {
            assertEquals(1, probe.hits(), probe.toString());
        }
    }

    @Test
    void theGuideShowsThisCode() throws Exception {
        String guide = Files.readString(Path.of("../docs/probes.md"), StandardCharsets.UTF_8);
        String source = Files.readString(Path.of("src/test/java/io/fgraph/probes/guide/PriceWatch.java"), StandardCharsets.UTF_8);
        String body = source.substring(source.indexOf("/** Watches"));
        assertTrue(guide.contains(body), "docs/probes.md must contain PriceWatch.java from its javadoc on");
        String test = Files.readString(Path.of("src/test/java/io/fgraph/probes/guide/PriceWatchTest.java"), StandardCharsets.UTF_8);
        String usage = test.substring(test.indexOf("// --- guide: usage ---") + "// --- guide: usage ---".length(),
                test.indexOf("// --- guide: end ---")).stripIndent().strip();
        assertTrue(guide.contains(usage), "docs/probes.md must show the usage:\n" + usage);
        assertTrue(source.split("\n").length < 60, "the example stays under 60 lines");
    }
}
