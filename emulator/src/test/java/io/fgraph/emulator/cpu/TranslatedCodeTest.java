package io.fgraph.emulator.cpu;

import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.TranslationConfig;
import io.fgraph.emulator.hook.HookAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.A2;
import static io.fgraph.emulator.cpu.Asm.RA;
import static io.fgraph.emulator.cpu.Asm.S1;
import static io.fgraph.emulator.cpu.Asm.SP;
import static io.fgraph.emulator.cpu.Asm.T0;
import static io.fgraph.emulator.cpu.Asm.T1;
import static io.fgraph.emulator.cpu.Asm.T2;
import static io.fgraph.emulator.cpu.Asm.ZERO;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static io.fgraph.emulator.cpu.CpuHarness.DATA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The translated tier where it meets the rest of the machine: code that rewrites itself, text
 * patched by a hook while a translated loop runs, and hooks (trap-to-Java, stack switches, a
 * hook that retires nothing) seeing the same pcs and counts as on the interpreter.
 */
class TranslatedCodeTest {
    private static final int HOOK = 7;
    private static final int ADD_ONE = Asm.encode(a -> a.addi(A0, A0, 1));
    private static final int ADD_HUNDRED = Asm.encode(a -> a.addi(A0, A0, 100));

    private static MachineConfig config(boolean translate) {
        return CpuHarness.config().withTranslation(translate ? new TranslationConfig(true, 0) : TranslationConfig.off());
    }

    /**
     * A loop stores, each round, a new instruction over the one right after the store, in the same
     * block: the new one runs at once (the unit leaves after the store), on both tiers alike.
     */
    @Test
    void aStoreOverTheNextInstructionOfTheSameBlockRunsTheNewOne() {
        for (boolean translate : new boolean[] {false, true}) {
            CpuHarness harness = new CpuHarness(config(translate));
            harness.load(a -> {
                Asm.Label loop = a.label();
                a.li(A1, 10).li(A0, 0).li(T1, ADD_ONE).li(T2, ADD_ONE ^ ADD_HUNDRED)
                        .bind(loop)
                        .auipc(T0, 0)
                        .sw(T1, 12, T0)       // over the addi below
                        .xor(T1, T1, T2)      // the other encoding next round
                        .addi(A0, A0, 1)      // replaced by the store two instructions up
                        .addi(A1, A1, -1)
                        .bne(A1, ZERO, loop)
                        .halt();
            });
            harness.runToHalt();
            long a0 = harness.x(A0);
            assertEquals(5 * 1 + 5 * 100, a0, "translate=" + translate);
            TranslationStats stats = harness.machine().translationStats();
            if (translate) {
                assertTrue(stats.dropped() > 0, "units dropped with their page: " + stats);
                assertTrue(stats.translatedInstructions() > 0, stats.toString());
            }
        }
    }

    /**
     * A trap-to-Java hook in a loop patches another instruction of the loop with
     * {@code patchText}: the unit ends at the hook, and the next round runs the patched code.
     */
    @Test
    void patchTextFromAHookIsSeenByTheNextRoundOfATranslatedLoop() {
        long[] ends = new long[2];
        for (boolean translate : new boolean[] {false, true}) {
            CpuHarness harness = new CpuHarness(config(translate));
            long[] patched = new long[1];
            harness.load(a -> {
                Asm.Label loop = a.label();
                a.li(A1, 20).li(A0, 0)
                        .bind(loop);
                patched[0] = a.pc();
                a.addi(A0, A0, 1)
                        .word(io.fgraph.emulator.hook.JavaTrap.encode(HOOK))
                        .addi(A1, A1, -1)
                        .bne(A1, ZERO, loop)
                        .halt();
            });
            int[] rounds = new int[1];
            harness.machine().hooks().registerTrap(HOOK, (hart, id) -> {
                rounds[0]++;
                int instruction = rounds[0] % 2 == 0 ? ADD_ONE : ADD_HUNDRED;
                harness.machine().patchText(patched[0], littleEndian(instruction));
                return HookAction.SKIP;
            });
            harness.runToHalt();
            ends[translate ? 1 : 0] = harness.x(A0);
            assertEquals(20, rounds[0]);
        }
        // round 1 runs the original +1; rounds 2..20 run what the hook of the round before patched in
        long expected = 1;
        for (int round = 1; round < 20; round++) {
            expected += round % 2 == 0 ? 1 : 100;
        }
        assertEquals(expected, ends[0], "interpreted");
        assertEquals(expected, ends[1], "translated");
    }

