package io.fgraph.jmh;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.TranslationConfig;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.platform.BareMetalPlatform;
import io.fgraph.testsupport.GuestPrograms;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Interpreter speed: one whole run of the {@code fib} guest (naive recursive Fibonacci, see
 * {@code guest/src/fib.c}) on one hart in deterministic mode, from the ELF entry to the
 * semihosting exit.
 *
 * <p>What is timed: {@link Machine#run()} only. Booting (allocating RAM, copying the segments)
 * happens in a per-invocation setup, which JMH keeps out of the measurement; a run lasts
 * milliseconds, so the per-invocation timestamps cost nothing measurable. Each run starts with an
 * empty decode cache, as a real run does.
 *
 * <p>What is reported: the primary score is runs per second; the {@code megaInstructions}
 * auxiliary counter adds the instructions each run retired (in millions), which JMH divides by
 * the same measured time, so its score in ops/s <em>is</em> MIPS, with JMH's error bars. The
 * instruction count of a run is deterministic, so this is exact, not sampled.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class EmulatorBenchmark {

    static final int GUEST_RAM_SIZE = 8 << 20;

    /** The argument passed to the guest: fib(20) retires ~0.4 M instructions, fib(25) ~4.5 M. */
    @Param({"20", "25"})
    public int n;

    /**
     * The execution tier: {@code interpreted} (the interpreter alone) or {@code translated} (hot code
     * compiled to JVM bytecode at the default threshold; the classes of translated units are shared
     * by the machines of one JVM, so the measured iterations reuse what the warm-up compiled).
     */
    @Param({"interpreted", "translated"})
    public String tier;

    private ElfFile fib;
    private MachineConfig config;
    private Machine machine;

    /** Instructions retired, in millions: JMH reports it per second, i.e. as MIPS. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public double megaInstructions;
    }

    @Setup(Level.Trial)
    public void loadAndCheck() throws Exception {
        fib = ElfFile.parse(GuestPrograms.bytes("fib"));
        // The guests are linked for 8 MiB of RAM (the stack starts at its top); the default 64 MiB
        // would only add allocation and GC work to every per-invocation setup.
        config = MachineConfig.defaults().withRamSize(GUEST_RAM_SIZE).withArguments(List.of(Integer.toString(n)))
                .withTranslation(translation(tier));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunResult check = BareMetalPlatform.boot(fib,
                config.withConsole(InputStream.nullInputStream(), out, OutputStream.nullOutputStream())).run();
        String expected = "fib(" + n + ") = " + fibonacci(n) + "\n";
        if (check.reason() != StopReason.EXIT || !expected.equals(out.toString(StandardCharsets.UTF_8))) {
            throw new IllegalStateException("fib " + n + " did not run correctly: " + check + ", output "
                    + out.toString(StandardCharsets.UTF_8));
        }
        config = config.withConsole(InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream());
    }

    @Setup(Level.Invocation)
    public void boot() throws Exception {
        machine = BareMetalPlatform.boot(fib, config);
    }

    @Benchmark
    public RunResult fib(Counters counters) {
        RunResult result = machine.run();
        if (result.reason() != StopReason.EXIT || result.exitCode() != 0) {
            throw new IllegalStateException("fib " + n + " failed: " + result);
        }
        counters.megaInstructions += result.instructions() / 1e6;
        return result;
    }

    static TranslationConfig translation(String tier) {
        switch (tier) {
            case "interpreted": return TranslationConfig.off();
            case "translated": return new TranslationConfig(true, TranslationConfig.DEFAULT_THRESHOLD);
            default: throw new IllegalArgumentException("tier=" + tier + ": must be interpreted or translated");
        }
    }

    private static long fibonacci(int k) {
        long a = 0;
        long b = 1;
        for (int i = 0; i < k; i++) {
            long next = a + b;
            a = b;
            b = next;
        }
        return a;
    }

}
