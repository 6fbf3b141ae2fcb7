package io.fgraph.emulator.platform;

import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.StopReason;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped guest programs produce the output QEMU produces for them (see guest/README.md). */
class GuestProgramsTest {
    @Test
    void helloPrintsItsArgumentsAndExitsZero() {
        GuestRunner.Outcome outcome = GuestRunner.run("hello", "one", "two");
        assertEquals(StopReason.EXIT, outcome.result().reason());
        assertEquals(0, outcome.result().exitCode());
        assertEquals("hello, world\nargv[0] = program-name\nargv[1] = one\nargv[2] = two\n", outcome.stdout());
    }

    @Test
    void fibComputesRecursively() {
        GuestRunner.Outcome outcome = GuestRunner.run("fib", "20");
        assertEquals("fib(20) = 6765\n", outcome.stdout());
        assertEquals(0, outcome.result().exitCode());
    }

    @Test
    void fibRejectsBadInputWithExitCodeTwo() {
        GuestRunner.Outcome outcome = GuestRunner.run("fib", "x");
        assertEquals(StopReason.EXIT, outcome.result().reason());
        assertEquals(2, outcome.result().exitCode());
        assertTrue((outcome.stdout() + outcome.stderr()).contains("usage"), outcome.stdout() + outcome.stderr());
    }

    @Test
    void tailcallReturnsThroughTailCalledFunctions() {
        GuestRunner.Outcome outcome = GuestRunner.run("tailcall");
        assertEquals(0, outcome.result().exitCode());
        assertEquals("top(4) = 150\neven(3) = 0\n", outcome.stdout());
    }

    @Test
    void chainCallsThroughThreeFunctions() {
        assertEquals("a(5) = 66\nfails() = -22\nsum8(1, 2, 3, 4, 5, 6, 7, 8) = 36\n", GuestRunner.run("chain").stdout());
    }

    @Test
    void qsortSortsWithACallback() {
        assertEquals("sorted: -31 -7 -2 0 3 5 7 12 19 25 30 42 56 64 88 91\n", GuestRunner.run("qsort").stdout());
    }

    @Test
    void longjmpReturnsToSetjmpTwice() {
        assertEquals("round 0: longjmp returned 4, after(4) = 41\nround 1: longjmp returned 6, after(6) = 61\n",
                GuestRunner.run("longjmp").stdout());
    }

    @Test
    void selfModifyingCodeSeesItsNewInstructions() {
        GuestRunner.Outcome outcome = GuestRunner.run("selfmod");
        assertEquals("addi a0, a0, 42: f(100) = 142\naddi a0, a0, -7: f(100) = 93\n", outcome.stdout());
    }

    @Test
    void probesCallsEachKindOfArgumentFunction() {
        GuestRunner.Outcome outcome = GuestRunner.run("probes");
        assertEquals(0, outcome.result().exitCode(), outcome.stdout());
        assertEquals("hello, probe\nhello, probe\nsum10 = 1936\ngreet = 26\nvalue = 1003\ntotal = 28\ncalls = 4\n",
                outcome.stdout());
    }

    @Test
    void multihartCountsCorrectlyOnFourHarts() {
        GuestRunner.Outcome outcome = GuestRunner.run("multihart", MachineConfig.defaults().withHarts(4));
        assertEquals(0, outcome.result().exitCode(), outcome.stdout());
        assertTrue(outcome.stdout().contains("amo counter = 16000"), outcome.stdout());
        assertTrue(outcome.stdout().contains("lr/sc counter = 16000"), outcome.stdout());
        assertTrue(outcome.stdout().contains("expected = 16000: OK"), outcome.stdout());
    }

    @Test
    void multihartCountsCorrectlyInParallelMode() {
        GuestRunner.Outcome outcome = GuestRunner.run("multihart",
                MachineConfig.defaults().withHarts(4).withParallel(true).withMaxInstructions(500_000_000L), "5000");
        assertEquals(StopReason.EXIT, outcome.result().reason(), outcome.result().message());
        assertTrue(outcome.stdout().contains("expected = 80000: OK"), outcome.stdout());
    }

    @Test
    void deterministicRunsAreIdentical() {
        MachineConfig config = MachineConfig.defaults().withHarts(3).withQuantum(37);
        GuestRunner.Outcome first = GuestRunner.run("multihart", config, "300");
        GuestRunner.Outcome second = GuestRunner.run("multihart", config, "300");
        assertEquals(first.stdout(), second.stdout());
        for (int i = 0; i < 3; i++) {
            assertEquals(first.machine().hart(i).instret(), second.machine().hart(i).instret(), "hart " + i);
            assertEquals(first.machine().hart(i).cycle(), second.machine().hart(i).cycle(), "hart " + i);
        }
        assertTrue(first.machine().hart(1).instret() > 0, "hart 1 ran");
    }

    @Test
    void tohostPassAndFail() {
        GuestRunner.Outcome pass = GuestRunner.run("tohost_pass");
        assertEquals(StopReason.TOHOST_PASS, pass.result().reason());
        GuestRunner.Outcome fail = GuestRunner.run("tohost_fail");
        assertEquals(StopReason.TOHOST_FAIL, fail.result().reason());
        assertTrue(fail.result().message().contains("test 3 failed"), fail.result().message());
    }

    @Test
    void instructionLimitStopsTheRunWithAReport() {
        GuestRunner.Outcome outcome = GuestRunner.run("fib", MachineConfig.defaults().withMaxInstructions(12_345), "25");
        assertEquals(StopReason.INSTRUCTION_LIMIT, outcome.result().reason());
        assertEquals(12_345, outcome.result().instructions());
        assertTrue(outcome.result().message().matches("hart 0: at pc 0x[0-9a-f]+ \\(\\w+(\\+0x[0-9a-f]+)?\\): instruction limit of 12345 reached, bits 0x[0-9a-f]+.*"),
                outcome.result().message());
    }

    @Test
    void virtualClockMakesCycleEqualInstructionsOnOneHart() {
        GuestRunner.Outcome outcome = GuestRunner.run("fib", "10");
        assertEquals(outcome.machine().hart(0).instret(), outcome.machine().hart(0).cycle());
    }
}
