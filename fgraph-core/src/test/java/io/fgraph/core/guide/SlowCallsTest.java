package io.fgraph.core.guide;

import io.fgraph.core.Fgraph;
import io.fgraph.core.FunctionFilter;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.platform.BareMetalPlatform;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plugin guide's example: it compiles, it works, and the guide shows exactly this code. */
class SlowCallsTest {
    @Test
    void reportsTheSlowCallsOfFib() throws Exception {
        // --- guide: usage ---
        ElfFile elf = ElfFile.read(Path.of("../guest/elf/fib.elf"));
        Machine machine = BareMetalPlatform.boot(elf, MachineConfig.defaults().withArguments(List.of("12"))
                .withConsole(InputStream.nullInputStream(), new ByteArrayOutputStream(), System.err));
        Fgraph fgraph = Fgraph.install(machine, elf);
        SlowCalls plugin = new SlowCalls(FunctionFilter.only("fib"), 2_000);
        fgraph.register(plugin);
        RunResult result = machine.run();
        plugin.slowCalls().forEach(System.out::println);
        // --- guide: end ---
        assertEquals(0, result.exitCode());
        assertEquals(List.of("fib(9) took 2012 ns, returned 34",
                "fib(10) took 3270 ns, returned 55",
                "fib(9) took 2012 ns, returned 34",
                "fib(11) took 5305 ns, returned 89",
                "fib(9) took 2012 ns, returned 34",
                "fib(10) took 3270 ns, returned 55",
                "fib(12) took 8598 ns, returned 144"), plugin.slowCalls());
    }

    @Test
    void theGuideShowsThisCode() throws Exception {
        String guide = Files.readString(Path.of("../docs/plugin-guide.md"), StandardCharsets.UTF_8);
        String source = Files.readString(Path.of("src/test/java/io/fgraph/core/guide/SlowCalls.java"), StandardCharsets.UTF_8);
        String body = source.substring(source.indexOf("/** Reports"));
        assertTrue(guide.contains(body), "docs/plugin-guide.md must contain SlowCalls.java from its javadoc on");
        assertTrue(source.split("\n").length < 50, "the example stays under 50 lines");
    }
}