    /**
     * Trap-to-Java hooks run inside translated units: a hook that changes registers the unit holds
     * in locals (a0, and ra as fgraph's return hijack does), one that sends the hart elsewhere
     * (RESUME at another pc) and one that retires nothing give the same registers and counts as
     * the interpreter, and the loop around them runs translated (the unit does not leave at each).
     */
    @Test
    void hooksRunInsideUnitsWithTheInterpretersResults() {
        long[][] ends = new long[2][];
        for (boolean translate : new boolean[] {false, true}) {
            CpuHarness harness = new CpuHarness(config(translate));
            long[] skipTo = new long[1];
            harness.load(a -> {
                Asm.Label loop = a.label();
                Asm.Label skipped = a.label();
                a.li(A1, 200).li(A0, 0).li(T1, 0)
                        .bind(loop)
                        .addi(A0, A0, 1)
                        .word(io.fgraph.emulator.hook.JavaTrap.encode(HOOK)) // a0 += 1000, ra = a1
                        .add(T1, T1, RA)
                        .word(io.fgraph.emulator.hook.JavaTrap.encode(HOOK + 1)) // every 3rd round: skip the addi
                        .addi(A0, A0, 7);
                skipTo[0] = a.pc();
                a.bind(skipped)
                        .addi(A1, A1, -1)
                        .bne(A1, ZERO, loop)
                        .halt();
            });
            harness.machine().hooks().registerTrap(HOOK, (hart, id) -> {
                hart.setX(A0, hart.x(A0) + 1000);
                hart.setX(RA, hart.x(A1));
                if (hart.x(A1) % 5 == 0) {
                    hart.discountInstruction();
                }
                return HookAction.SKIP;
            });
            harness.machine().hooks().registerTrap(HOOK + 1, (hart, id) -> {
                if (hart.x(A1) % 3 == 0) {
                    hart.setPc(skipTo[0]);
                    return HookAction.RESUME;
                }
                return HookAction.SKIP;
            });
            RunResult result = harness.runToHalt();
            assertEquals(StopReason.EXIT, result.reason());
            ends[translate ? 1 : 0] = new long[] {harness.x(A0), harness.x(T1), harness.hart().instret(),
                    harness.hart().cycle(), result.instructions()};
            if (translate) {
                TranslationStats stats = harness.machine().translationStats();
                assertTrue(stats.translatedInstructions() > 0.9 * result.instructions(), stats + " of " + result.instructions());
            }
        }
        assertEquals(java.util.Arrays.toString(ends[0]), java.util.Arrays.toString(ends[1]));
        assertEquals(200 * 1001 + 7 * (200 - 66), ends[0][0]);
        assertEquals(200 * 201 / 2, ends[0][1]);
    }

