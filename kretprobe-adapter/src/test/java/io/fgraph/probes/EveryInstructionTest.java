package io.fgraph.probes;

import io.fgraph.core.EntryContext;
import io.fgraph.core.ReturnContext;
import io.fgraph.core.FgraphOps;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.Symbol;
import io.fgraph.emulator.insn.RefusedInstructionException;
import io.fgraph.emulator.memory.Memory;
import io.fgraph.testsupport.GuestPrograms;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proof that simulation and out-of-line copies are right: every instruction of every function
 * of a shipped guest gets a probe, all at once, and the run must be indistinguishable from the
 * unprobed one: same output, exit code, final registers of every hart and instruction count; and
 * each probe is hit exactly as often as the unprobed run executed its instruction (counted by
 * single-stepping it). A second pass does the same with fgraph installed and hooking every
 * function, so probes at entries ride on fgraph's patch.
 */
class EveryInstructionTest {
    /** How each guest is run: arguments and harts (the rest run with none, on one hart). */
    private static MachineConfig config(String guest) {
        MachineConfig config = MachineConfig.defaults().withMaxInstructions(50_000_000L);
        return guest.equals("multihart") ? config.withHarts(4) : config;
    }

    private static String[] arguments(String guest) {
        return switch (guest) {
            case "fib" -> new String[] {"12"};
            case "multihart" -> new String[] {"30"};
            default -> new String[0];
        };
    }

    /** The guests with sized function symbols (the tohost programs are bare assembly labels). */
    static Stream<String> guests() {
        List<String> names = GuestPrograms.names().stream()
                .filter(name -> ProbedGuest.elf(name).symbols().functions().stream().anyMatch(f -> f.size() > 0))
                .toList();
        assertTrue(names.size() >= 8, "guests with functions: " + names);
        return names.stream();
    }

    /** What a run leaves behind. */
    record Outcome(String stdout, RunResult result, List<List<Long>> registers, long instructions) {
        static Outcome of(ProbedGuest guest, RunResult result) {
            List<List<Long>> registers = new ArrayList<>();
            for (int h = 0; h < guest.machine.hartCount(); h++) {
                Hart hart = guest.machine.hart(h);
                List<Long> values = new ArrayList<>();
                for (int r = 1; r < 32; r++) {
                    values.add(hart.x(r));
                }
                values.add(hart.pc());
                registers.add(values);
            }
            return new Outcome(guest.stdout(), result, registers, guest.machine.instructions());
        }

        void assertSameAs(Outcome expected, String what) {
            assertEquals(expected.stdout, stdout, what + ": output");
            assertEquals(expected.result.reason(), result.reason(), what + ": stop reason " + result.message());
            assertEquals(expected.result.exitCode(), result.exitCode(), what + ": exit code");
            assertEquals(expected.instructions, instructions, what + ": instructions executed");
            for (int h = 0; h < registers.size(); h++) {
                assertEquals(expected.registers.get(h), registers.get(h), what + ": final x1..x31, pc of hart " + h);
            }
        }
    }

    /** Every instruction address of every function, decoded from the function's start. */
    static TreeSet<Long> instructionAddresses(ElfFile elf, Memory memory) {
        TreeSet<Long> addresses = new TreeSet<>(Long::compareUnsigned);
        for (Symbol function : elf.symbols().functions()) {
            if (function.size() <= 0 || !memory.contains(function.address(), function.size())) {
                continue;
            }
            for (long at = function.address(); Long.compareUnsigned(at, function.end()) < 0; ) {
                addresses.add(at);
                at += (memory.fetch16(at) & 3) == 3 ? 4 : 2;
            }
        }
        return addresses;
    }

    /**
     * The unprobed run without fgraph, single-stepped to count how often each instruction runs
     * (fgraph's hooks run the program's instructions as often: only its own text comes on top).
     */
    private static Map<Long, Long> executions(String name, Outcome[] outcome) {
        ProbedGuest guest = ProbedGuest.boot(name, config(name), false, KprobeStepMode.OUT_OF_LINE, arguments(name));
        Map<Long, Long> counts = new HashMap<>();
        guest.machine.hooks().setStepHandler((hart, pc) -> {
            counts.merge(pc, 1L, Long::sum);
            hart.requestSingleStep();
        });
        for (int h = 0; h < guest.machine.hartCount(); h++) {
            guest.machine.hart(h).requestSingleStep();
        }
        outcome[0] = Outcome.of(guest, guest.run());
        return counts;
    }

    private static Outcome plain(String name, boolean withFgraph) {
        ProbedGuest guest = ProbedGuest.boot(name, config(name), withFgraph, KprobeStepMode.OUT_OF_LINE, arguments(name));
        if (withFgraph) {
            guest.fgraph.register(new HookEverything());
        }
        return Outcome.of(guest, guest.run());
    }

    /** An fgraph user that wants every function and every return. */
    static final class HookEverything implements FgraphOps {
        long calls;

        @Override
        public boolean onEntry(EntryContext call) {
            calls++;
            return true;
        }

        @Override
        public void onReturn(ReturnContext call) {
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guests")
    void aProbeOnEveryInstructionChangesNothing(String name) {
        check(name, false);
    }

    @ParameterizedTest(name = "{0} with fgraph")
    @MethodSource("guests")
    void aProbeOnEveryInstructionChangesNothingWithFgraphHookingEveryFunction(String name) {
        check(name, true);
    }

    private static void check(String name, boolean withFgraph) {
        Outcome plain = plain(name, withFgraph);
        Outcome[] stepped = new Outcome[1];
        Map<Long, Long> executions = executions(name, stepped);
        stepped[0].assertSameAs(withFgraph ? plain(name, false) : plain, name + " single-stepped");

        ProbedGuest guest = ProbedGuest.boot(name, config(name), withFgraph, KprobeStepMode.OUT_OF_LINE, arguments(name));
        if (withFgraph) {
            guest.fgraph.register(new HookEverything());
        }
        List<Kprobe> probes = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        TreeSet<Long> addresses = instructionAddresses(guest.elf, guest.machine.memory());
        for (long address : addresses) {
            Kprobe probe = Kprobe.at(address, new KprobeHandler() {
            });
            try {
                guest.kprobes.register(probe);
                probes.add(probe);
            } catch (KprobeException e) {
                assertTrue(e.getCause() instanceof RefusedInstructionException, e.getMessage());
                refused.add(e.getMessage());
            }
        }
        assertTrue(probes.size() > 0.95 * addresses.size(),
                name + ": " + probes.size() + " of " + addresses.size() + " probed; refused: " + refused);
        Outcome probed = Outcome.of(guest, guest.run());
        probed.assertSameAs(plain, name + " with " + probes.size() + " probes");
        // The executions come from a run without fgraph; on several harts fgraph's own instructions
        // change the interleaving, and with it how often an lr/sc loop retries: compare those runs' outcomes only.
        boolean sameSchedule = !withFgraph || guest.machine.hartCount() == 1;
        long hits = 0;
        for (Kprobe probe : probes) {
            long expected = executions.getOrDefault(probe.address(), 0L);
            if (sameSchedule) {
                assertEquals(expected, probe.hits(), name + ": hits of " + probe.location());
            }
            assertEquals(0, probe.nmissed(), name + ": " + probe.location());
            hits += probe.hits();
        }
        assertTrue(hits > 0, name + ": no probe was hit");
        assertEquals(List.of(), guest.kprobes.failures());
    }
}
