package io.fgraph.probes;

import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.cpu.Op;
import io.fgraph.emulator.elf.Symbol;
import io.fgraph.emulator.insn.Instruction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 001 on four harts running the same probed loop deterministically (the multihart guest):
 * stepping the original instruction in place opens a window in which the other harts run past the
 * probe, stepping a copy out of line does not.
 */
class StepModeTest {
    static final int HARTS = 4;
    static final int ITERATIONS = 1000;
    static final int CALLS = 4;

    /** The amoadd.d of work()'s loop: executed once per iteration, HARTS * ITERATIONS * CALLS times. */
    static long amoadd(ProbedGuest guest) {
        Symbol work = guest.function("work");
        for (long at = work.address(); at < work.end(); ) {
            Instruction insn = Instruction.at(guest.machine.memory(), at);
            if (insn.op() == Op.ATOMIC) {
                return at;
            }
            at = insn.next();
        }
        throw new AssertionError("no atomic instruction in work()");
    }

    static Kprobe runProbed(KprobeStepMode mode, int harts) {
        ProbedGuest guest = ProbedGuest.boot("multihart", MachineConfig.defaults().withHarts(harts), false, mode,
                Integer.toString(ITERATIONS));
        long address = amoadd(guest);
        byte[] original = guest.text(address, 4);
        Kprobe probe = Kprobe.at(address, new KprobeHandler() {
        });
        guest.kprobes.register(probe);
        RunResult result = guest.run();
        assertEquals(0, result.exitCode(), mode + ": " + guest.stdout() + result.message());
        long expected = (long) harts * ITERATIONS * CALLS;
        assertTrue(guest.stdout().contains("expected = " + expected + ": OK"), guest.stdout());
        guest.kprobes.unregister(probe);
        assertArrayEquals(original, guest.text(address, 4), mode + ": the instruction is back");
        return probe;
    }

    @Test
    void outOfLineCountsExactlyOneHitPerExecutionOnFourHarts() {
        Kprobe probe = runProbed(KprobeStepMode.OUT_OF_LINE, HARTS);
        assertEquals((long) HARTS * ITERATIONS * CALLS, probe.hits());
        assertEquals(0, probe.nmissed());
    }

    @Test
    void inPlaceMissesHitsOnFourHartsButNotOnOne() {
        Kprobe alone = runProbed(KprobeStepMode.IN_PLACE, 1);
        assertEquals((long) ITERATIONS * CALLS, alone.hits(), "no other hart can run past the restored instruction");
        Kprobe probe = runProbed(KprobeStepMode.IN_PLACE, HARTS);
        long executions = (long) HARTS * ITERATIONS * CALLS;
        assertTrue(probe.hits() > 0 && probe.hits() < executions,
                "in place, the other harts sail past the probe: " + probe.hits() + " hits of " + executions);
        assertEquals(0, probe.nmissed(), "the misses are invisible to the probe");
        System.out.printf("in-place on %d harts: %d hits of %d executions (%.1f%% missed)%n", HARTS, probe.hits(),
                executions, 100.0 * (executions - probe.hits()) / executions);
    }

    @Test
    void inPlaceHitsAreTheSameOnEveryRun() {
        assertEquals(runProbed(KprobeStepMode.IN_PLACE, HARTS).hits(), runProbed(KprobeStepMode.IN_PLACE, HARTS).hits(),
                "the deterministic scheduler makes the window, and so the misses, repeatable");
    }
}