    /**
     * A call returns through a trap in another page (as a traced call returns through fgraph's
     * trampoline) and the hook sends the hart back into the unit: the unit runs the trap itself
     * and goes on at the return site, with the interpreter's registers and counts.
     */
    @Test
    void aReturnThroughATrapInAnotherPageStaysInTheUnit() {
        long[][] ends = new long[2][];
        for (boolean translate : new boolean[] {false, true}) {
            CpuHarness harness = new CpuHarness(config(translate));
            long trampoline = BASE + 0x3000 - 2; // straddles two pages: never translated, the interpreter decodes it
            harness.load(a -> {
                Asm.Label loop = a.label();
                Asm.Label stub = a.label();
                a.li(A1, 100).li(A0, 0).li(T0, trampoline)
                        .bind(loop)
                        .jal(RA, stub)
                        .addi(A1, A1, -1)
                        .bne(A1, ZERO, loop)
                        .halt()
                        .bind(stub)
                        .jalr(ZERO, T0, 0)   // out of the page, into the trap
                        .org(trampoline)
                        .word(io.fgraph.emulator.hook.JavaTrap.encode(HOOK));
            });
            harness.machine().hooks().registerTrap(HOOK, (hart, id) -> {
                hart.setX(A0, hart.x(A0) + hart.x(A1));
                if (hart.x(A1) % 7 == 0) {
                    hart.discountInstruction();
                }
                hart.setPc(hart.x(RA)); // back to the return site
                return HookAction.RESUME;
            });
            RunResult result = harness.runToHalt();
            assertEquals(StopReason.EXIT, result.reason());
            ends[translate ? 1 : 0] = new long[] {harness.x(A0), harness.hart().instret(), harness.hart().cycle(),
                    result.instructions()};
            if (translate) {
                TranslationStats stats = harness.machine().translationStats();
                assertTrue(stats.translatedInstructions() > 0.9 * result.instructions(), stats + " of " + result.instructions());
            }
        }
        assertEquals(java.util.Arrays.toString(ends[0]), java.util.Arrays.toString(ends[1]));
        assertEquals(100 * 101 / 2, ends[0][0]);
    }

    /** Hooks fire at the same pcs and counts on both tiers, including a hook that retires nothing. */
    @Test
    void hooksSeeTheSamePcsAndCountsOnBothTiers() {
        List<String> interpreted = hookEvents(false);
        List<String> translated = hookEvents(true);
        assertEquals(interpreted, translated);
        assertEquals(31, interpreted.size(), interpreted.toString());
    }

    private static List<String> hookEvents(boolean translate) {
        CpuHarness harness = new CpuHarness(config(translate).withQuantum(13));
        List<String> events = new ArrayList<>();
        harness.load(a -> {
            Asm.Label loop = a.label();
            a.li(A1, 15).li(A0, 0).li(S1, DATA).li(A2, DATA + 0x800)
                    .bind(loop)
                    .addi(A0, A0, 3)
                    .sd(A0, 0, S1)
                    .word(io.fgraph.emulator.hook.JavaTrap.encode(HOOK))
                    .ld(T0, 0, S1)
                    .add(A0, A0, T0)
                    .addi(SP, A2, 16)          // a stack switch: the interpreter runs it and calls the handler
                    .csrr(T1, Csr.INSTRET)
                    .sd(T1, 8, S1)
                    .addi(A1, A1, -1)
                    .bne(A1, ZERO, loop)
                    .halt();
        });
        harness.machine().hooks().registerTrap(HOOK, (hart, id) -> {
            events.add("trap pc=" + Long.toHexString(hart.pc()) + " instret=" + hart.instret() + " a0=" + hart.x(A0));
            if (events.size() % 4 == 0) {
                hart.discountInstruction(); // every other trap retires nothing
            }
            return HookAction.SKIP;
        });
        harness.machine().hooks().addStackSwitchHandler((hart, oldSp, newSp) ->
                events.add("switch pc=" + Long.toHexString(hart.pc()) + " instret=" + hart.instret()
                        + " " + Long.toHexString(oldSp) + "->" + Long.toHexString(newSp)));
        RunResult result = harness.runToHalt();
        events.add("end instret=" + harness.hart().instret() + " cycle=" + harness.hart().cycle()
                + " a0=" + harness.x(A0) + " t1=" + harness.x(T1) + " instructions=" + result.instructions());
        assertEquals(StopReason.EXIT, result.reason());
        return events;
    }

