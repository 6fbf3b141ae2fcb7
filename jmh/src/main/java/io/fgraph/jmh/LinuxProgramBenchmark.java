package io.fgraph.jmh;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.linux.LinuxConfig;
import io.fgraph.emulator.linux.LinuxPlatform;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A static glibc program on the Linux platform: one whole run of {@code guest/linux/elf/fib.elf}
 * (the bare-metal benchmark's recursive Fibonacci, built with {@code riscv64-linux-gnu-gcc
 * -static}), from the ELF entry through glibc's start-up to exit_group, on one hart in
 * deterministic mode. The interpreter is the same as {@link EmulatorBenchmark}'s; what differs is
 * the paged memory (page-table loads and stores instead of flat RAM), glibc's start-up code and
 * system calls, and the task scheduler around the hart.
 *
 * <p>Timed: {@link Machine#run()} only (booting is per-invocation setup). Reported: runs per
 * second, and in {@code megaInstructions} the instructions retired per second, i.e. MIPS.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class LinuxProgramBenchmark {
    /** fib(20) retires about 0.5 M instructions (glibc's start-up included), fib(25) about 5 M. */
    @Param({"20", "25"})
    public int n;

    private ElfFile fib;
    private Path program;
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
        program = Files.createTempFile("fib", ".elf");
        Files.write(program, GuestPrograms.linux().read("fib"));
        fib = ElfFile.read(program);
        config = MachineConfig.defaults().withArguments(List.of(Integer.toString(n)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunResult check = boot(config.withConsole(InputStream.nullInputStream(), out, OutputStream.nullOutputStream())).run();
        String expected = "fib(" + n + ") = " + Fibonacci.of(n) + "\n";
        if (check.reason() != StopReason.EXIT || !expected.equals(out.toString(StandardCharsets.UTF_8))) {
            throw new IllegalStateException("fib " + n + " did not run correctly: " + check + ", output "
                    + out.toString(StandardCharsets.UTF_8));
        }
        config = config.withConsole(InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream());
    }

    private Machine boot(MachineConfig machineConfig) throws Exception {
        return LinuxPlatform.boot(fib, machineConfig, LinuxConfig.of(program).withRoot(program.getParent()));
    }

    @Setup(Level.Invocation)
    public void boot() throws Exception {
        machine = boot(config);
    }

    @TearDown(Level.Trial)
    public void removeProgram() throws IOException {
        Files.deleteIfExists(program);
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

    /** The Fibonacci numbers the guest prints. */
    static final class Fibonacci {
        private Fibonacci() {
        }

        static long of(int k) {
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
}
