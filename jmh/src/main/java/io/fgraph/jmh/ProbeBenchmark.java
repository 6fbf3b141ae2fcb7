package io.fgraph.jmh;

import io.fgraph.core.Fgraph;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.platform.BareMetalPlatform;
import io.fgraph.probes.Kprobe;
import io.fgraph.probes.KprobeHandler;
import io.fgraph.probes.KprobeStepMode;
import io.fgraph.probes.Kprobes;
import io.fgraph.probes.jprobe.Jprobe;
import io.fgraph.testsupport.GuestPrograms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandles;
import java.util.concurrent.TimeUnit;

/**
 * The cost of a probe hit (seed 003 §6: k and j), on one run of {@code fib 20}: the probe is hit
 * once per call of {@code fib} (21,891 calls; 10,945 for {@code trap-copy}), and the cost of a hit is
 * (time probed - time of {@code none}) / hits.
 * <ul>
 *   <li>{@code none}: no probe (the baseline);</li>
 *   <li>{@code trap-simulated}: k on the trap-to-Java encoding over a 4-byte branch
 *       ({@code bge} at fib+0x12), simulated: one trap per hit;</li>
 *   <li>{@code trap-copy}: k on the trap encoding over a 4-byte {@code addi} (fib+0x1e, run when
 *       n &gt;= 2) run out of line: the trap, the copy, the resume trap;</li>
 *   <li>{@code ebreak}: k on {@code c.ebreak} over a 2-byte {@code addi sp} (fib+0x4), run out of
 *       line: the breakpoint handler chain, the copy, the resume trap;</li>
 *   <li>{@code fgraph-entry}: k at fib's entry, riding on fgraph's entry hook (fgraph installed,
 *       no user): fgraph's trap over the NOPs;</li>
 *   <li>{@code jprobe3}: j, a handler {@code (long, long, long)} bound with method handles, at fib's
 *       entry (a {@code c.ebreak} over the first NOP).</li>
 * </ul>
 * Every handler is empty, or (j) sums its three arguments into a field.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ProbeBenchmark {
    @Param({"none", "trap-simulated", "trap-copy", "ebreak", "fgraph-entry", "jprobe3"})
    public String probe;

    private ElfFile fib;
    private MachineConfig config;
    private Machine machine;
    private Kprobes kprobes;
    private Kprobe kprobe;
    private Kprobe jprobe;
    private long expectedHits;
    /** The probe's hits before this run (the trial's jprobe counts on across runs). */
    private long hitsBefore;

    /** A jprobe handler with three arguments. */
    public static final class Three {
        long sum;

        public void fib(long n, long a1, long a2) {
            sum += n + a1 + a2;
        }
    }

    @Setup(Level.Trial)
    public void load() throws Exception {
        fib = ElfFile.parse(GuestPrograms.bytes("fib"));
        config = FgraphBenchmark.fib20();
        // One jprobe for the whole trial, registered on each run's machine: its method handle is
        // bound once, as in a real run, and its JIT warm-up is not measured again every run.
        jprobe = Jprobe.on("fib", MethodHandles.lookup(), new Three(), "fib", fib.symbols()).kprobe();
    }

    @Setup(Level.Invocation)
    public void boot() throws Exception {
        machine = BareMetalPlatform.boot(fib, config);
        kprobe = null;
        expectedHits = FgraphBenchmark.CALLS;
        KprobeHandler empty = new KprobeHandler() {
            @Override
            public boolean preHandler(Kprobe probe, io.fgraph.emulator.cpu.Hart regs) {
                return false;
            }
        };
        switch (probe) {
            case "none" -> {
                return;
            }
            case "trap-simulated" -> kprobe = Kprobe.at("fib+0x12", empty);
            case "trap-copy" -> {
                kprobe = Kprobe.at("fib+0x1e", empty);
                expectedHits = (FgraphBenchmark.CALLS - 1) / 2;
            }
            case "ebreak" -> kprobe = Kprobe.at("fib+0x4", empty);
            case "fgraph-entry" -> kprobe = Kprobe.at("fib", empty);
            case "jprobe3" -> kprobe = jprobe;
            default -> throw new IllegalArgumentException("probe=" + probe);
        }
        Fgraph fgraph = probe.equals("fgraph-entry") ? Fgraph.install(machine, fib) : null;
        kprobes = Kprobes.install(machine, fib, fgraph, KprobeStepMode.OUT_OF_LINE);
        kprobes.register(kprobe);
        hitsBefore = kprobe.hits();
    }

    @TearDown(Level.Invocation)
    public void unregister() {
        if (kprobe != null) {
            kprobes.unregister(kprobe);
        }
    }

    @Benchmark
    public RunResult fib() {
        RunResult result = machine.run();
        if (result.reason() != StopReason.EXIT || result.exitCode() != 0) {
            throw new IllegalStateException("fib 20 failed: " + result);
        }
        if (kprobe != null && kprobe.hits() - hitsBefore != expectedHits) {
            throw new IllegalStateException(probe + ": " + (kprobe.hits() - hitsBefore) + " hits, expected " + expectedHits);
        }
        return result;
    }
}
