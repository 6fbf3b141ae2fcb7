package io.fgraph.emulator.hook;

import io.fgraph.emulator.cpu.Asm;
import io.fgraph.emulator.cpu.CpuHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A5;
import static io.fgraph.emulator.cpu.Asm.S0;
import static io.fgraph.emulator.cpu.Asm.S1;
import static io.fgraph.emulator.cpu.Asm.SP;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static io.fgraph.emulator.cpu.CpuHarness.DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The stack-switch hook fires for writes of sp that may switch stacks (loads into sp, moves from
 * another register) and never for stack arithmetic, so coroutine-aware tracers see every switch
 * and pay nothing for ordinary prologues and epilogues.
 */
class StackSwitchHookTest {
    private static final long STACK_A = DATA + 0x1000;
    private static final long STACK_B = DATA + 0x8000;

    private static List<String> switches(Consumer<Asm> body) {
        CpuHarness harness = new CpuHarness();
        List<String> seen = new ArrayList<>();
        harness.machine().hooks().addStackSwitchHandler((hart, oldSp, newSp) ->
                seen.add(Long.toHexString(oldSp) + "->" + Long.toHexString(newSp) + "@" + Long.toHexString(hart.pc() - BASE)
                        + " sp=" + Long.toHexString(hart.x(SP))));
        harness.store64(DATA, STACK_B);
        harness.load(a -> {
            a.li(SP, STACK_A).li(S1, DATA);
            body.accept(a);
            a.halt();
        }).runToHalt();
        return seen;
    }

    private static String edge(long from, long to, long nextPcOffset) {
        return Long.toHexString(from) + "->" + Long.toHexString(to) + "@" + Long.toHexString(nextPcOffset)
                + " sp=" + Long.toHexString(to);
    }

    @Test
    void aLoadIntoSpIsASwitchReportedAfterItWithThePcAtTheNextInstruction() {
        List<String> seen = switches(a -> a.ld(SP, 0, S1));
        long next = new Asm(BASE).li(SP, STACK_A).li(S1, DATA).ld(SP, 0, S1).pc() - BASE;
        assertEquals(List.of(edge(STACK_A, STACK_B, next)), seen);
    }

    @Test
    void compressedLoadIntoSpIsASwitch() {
        List<String> seen = switches(a -> a.addi(SP, S1, 0).cLdsp(SP, 0));
        assertEquals(2, seen.size(), seen.toString());
        assertEquals(Long.toHexString(DATA) + "->" + Long.toHexString(STACK_B), seen.get(1).split("@")[0]);
    }

    @Test
    void movesFromAnotherRegisterAreSwitches() {
        List<String> seen = switches(a -> a.li(A0, STACK_B).mv(SP, A0).li(A0, STACK_A).cMv(SP, A0));
        assertEquals(2, seen.size(), seen.toString());
        assertEquals(Long.toHexString(STACK_A) + "->" + Long.toHexString(STACK_B), seen.get(0).split("@")[0]);
        assertEquals(Long.toHexString(STACK_B) + "->" + Long.toHexString(STACK_A), seen.get(1).split("@")[0]);
    }

    @Test
    void stackArithmeticAndFramePointerEpiloguesAreNot() {
        List<String> seen = switches(a -> a
                .addi(SP, SP, -64)          // prologue
                .addi(S0, SP, 64)           // frame pointer
                .cAddi16sp(-32)
                .li(A5, 48).sub(SP, SP, A5) // alloca
                .addi(SP, S0, -64)          // frame-pointer epilogue
                .mv(SP, S0)
                .addi(SP, SP, 16));
        assertEquals(List.of(), seen);
    }
}
