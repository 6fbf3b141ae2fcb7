package io.fgraph.emulator.insn;

import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.Asm;
import io.fgraph.emulator.cpu.CpuHarness;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.hook.HookAction;
import io.fgraph.emulator.hook.JavaTrap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.T0;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Out-of-line execution: an instruction replaced by a trap runs as a copy in a slot, resumes after
 * the original, counts exactly once, and a fault in the copy is reported at the original address.
 */
class XolAreaTest {
    private static final long XOL = BASE + 0xF_0000;

    /** Loads {@code program}, then displaces the instruction at {@code probed} into a slot. */
    private static CpuHarness displaced(Consumer<Asm> program, long probed, List<String> steps) throws Exception {
        CpuHarness harness = new CpuHarness();
        harness.load(program);
        XolArea xol = new XolArea(harness.machine(), XOL, 4096);
        Displacement d = Displacement.at(harness.machine().memory(), probed, xol::contains);
        long slot = xol.allocate(d.instruction(), new XolArea.Owner() {
            @Override
            public void afterStep(Hart hart, Instruction original) {
                steps.add("after " + Long.toHexString(hart.pc() - BASE) + " a0=" + hart.x(A0));
            }
        });
        int id = harness.machine().hooks().allocateTrap((hart, trapId) -> {
            hart.discountInstruction();
            hart.setPc(slot);
            return HookAction.RESUME;
        });
        harness.machine().patchText(probed, JavaTrap.bytes(id));
        return harness;
    }

    @Test
    void theCopyRunsOnceAndTheProgramCountsTheSameInstructions() throws Exception {
        Consumer<Asm> program = a -> a.li(A0, 1).addi(A0, A0, 5).addi(A0, A0, 100).halt();
        CpuHarness plain = new CpuHarness();
        plain.load(program).runToHalt();
        List<String> steps = new ArrayList<>();
        CpuHarness probed = displaced(program, BASE + 4, steps);
        probed.runToHalt();
        assertEquals(106, probed.x(A0));
        assertEquals(List.of("after 8 a0=6"), steps, "the owner sees the state after the copy, pc at the successor");
        assertEquals(plain.hart().instret(), probed.hart().instret(), "the trap and the resume retire nothing");
        assertEquals(plain.hart().cycle(), probed.hart().cycle());
    }

    @Test
    void aFaultInTheCopyIsReportedAtTheOriginalInstruction() throws Exception {
        Consumer<Asm> program = a -> a.li(T0, 0x10).ld(A0, 0, T0).halt();
        long load = new Asm(BASE).li(T0, 0x10).pc();
        CpuHarness probed = displaced(program, load, new ArrayList<>());
        RunResult result = probed.run();
        assertEquals(StopReason.ACCESS_FAULT, result.reason(), result.message());
        assertEquals(load, result.pc());
        assertTrue(result.message().contains(Long.toHexString(load)), result.message());
    }

    @Test
    void aStackSwitchInACopyIsShownAtTheOriginalsSuccessor() throws Exception {
        long stack = BASE + 0x8_0000;
        Consumer<Asm> program = a -> a.li(A0, stack).mv(io.fgraph.emulator.cpu.Asm.SP, A0).addi(A0, A0, 1).halt();
        long move = new Asm(BASE).li(A0, stack).pc();
        List<String> seen = new ArrayList<>();
        CpuHarness probed = displaced(program, move, new ArrayList<>());
        probed.machine().hooks().addStackSwitchHandler((hart, oldSp, newSp) ->
                seen.add("pc=" + Long.toHexString(hart.pc() - BASE) + " sp=" + Long.toHexString(newSp - BASE)));
        probed.runToHalt();
        assertEquals(List.of("pc=" + Long.toHexString(move + 4 - BASE) + " sp=" + Long.toHexString(stack - BASE)), seen,
                "the handler sees the program's pc, not the slot's");
    }
}
