package io.fgraph.emulator.platform;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.memory.FlatMemory;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.TranslationConfig;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.cpu.TranslationStats;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shipped guest program runs to the same end on both tiers: the same output, exit, instruction
 * count and cycles per hart, the same registers and the same memory, with all its code translated
 * (threshold 0) or none. Several harts interleave in small quanta, so the schedule is compared too.
 */
class TwoTierGuestTest {
    @ParameterizedTest(name = "{0} {1} on {2} harts, quantum {3}")
    @CsvSource({
        "hello, one two, 1, 1000",
        "fib, 22, 1, 1000",
        "fib, 15, 1, 7",
        "chain, '', 1, 1000",
        "calls, '', 1, 1000",
        "tailcall, '', 1, 1000",
        "qsort, '', 1, 1000",
        "longjmp, '', 1, 1000",
        "coroutine, '', 1, 1000",
        "libcalls, '', 1, 1000",
        "selfmod, '', 1, 1000",
        "selfmod, '', 1, 3",
        "multihart, 300, 3, 37",
        "multihart, 200, 4, 1",
        "oddsize, '', 1, 1000",
        "tohost_pass, '', 1, 1000",
        "tohost_fail, '', 1, 1000",
    })
    void bothTiersEndAlike(String program, String arguments, int harts, int quantum) {
        MachineConfig config = MachineConfig.defaults().withHarts(harts).withQuantum(quantum);
        String[] args = arguments.isEmpty() ? new String[0] : arguments.split(" ");
        GuestRunner.Outcome interpreted = GuestRunner.run(program,
                config.withTranslation(TranslationConfig.off()), args);
        GuestRunner.Outcome translated = GuestRunner.run(program,
                config.withTranslation(new TranslationConfig(true, 0)), args);

        assertEquals(interpreted.stdout(), translated.stdout());
        assertEquals(interpreted.stderr(), translated.stderr());
        assertEquals(interpreted.result(), translated.result());
        for (int i = 0; i < harts; i++) {
            Hart a = interpreted.machine().hart(i);
            Hart b = translated.machine().hart(i);
            assertEquals(a.instret(), b.instret(), "instret of hart " + i);
            assertEquals(a.cycle(), b.cycle(), "cycle of hart " + i);
            assertEquals(a.pc(), b.pc(), "pc of hart " + i);
            for (int r = 0; r < 32; r++) {
                assertEquals(a.x(r), b.x(r), "hart " + i + " x" + r);
            }
        }
        Machine m = interpreted.machine();
        FlatMemory ram = (FlatMemory) m.memory();
        assertArrayEquals(ram.read(ram.base(), ram.size()),
                translated.machine().memory().read(ram.base(), ram.size()), "memory");
        TranslationStats stats = translated.machine().translationStats();
        assertNull(stats.firstFailure());
        assertEquals(0, stats.failed());
        assertTrue(stats.translatedInstructions() > 0, "some code ran translated: " + stats);
        assertEquals(TranslationStats.NONE, interpreted.machine().translationStats());
    }
}