    /**
     * One hart rewrites a subroutine that another hart runs translated, then raises a flag; the
     * other hart, once it sees the flag, executes {@code fence.i} and calls the subroutine again: it
     * runs the new instruction, in both scheduling modes (in deterministic mode, with the same
     * counts as the interpreter).
     */
    @ParameterizedTest(name = "parallel={0}")
    @ValueSource(booleans = {false, true})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aGuestStoreIntoAnotherHartsTranslatedCodeIsSeenAfterItsFenceI(boolean parallel) {
        long[][] ends = new long[2][];
        for (boolean translate : new boolean[] {false, true}) {
            CpuHarness harness = new CpuHarness(config(translate).withHarts(2).withParallel(parallel).withQuantum(50));
            int newBody = Asm.encode(a -> a.addi(A1, ZERO, 2));
            long[] body = new long[1];
            harness.load(a -> {
                Asm.Label start = a.label();
                Asm.Label runner = a.label();
                Asm.Label loop = a.label();
                Asm.Label wait = a.label();
                Asm.Label subroutine = a.label();
                a.j(start);
                body[0] = a.pc();
                a.bind(subroutine).addi(A1, ZERO, 1).jalr(ZERO, Asm.RA, 0)
                        .bind(start)
                        .li(S1, DATA)
                        .bne(A0, ZERO, runner)
                        // hart 0, the writer: once the runner has called the old body, rewrite it
                        .bind(wait)
                        .ld(T0, 8, S1).beq(T0, ZERO, wait)
                        .li(T1, newBody).li(T2, BASE + 4).sw(T1, 0, T2)
                        .fence()
                        .li(T0, 1).sd(T0, 0, S1)
                        .park()
                        // hart 1, the runner: call the body until the flag is up, then fence.i and once more
                        .bind(runner)
                        .bind(loop)
                        .jal(Asm.RA, subroutine)
                        .sd(A1, 8, S1)
                        .ld(T0, 0, S1).beq(T0, ZERO, loop)
                        .fenceI()
                        .jal(Asm.RA, subroutine)
                        .sd(A1, 16, S1)
                        .park();
            });
            assertEquals(BASE + 4, body[0]);
            for (int i = 0; i < 2; i++) {
                Hart hart = harness.hart(i);
                hart.reset(BASE);
                hart.setX(A0, i);
                hart.setState(HartState.RUNNING);
            }
            RunResult result = harness.machine().run();
            assertEquals(StopReason.ALL_HARTS_PARKED, result.reason(), result.message());
            assertEquals(2, harness.load64(DATA + 16), "translate=" + translate + ": the body after fence.i");
            ends[translate ? 1 : 0] = new long[] {harness.hart(0).instret(), harness.hart(1).instret(),
                harness.load64(DATA + 8)};
        }
        if (!parallel) {
            assertArrayEquals(ends[0], ends[1], "the same counts on both tiers");
        }
    }

    /** A single step runs exactly one instruction, also where a translated unit starts. */
    @Test
    void singleSteppingThroughTranslatedCodeRunsOneInstructionAtATime() {
        CpuHarness harness = new CpuHarness(config(true));
        harness.load(a -> a.li(A0, 0).addi(A0, A0, 1).addi(A0, A0, 2).addi(A0, A0, 3).halt());
        harness.hart().setPc(BASE);
        long start = harness.hart().instret();
        for (int i = 1; i <= 3; i++) {
            harness.machine().step(harness.hart());
            assertEquals(start + i, harness.hart().instret());
        }
        assertEquals(BASE + 12, harness.hart().pc()); // li (4 bytes: a small value), then two addi
    }

    private static byte[] littleEndian(int word) {
        return new byte[] {(byte) word, (byte) (word >>> 8), (byte) (word >>> 16), (byte) (word >>> 24)};
    }
}
