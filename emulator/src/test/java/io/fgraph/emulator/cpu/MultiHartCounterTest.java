package io.fgraph.emulator.cpu;

import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.S0;
import static io.fgraph.emulator.cpu.Asm.T0;
import static io.fgraph.emulator.cpu.Asm.T1;
import static io.fgraph.emulator.cpu.Asm.T2;
import static io.fgraph.emulator.cpu.Asm.ZERO;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static io.fgraph.emulator.cpu.CpuHarness.DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Concurrency stress: every hart increments shared counters with LR/SC retry loops (.d and .w) and
 * with amoadd (.d and .w); the totals must be exact, in deterministic mode with small quanta (which
 * interleave LR and SC of different harts) and with one host thread per hart.
 */
class MultiHartCounterTest {
    private static final int HARTS = 4;
    private static final long LRSC_D = DATA;
    private static final long AMO_D = DATA + 8;
    private static final long LRSC_W = DATA + 16;
    private static final long AMO_W = DATA + 20;

    private static CpuHarness prepare(MachineConfig config, int iterations) {
        CpuHarness harness = new CpuHarness(config.withHarts(HARTS).withMaxInstructions(200_000_000L));
        harness.load(a -> {
            Asm.Label loop = a.label();
            Asm.Label retryD = a.label();
            Asm.Label retryW = a.label();
            a.li(A1, iterations).li(T1, 1)
                    .bind(loop)
                    .li(S0, LRSC_D)
                    .bind(retryD).lrD(T0, S0).addi(T0, T0, 1).scD(T2, T0, S0).bne(T2, ZERO, retryD)
                    .li(S0, AMO_D).amoaddD(ZERO, T1, S0)
                    .li(S0, LRSC_W)
                    .bind(retryW).lrW(T0, S0).addiw(T0, T0, 1).scW(T2, T0, S0).bne(T2, ZERO, retryW)
                    .li(S0, AMO_W).amoaddW(ZERO, T1, S0)
                    .addi(A1, A1, -1).bne(A1, ZERO, loop)
                    .park();
        });
        for (int i = 0; i < HARTS; i++) {
            Hart hart = harness.hart(i);
            hart.reset(BASE);
            hart.setX(Asm.A0, i);
            hart.setState(HartState.RUNNING);
        }
        return harness;
    }

    private static void runAndCheck(CpuHarness harness, int iterations) {
        RunResult result = harness.machine().run();
        assertEquals(StopReason.ALL_HARTS_PARKED, result.reason(), result.message());
        long expected = (long) HARTS * iterations;
        assertEquals(expected, harness.load64(LRSC_D), "lr.d/sc.d counter");
        assertEquals(expected, harness.load64(AMO_D), "amoadd.d counter");
        assertEquals(expected, harness.machine().memory().load32(LRSC_W), "lr.w/sc.w counter");
        assertEquals(expected, harness.machine().memory().load32(AMO_W), "amoadd.w counter");
    }

    @ParameterizedTest(name = "quantum {0}")
    @ValueSource(ints = {1, 3, 7, 1000})
    void deterministicInterleavingsCountExactly(int quantum) {
        int iterations = 500;
        runAndCheck(prepare(CpuHarness.config().withQuantum(quantum), iterations), iterations);
    }

    @Test
    void deterministicRunsRepeatInstructionForInstruction() {
        CpuHarness first = prepare(CpuHarness.config().withQuantum(3), 200);
        CpuHarness second = prepare(CpuHarness.config().withQuantum(3), 200);
        first.machine().run();
        second.machine().run();
        for (int i = 0; i < HARTS; i++) {
            assertEquals(first.hart(i).instret(), second.hart(i).instret(), "hart " + i);
        }
    }

    @ParameterizedTest(name = "quantum {0}")
    @ValueSource(ints = {1, 7, 1000})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void parallelHartsCountExactly(int quantum) {
        int iterations = 20_000;
        runAndCheck(prepare(CpuHarness.config().withQuantum(quantum).withParallel(true), iterations), iterations);
    }
}
