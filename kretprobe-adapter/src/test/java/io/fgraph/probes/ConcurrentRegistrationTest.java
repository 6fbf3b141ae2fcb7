package io.fgraph.probes;

import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.Hart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unregistering at any time while harts run: from another thread while four harts run on their own
 * threads (64 rounds, as Linux's add_remove_fprobe_repeat.tc), and from inside a handler.
 */
class ConcurrentRegistrationTest {
    @ParameterizedTest
    @EnumSource(KprobeStepMode.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void registerAndUnregister64TimesWhileFourHartsRunInParallel(KprobeStepMode mode) throws Exception {
        ProbedGuest guest = ProbedGuest.boot("multihart", MachineConfig.defaults().withHarts(4).withParallel(true)
                .withMaxInstructions(2_000_000_000L), false, mode, "200000");
        long amoadd = StepModeTest.amoadd(guest);
        long lrsc = amoadd + 4; // ld a5,0(a4): the compare-exchange loop's first load
        byte[] before = guest.text(amoadd, 8);
        AtomicLong hits = new AtomicLong();
        KprobeHandler counting = new KprobeHandler() {
            @Override
            public boolean preHandler(Kprobe probe, Hart regs) {
                hits.incrementAndGet();
                return false;
            }
        };
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread registrar = new Thread(() -> {
            try {
                for (int round = 0; round < 64 && !guest.machine.stopped(); round++) {
                    Kprobe a = Kprobe.at(amoadd, counting);
                    Kprobe b = Kprobe.at(lrsc, counting);
                    guest.kprobes.register(a);
                    guest.kprobes.register(b);
                    Thread.sleep(1);
                    guest.kprobes.unregister(a);
                    guest.kprobes.unregister(b);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "registrar");
        Thread runner = new Thread(() -> {
            RunResult result = guest.run();
            if (result.reason() != StopReason.EXIT || result.exitCode() != 0) {
                failure.compareAndSet(null, new AssertionError(result + " " + guest.stdout()));
            }
        }, "runner");
        runner.start();
        registrar.start();
        registrar.join();
        runner.join();
        assertNull(failure.get());
        assertTrue(guest.stdout().contains("expected = 3200000: OK"), guest.stdout());
        assertArrayEquals(before, guest.text(amoadd, 8), "the text is the program's again");
        assertNull(guest.machine.memory().textPatches().original(amoadd), "no patch is recorded there any more");
        assertTrue(hits.get() > 0, "the probes were hit while registered");
    }

    @ParameterizedTest
    @EnumSource(KprobeStepMode.class)
    void aHandlerMayUnregisterItsOwnProbe(KprobeStepMode mode) {
        ProbedGuest guest = ProbedGuest.boot("multihart", MachineConfig.defaults().withHarts(4), false, mode, "1000");
        long amoadd = StepModeTest.amoadd(guest);
        byte[] before = guest.text(amoadd, 4);
        Kprobe[] self = new Kprobe[1];
        self[0] = Kprobe.at(amoadd, new KprobeHandler() {
            @Override
            public boolean preHandler(Kprobe probe, Hart regs) {
                if (probe.hits() == 10) {
                    guest.kprobes.unregister(probe);
                }
                return false;
            }
        });
        guest.kprobes.register(self[0]);
        assertEquals(0, guest.run().exitCode(), guest.stdout());
        assertTrue(guest.stdout().contains("expected = 16000: OK"), guest.stdout());
        assertEquals(10, self[0].hits(), "not one more hit after it left");
        assertArrayEquals(before, guest.text(amoadd, 4), "an in-place step in flight does not put the breakpoint back");
    }
}
