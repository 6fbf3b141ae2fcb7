package io.fgraph.emulator.cpu;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.memory.Memory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.S1;
import static io.fgraph.emulator.cpu.Asm.S2;
import static io.fgraph.emulator.cpu.Asm.T0;
import static io.fgraph.emulator.cpu.Asm.T2;
import static io.fgraph.emulator.cpu.Asm.ZERO;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static io.fgraph.emulator.cpu.CpuHarness.DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link Machine#patchText} from another host thread while harts run: once it returns, no hart
 * executes the old instruction again (the patch is acknowledged by every hart, as Linux's
 * {@code text_poke} synchronises every CPU). Each hart loops over {@code sd s2, V*8(s1)}, where the
 * test patches the version V in; after the patch of version V returns, slot V-1 of every hart must
 * never be written again. A long run of other instructions in the same page follows the store, so
 * a hart that keeps the old decoded page until its next own store would execute the old store once
 * more after the patch returned.
 */
class CrossThreadPatchTest {
    private static final int HARTS = 3;
    private static final int VERSIONS = 150;
    private static final int FILLER = 600;
    private static final long STOP_FLAG = DATA - 8;

    @ParameterizedTest(name = "parallel={0}")
    @ValueSource(booleans = {true, false})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void noHartRunsAPatchedInstructionAfterThePatchReturns(boolean parallel) throws Exception {
        MachineConfig config = CpuHarness.config().withHarts(HARTS).withParallel(parallel).withQuantum(1000);
        CpuHarness harness = new CpuHarness(config);
        Machine machine = harness.machine();
        Memory memory = machine.memory();
        long[] patchedAt = new long[1];
        harness.load(a -> {
            Asm.Label loop = a.label();
            a.slli(S1, A0, 12).li(T0, DATA).add(S1, S1, T0).li(S2, 1)
                    .bind(loop);
            patchedAt[0] = a.pc();
            a.sd(S2, 0, S1).addi(S2, S2, 1);
            for (int i = 0; i < FILLER; i++) {
                a.addi(T2, T2, 1);
            }
            a.li(T0, STOP_FLAG).ld(T0, 0, T0).beq(T0, ZERO, loop)
                    .park();
        });
        long patched = patchedAt[0];
        assertEquals(patched >>> Memory.PAGE_SHIFT, (patched + 4 * FILLER) >>> Memory.PAGE_SHIFT,
                "the loop stays in one page");
        for (int i = 0; i < HARTS; i++) {
            Hart hart = harness.hart(i);
            hart.reset(BASE);
            hart.setX(A0, i);
            hart.setState(HartState.RUNNING);
        }
        AtomicReference<RunResult> result = new AtomicReference<>();
        Thread runner = new Thread(() -> result.set(machine.run()), "machine");
        runner.start();
        String violation = null;
        try {
            for (int version = 1; version <= VERSIONS && violation == null; version++) {
                machine.patchText(patched, littleEndian(Asm.encode(a -> a.sd(S2, 0, S1)), version));
                long[] frozen = new long[HARTS];
                for (int h = 0; h < HARTS; h++) {
                    frozen[h] = memory.load64(slot(h, version - 1));
                }
                for (int h = 0; h < HARTS; h++) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (memory.load64(slot(h, version)) == 0 && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    if (memory.load64(slot(h, version)) == 0) {
                        violation = "hart " + h + " never ran version " + version;
                        break;
                    }
                    long now = memory.load64(slot(h, version - 1));
                    if (now != frozen[h]) {
                        violation = "hart " + h + " stored through version " + (version - 1)
                                + " after the patch to version " + version + " returned (" + frozen[h] + " -> " + now + ")";
                        break;
                    }
                }
            }
        } finally {
            memory.store64(STOP_FLAG, 1);
            runner.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertNull(violation);
        assertEquals(StopReason.ALL_HARTS_PARKED, result.get().reason(), result.get().message());
    }

    private static long slot(int hart, int version) {
        return DATA + ((long) hart << 12) + 8L * version;
    }

    /** {@code sd s2, 8*version(s1)}: the S-type immediate patched into the encoded store. */
    private static byte[] littleEndian(int storeWithZeroOffset, int version) {
        int imm = 8 * version;
        int word = storeWithZeroOffset | ((imm >>> 5) << 25) | ((imm & 31) << 7);
        return new byte[] {(byte) word, (byte) (word >>> 8), (byte) (word >>> 16), (byte) (word >>> 24)};
    }
}
