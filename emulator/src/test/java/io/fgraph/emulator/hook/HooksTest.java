package io.fgraph.emulator.hook;

import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.CpuHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Java hooks: trap-to-Java instructions (SKIP, RESUME with a redirect), breakpoints and single-step. */
class HooksTest {
    @Test
    void aJavaTrapCallsItsHandlerWithItsIdAndSkipContinuesAfterIt() {
        CpuHarness harness = new CpuHarness();
        List<String> calls = new ArrayList<>();
        harness.machine().hooks().registerTrap(42, (hart, id) -> {
            calls.add(id + "@" + Long.toHexString(hart.pc()) + " a0=" + hart.x(A0));
            hart.setX(A0, hart.x(A0) * 10);
            return HookAction.SKIP;
        });
        harness.load(a -> a.li(A0, 7).word(JavaTrap.encode(42)).addi(A0, A0, 1).halt()).runToHalt();
        assertEquals(List.of("42@" + Long.toHexString(BASE + 4) + " a0=7"), calls);
        assertEquals(71, harness.x(A0));
        assertEquals(4, harness.hart().instret(), "li, trap, addi, halt");
    }

    @Test
    void resumeContinuesAtThePcTheHandlerSet() {
        CpuHarness harness = new CpuHarness();
        int id = harness.machine().hooks().allocateTrap((hart, trapId) -> {
            hart.setPc(hart.pc() + 8); // jump over the next instruction
            return HookAction.RESUME;
        });
        harness.load(a -> a.li(A0, 1).word(JavaTrap.encode(id)).addi(A0, A0, 100).addi(A0, A0, 1000).halt())
                .runToHalt();
        assertEquals(1001, harness.x(A0));
    }

    @Test
    void aJavaTrapWithNoHandlerStopsTheRun() {
        CpuHarness harness = new CpuHarness();
        harness.load(a -> a.word(JavaTrap.encode(77)).halt());
        RunResult result = harness.run();
        assertEquals(StopReason.ILLEGAL_INSTRUCTION, result.reason());
        assertTrue(result.message().contains("id 77"), result.message());
        assertEquals(BASE, result.pc());
    }

    @Test
    void aThrowingHandlerStopsTheRunWithHookFailure() {
        CpuHarness harness = new CpuHarness();
        harness.machine().hooks().registerTrap(5, (hart, id) -> {
            throw new IllegalStateException("boom");
        });
        harness.load(a -> a.word(JavaTrap.encode(5)).halt());
        RunResult result = harness.run();
        assertEquals(StopReason.HOOK_FAILURE, result.reason());
        assertEquals(126, result.exitCode());
        assertTrue(result.message().contains("boom"), result.message());
    }

    @Test
    void breakpointHandlersAreAskedInOrderAndUnhandledFallsThrough() {
        CpuHarness harness = new CpuHarness();
        List<String> calls = new ArrayList<>();
        harness.machine().hooks().addBreakpointHandler(hart -> {
            calls.add("first");
            return HookAction.UNHANDLED;
        });
        harness.machine().hooks().addBreakpointHandler(hart -> {
            calls.add("second@" + Long.toHexString(hart.pc()));
            hart.setX(A1, 9);
            return HookAction.SKIP;
        });
        harness.load(a -> a.nop().ebreak().halt()).runToHalt();
        assertEquals(List.of("first", "second@" + Long.toHexString(BASE + 4)), calls);
        assertEquals(9, harness.x(A1));
    }

    @Test
    void singleStepRunsExactlyOneInstructionThenCallsTheStepHandler() {
        CpuHarness harness = new CpuHarness();
        List<String> steps = new ArrayList<>();
        harness.machine().hooks().setStepHandler((hart, steppedPc) -> {
            steps.add(Long.toHexString(steppedPc) + "->" + Long.toHexString(hart.pc()) + " a0=" + hart.x(A0)
                    + " instret=" + hart.instret());
            if (steps.size() < 3) {
                hart.requestSingleStep();
            }
        });
        int id = harness.machine().hooks().allocateTrap((hart, trapId) -> {
            hart.requestSingleStep();
            return HookAction.SKIP;
        });
        harness.load(a -> a.li(A0, 0).word(JavaTrap.encode(id))
                .addi(A0, A0, 1).addi(A0, A0, 2).cAddi(A0, 4).addi(A0, A0, 8).halt()).runToHalt();
        long first = BASE + 8;
        assertEquals(List.of(
                Long.toHexString(first) + "->" + Long.toHexString(first + 4) + " a0=1 instret=3",
                Long.toHexString(first + 4) + "->" + Long.toHexString(first + 8) + " a0=3 instret=4",
                Long.toHexString(first + 8) + "->" + Long.toHexString(first + 10) + " a0=7 instret=5"), steps);
        assertEquals(15, harness.x(A0), "the run continued normally after the last step");
    }

