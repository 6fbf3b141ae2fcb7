package io.fgraph.emulator.platform;

import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.TranslationConfig;
import io.fgraph.emulator.cpu.TranslationStats;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build runs every test twice (see the root pom): with {@code fgraph.translate.threshold=0},
 * where the default machine translates all code, and with {@code fgraph.translate=false}, where it
 * interprets all. This proves each run is on the tier it claims.
 */
class SuiteTierTest {
    @Test
    void theDefaultMachineRunsOnTheTierTheSystemPropertiesName() {
        TranslationConfig translation = MachineConfig.defaults().translation();
        GuestRunner.Outcome outcome = GuestRunner.run("fib", "12");
        assertEquals("fib(12) = 144\n", outcome.stdout());
        TranslationStats stats = outcome.machine().translationStats();
        if (!translation.enabled()) {
            assertEquals(TranslationStats.NONE, stats);
        } else if (translation.threshold() == 0) {
            // Everything but the instructions the interpreter keeps (semihosting, CSRs) ran translated.
            assertTrue(stats.translatedInstructions() > outcome.result().instructions() * 9 / 10, stats.toString());
        } else {
            assertTrue(stats.translatedInstructions() > 0, stats.toString());
        }
    }
}
