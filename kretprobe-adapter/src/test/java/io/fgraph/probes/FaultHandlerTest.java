package io.fgraph.probes;

import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.cpu.TrapCause;
import io.fgraph.core.FunctionFilter;
import io.fgraph.core.EntryContext;
import io.fgraph.core.ReturnContext;
import io.fgraph.core.FgraphOps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fault in the probed instruction goes to the fault handlers first; if none handles it, it is
 * taken as it would be without the probe, at the probed address.
 */
class FaultHandlerTest {
    /** value+0xa: ld a4,8(a0) with a0 = &pen; the pre-handler points a0 outside RAM on the first hit. */
    private static final String LOAD = "value+0xa";
    private static final long OUTSIDE_RAM = 0x10;

    private static final class BreakTheLoad implements KprobeHandler {
        final boolean handle;
        final List<String> events = new ArrayList<>();
        long saved;

        BreakTheLoad(boolean handle) {
            this.handle = handle;
        }

        @Override
        public boolean preHandler(Kprobe probe, Hart regs) {
            events.add("pre");
            if (events.size() == 1) {
                saved = regs.x(Hart.A0);
                regs.setX(Hart.A0, OUTSIDE_RAM);
            }
            return false;
        }

        @Override
        public void postHandler(Kprobe probe, Hart regs) {
            events.add("post a4=" + regs.x(14));
        }

        @Override
        public boolean faultHandler(Kprobe probe, Hart regs, int cause) {
            events.add("fault cause=" + cause + " at " + (regs.pc() == probe.address() ? "the probe" : "0x" + Long.toHexString(regs.pc())));
            if (handle) {
                regs.setX(Hart.A0, saved); // repair, and run the instruction again (through the probe)
            }
            return handle;
        }
    }

    @ParameterizedTest
    @EnumSource(KprobeStepMode.class)
    void aHandledFaultGoesOnWhereTheHandlerSays(KprobeStepMode mode) {
        ProbedGuest guest = ProbedGuest.boot("probes", MachineConfig.defaults(), false, mode);
        BreakTheLoad handler = new BreakTheLoad(true);
        Kprobe probe = Kprobe.at(LOAD, handler);
        guest.kprobes.register(probe);
        RunResult result = guest.run();
        assertEquals(0, result.exitCode(), guest.stdout() + result.message());
        assertEquals(List.of("pre", "fault cause=" + TrapCause.LOAD_ACCESS_FAULT + " at the probe", "pre", "post a4=250"),
                handler.events, "no post-handler for the faulting step; the repaired load is a second hit");
        assertEquals(2, probe.hits());
    }

    @ParameterizedTest
    @EnumSource(KprobeStepMode.class)
    void anUnhandledFaultIsTakenAtTheProbedAddress(KprobeStepMode mode) {
        ProbedGuest guest = ProbedGuest.boot("probes", MachineConfig.defaults(), false, mode);
        BreakTheLoad handler = new BreakTheLoad(false);
        Kprobe probe = Kprobe.at(LOAD, handler);
        guest.kprobes.register(probe);
        RunResult result = guest.run();
        assertEquals(StopReason.ACCESS_FAULT, result.reason(), result.message());
        assertEquals(probe.address(), result.pc(), "reported where the program faulted, not in a slot");
        assertTrue(result.message().contains("value+0xa"), result.message());
        assertEquals(List.of("pre", "fault cause=" + TrapCause.LOAD_ACCESS_FAULT + " at the probe"), handler.events);
    }

    /**
     * A probe at an entry fgraph owns: fgraph runs the displaced first instruction out of line, and
     * its fault still reaches the probe. {@code mulShift64} (picolibc, no patchable NOPs) starts with
     * {@code ld a5,8(a1)}; a redirect at {@code fails} calls it with a1 outside RAM.
     */
    @Test
    void aFaultInTheFirstInstructionOfAnFgraphEntryReachesTheRidingProbe() {
        ProbedGuest guest = ProbedGuest.withFgraph("chain");
        List<String> calls = new ArrayList<>();
        guest.fgraph.register(new FgraphOps() {
            @Override
            public FunctionFilter filter() {
                return FunctionFilter.only("mulShift64", "fails");
            }

            @Override
            public boolean onEntry(EntryContext call) {
                calls.add(guest.fgraph.functions().nameOf(call.function()));
                return false;
            }

            @Override
            public void onReturn(ReturnContext call) {
            }
        });
        long mulShift64 = guest.address("mulShift64");
        guest.kprobes.register(Kprobe.at("fails", new KprobeHandler() {
            @Override
            public boolean preHandler(Kprobe probe, Hart regs) {
                regs.setX(Hart.A0 + 1, OUTSIDE_RAM);
                regs.setPc(mulShift64);
                return true;
            }
        }));
        List<String> events = new ArrayList<>();
        Kprobe entry = Kprobe.at("mulShift64", new KprobeHandler() {
            @Override
            public boolean faultHandler(Kprobe probe, Hart regs, int cause) {
                events.add("fault cause=" + cause + (regs.pc() == probe.address() ? " at the entry" : ""));
                regs.setX(Hart.A0, 7);
                regs.setPc(regs.x(Hart.RA)); // return 7 to main
                return true;
            }
        });
        guest.kprobes.register(entry);
        RunResult result = guest.run();
        assertEquals(List.of("fault cause=" + TrapCause.LOAD_ACCESS_FAULT + " at the entry"), events);
        assertTrue(guest.stdout().contains("fails() = 7\n"), guest.stdout() + result.message());
        assertEquals(1, result.exitCode());
        assertEquals(List.of("mulShift64"), calls, "fails was never entered, mulShift64 was (redirected to)");
    }
}
