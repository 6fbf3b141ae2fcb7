package io.fgraph.jmh;

import io.fgraph.core.EntryContext;
import io.fgraph.core.Fgraph;
import io.fgraph.core.FgraphOps;
import io.fgraph.core.FunctionFilter;
import io.fgraph.core.ReturnContext;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.platform.BareMetalPlatform;
import io.fgraph.probes.Kprobe;
import io.fgraph.probes.KprobeHandler;
import io.fgraph.probes.KprobeStepMode;
import io.fgraph.probes.Kprobes;
import io.fgraph.probes.ProbeTarget;
import io.fgraph.probes.jprobe.Jprobe;
import io.fgraph.probes.kretprobe.ClassicKretprobes;
import io.fgraph.probes.kretprobe.FgraphKretprobes;
import io.fgraph.probes.kretprobe.Kretprobe;
import io.fgraph.probes.kretprobe.KretprobeHandler;
import io.fgraph.probes.kretprobe.KretprobeInstance;
import io.fgraph.probes.kretprobe.Kretprobes;
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
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Return probes, classic against fgraph (seed 003 §6's r, kr and jr, and seed 004's case for sharing
 * one hijack), on one run of {@code fib 20}: every probe is hit once per call (21,891 calls), and
 * the cost of a call is (time probed - time of {@code none}) / calls.
 * <ul>
 *   <li>{@code none}: no probe;</li>
 *   <li>{@code r}: one return probe whose entry handler keeps a0 in its 8 bytes of data and whose
 *       handler reads it back with the return value;</li>
 *   <li>{@code kr}: {@code r} and an empty kprobe on the same function's entry;</li>
 *   <li>{@code jr}: {@code r} and a jprobe {@code (long)} on the same function;</li>
 *   <li>{@code r4}: four such return probes on the same function.</li>
 * </ul>
 * {@code design}: classic (an entry kprobe and a pool of instances per probe, a hijack per probe;
 * maxactive 64, so nothing is missed at fib's depth of 20), fgraph (one fgraph user, one hijack,
 * instances in the shadow stack) or plain (the same work as fgraph users of their own, one per
 * return probe, without the adapter: fgraph minus plain is the price of the adapter).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class KretprobeBenchmark {
    @Param({"none", "r", "kr", "jr", "r4"})
    public String probes;

    @Param({"classic", "fgraph", "plain"})
    public String design;

    private ElfFile fib;
    private MachineConfig config;
    private Machine machine;
    private final List<Kretprobe> returns = new ArrayList<>();
    private final List<Plain> plains = new ArrayList<>();

    /** A plain fgraph user doing a return probe's work: a0 kept at the entry, read back at the return. */
    static final class Plain implements FgraphOps {
        long sum;
        int returns;

        @Override
        public FunctionFilter filter() {
            return FunctionFilter.only("fib");
        }

        @Override
        public boolean onEntry(EntryContext call) {
            call.reserveData(8).putLong(0, call.hart().x(Hart.A0));
            return true;
        }

        @Override
        public void onReturn(ReturnContext call) {
            returns++;
            sum += call.retrieveData().getLong(0) + call.returnValue();
        }
    }

    /** A jprobe handler with one argument. */
    public static final class One {
        long sum;

        public void fib(long n) {
            sum += n;
        }
    }

    /** Keeps the argument at the entry, reads it back at the return. */
    static final class Keep implements KretprobeHandler {
        long sum;

        @Override
        public boolean entryHandler(KretprobeInstance instance, Hart regs) {
            instance.data().putLong(0, regs.x(Hart.A0));
            return false;
        }

        @Override
        public void handler(KretprobeInstance instance, Hart regs) {
            sum += instance.data().getLong(0) + regs.x(Hart.A0);
        }
    }

    @Setup(Level.Trial)
    public void load() throws Exception {
        fib = ElfFile.parse(GuestPrograms.bytes("fib"));
        config = FgraphBenchmark.fib20();
    }

    @Setup(Level.Invocation)
    public void boot() throws Exception {
        machine = BareMetalPlatform.boot(fib, config);
        returns.clear();
        plains.clear();
        if (probes.equals("none")) {
            return;
        }
        Fgraph fgraph = design.equals("classic") ? null : Fgraph.install(machine, fib);
        Kprobes kprobes = Kprobes.install(machine, fib, fgraph, KprobeStepMode.OUT_OF_LINE);
        int count = probes.equals("r4") ? 4 : 1;
        if (design.equals("plain")) {
            for (int i = 0; i < count; i++) {
                Plain user = new Plain();
                fgraph.register(user);
                plains.add(user);
            }
        } else {
            Kretprobes kretprobes = fgraph != null ? new FgraphKretprobes(fgraph, fib.symbols()) : ClassicKretprobes.install(kprobes, fib);
            for (int i = 0; i < count; i++) {
                Kretprobe probe = new Kretprobe(ProbeTarget.parse("fib"), new Keep(), 8, 64);
                kretprobes.register(probe);
                returns.add(probe);
            }
        }
        if (probes.equals("kr")) {
            kprobes.register(Kprobe.at("fib", new KprobeHandler() {
            }));
        } else if (probes.equals("jr")) {
            kprobes.register(Jprobe.on("fib", MethodHandles.lookup(), new One(), "fib", fib.symbols()).kprobe());
        }
    }

    @Benchmark
    public RunResult fib() {
        RunResult result = machine.run();
        if (result.reason() != StopReason.EXIT || result.exitCode() != 0) {
            throw new IllegalStateException("fib 20 failed: " + result);
        }
        for (Kretprobe probe : returns) {
            if (probe.hits() != FgraphBenchmark.CALLS || probe.nmissed() != 0) {
                throw new IllegalStateException(design + " " + probes + ": " + probe.hits() + " hits, "
                        + probe.nmissed() + " missed, expected " + FgraphBenchmark.CALLS);
            }
        }
        for (Plain user : plains) {
            if (user.returns != FgraphBenchmark.CALLS) {
                throw new IllegalStateException("plain user: " + user.returns + " returns, expected " + FgraphBenchmark.CALLS);
            }
            user.returns = 0;
        }
        return result;
    }
}
