package io.fgraph.jmh;

import io.fgraph.core.Fgraph;
import io.fgraph.core.FrameLayout;
import io.fgraph.core.FunctionTable;
import io.fgraph.core.TaskModel;
import io.fgraph.core.TraceableFunction;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.platform.BareMetalPlatform;
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

import java.util.concurrent.TimeUnit;

/**
 * The two ways of hooking a function entry, on {@code fib 20} (21,891 calls) with one user
 * ({@link FgraphBenchmark}'s, which keeps 8 bytes of per-call data):
 * {@code nops} patches the compiler's patchable NOPs with a trap into Java (the normal case for
 * the guests' own code); {@code breakpoint} hooks the same function as if it had no NOPs (as
 * picolibc's functions): its first instruction, a compressed {@code c.nop}, becomes a
 * {@code c.ebreak} that goes through the breakpoint handler chain, and the displaced instruction
 * runs out of line followed by a second trap back.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class EntryHookBenchmark {
    @Param({"nops", "breakpoint"})
    public String entry;

    private ElfFile fib;
    private MachineConfig config;
    private Machine machine;
    private FgraphBenchmark.Counting user;

    @Setup(Level.Trial)
    public void load() throws Exception {
        fib = ElfFile.parse(GuestPrograms.bytes("fib"));
        config = FgraphBenchmark.fib20();
    }

    @Setup(Level.Invocation)
    public void boot() throws Exception {
        machine = BareMetalPlatform.boot(fib, config);
        FunctionTable functions = FunctionTable.of(fib);
        if (entry.equals("breakpoint")) {
            functions = FunctionTable.of(functions.functions().stream()
                    .map(f -> f.name().equals("fib") ? new TraceableFunction(f.name(), f.entry(), f.size(), false) : f)
                    .toList());
        }
        Fgraph fgraph = Fgraph.install(machine, fib, functions, TaskModel.PER_HART, FrameLayout.DEFAULT_STACK_WORDS);
        user = new FgraphBenchmark.Counting(true, 8);
        fgraph.register(user);
    }

    @Benchmark
    public RunResult fib() {
        RunResult result = machine.run();
        if (result.reason() != StopReason.EXIT || result.exitCode() != 0
                || user.entries != FgraphBenchmark.CALLS || user.returns != FgraphBenchmark.CALLS) {
            throw new IllegalStateException("fib 20 failed: " + result + ", " + user.entries + " entries");
        }
        return result;
    }
}