    @Test
    void machineStepExecutesOneInstructionOutsideARun() {
        CpuHarness harness = new CpuHarness();
        harness.load(a -> a.li(A0, 5).addi(A0, A0, 1).halt());
        harness.hart().setPc(BASE);
        harness.machine().step(harness.hart());
        assertEquals(5, harness.x(A0));
        assertEquals(BASE + 4, harness.hart().pc());
        assertEquals(1, harness.hart().instret());
        harness.machine().step(harness.hart());
        assertEquals(6, harness.x(A0));
    }

    @Test
    void aJavaTrapIsTheSizeOfTwoCompressedNops() {
        CpuHarness harness = new CpuHarness();
        harness.load(a -> a.li(A0, 3).cNop().cNop().addi(A0, A0, 1).halt());
        harness.machine().patchText(BASE + 4, JavaTrap.bytes(9));
        List<Long> hits = new ArrayList<>();
        harness.machine().hooks().registerTrap(9, (hart, id) -> {
            hits.add(hart.pc());
            return HookAction.SKIP;
        });
        harness.runToHalt();
        assertEquals(List.of(BASE + 4), hits);
        assertEquals(4, harness.x(A0));
        assertEquals(4, JavaTrap.LENGTH);
    }

    @Test
    void requestLeaveEndsTheTimeSliceSoTheOtherHartsRunFirst() {
        for (boolean leave : new boolean[] {false, true}) {
            CpuHarness harness = new CpuHarness(CpuHarness.config().withHarts(2));
            List<String> order = new ArrayList<>();
            int first = harness.machine().hooks().allocateTrap((hart, trapId) -> {
                order.add("first h" + hart.id());
                if (leave) {
                    hart.requestLeave();
                }
                return HookAction.SKIP;
            });
            int second = harness.machine().hooks().allocateTrap((hart, trapId) -> {
                order.add("second h" + hart.id() + " instret=" + hart.instret());
                hart.setState(io.fgraph.emulator.cpu.HartState.PARKED);
                return HookAction.SKIP;
            });
            harness.load(a -> a.word(JavaTrap.encode(first)).addi(A0, A0, 1).addi(A0, A0, 1).word(JavaTrap.encode(second)));
            for (int i = 0; i < 2; i++) {
                harness.hart(i).reset(BASE);
                harness.hart(i).setState(io.fgraph.emulator.cpu.HartState.RUNNING);
            }
            harness.run();
            assertEquals(leave
                    ? List.of("first h0", "first h1", "second h0 instret=4", "second h1 instret=4")
                    : List.of("first h0", "second h0 instret=4", "first h1", "second h1 instret=4"), order,
                    "requestLeave=" + leave + ": the instructions are the same, only the interleaving changes");
        }
    }

    /** wfi (no interrupts are delivered) ends its hart's quantum: the other harts run before it goes on. */
    @Test
    void wfiEndsTheQuantumSoTheOtherHartsRunFirst() {
        CpuHarness harness = new CpuHarness(CpuHarness.config().withHarts(2));
        List<String> order = new ArrayList<>();
        int first = harness.machine().hooks().allocateTrap((hart, trapId) -> {
            order.add("first h" + hart.id());
            return HookAction.SKIP;
        });
        int second = harness.machine().hooks().allocateTrap((hart, trapId) -> {
            order.add("second h" + hart.id() + " instret=" + hart.instret());
            hart.setState(io.fgraph.emulator.cpu.HartState.PARKED);
            return HookAction.SKIP;
        });
        harness.load(a -> a.word(JavaTrap.encode(first)).wfi().addi(A0, A0, 1).word(JavaTrap.encode(second)));
        for (int i = 0; i < 2; i++) {
            harness.hart(i).reset(BASE);
            harness.hart(i).setState(io.fgraph.emulator.cpu.HartState.RUNNING);
        }
        harness.run();
        assertEquals(List.of("first h0", "first h1", "second h0 instret=4", "second h1 instret=4"), order);
    }
}
