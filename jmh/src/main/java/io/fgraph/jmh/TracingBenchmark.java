package io.fgraph.jmh;

import io.fgraph.core.Fgraph;
import io.fgraph.core.event.EventSink;
import io.fgraph.core.tracer.FunctionGraphOptions;
import io.fgraph.core.tracer.FunctionGraphTracer;
import io.fgraph.core.trace.RecordingOptions;
import io.fgraph.core.trace.TraceHeader;
import io.fgraph.core.trace.TraceRecorder;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.VirtualClock;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The tracing cost per call of the function_graph tracer on {@code fib 20} (21,891 calls of fib,
 * 43,782 events): (time traced - time untraced) / 21,891.
 * <ul>
 *   <li>{@code untraced}: the bare run;</li>
 *   <li>{@code discard}: function_graph on fib, events to a sink that drops them (the hook and the
 *       tracer alone);</li>
 *   <li>{@code record}: function_graph into a real trace (per-hart pages, the Disruptor ring of
 *       pages, Chronicle Queue in a temporary directory), lossless. One recorder per trial: the
 *       runs append to it, so the figure is the steady state, not the one-off cost of creating
 *       queue files.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class TracingBenchmark {
    @Param({"untraced", "discard", "record"})
    public String mode;

    /** The execution tier (see {@link EmulatorBenchmark#tier}). */
    @Param({"interpreted", "translated"})
    public String tier;

    private ElfFile fib;
    private MachineConfig config;
    private Machine machine;
    private TraceRecorder recorder;
    private Path dir;

    private long runs;

    @Setup(Level.Trial)
    public void load() throws Exception {
        fib = ElfFile.parse(GuestPrograms.bytes("fib"));
        config = FgraphBenchmark.fib20().withTranslation(EmulatorBenchmark.translation(tier));
        if (mode.equals("record")) {
            dir = Files.createTempDirectory("fgraph-jmh-trace").resolve("trace");
            recorder = TraceRecorder.open(dir, TraceHeader.fromElf(fib, "fib.elf", 1, VirtualClock.FREQUENCY_HZ, Map.of()),
                    RecordingOptions.defaults());
        }
    }

    @Setup(Level.Invocation)
    public void boot() throws Exception {
        machine = BareMetalPlatform.boot(fib, config);
        if (mode.equals("untraced")) {
            return;
        }
        Fgraph fgraph = Fgraph.install(machine, fib);
        FunctionGraphOptions options = FunctionGraphOptions.defaults().withFilter(io.fgraph.core.FunctionFilter.only("fib"));
        EventSink sink = EventSink.NONE;
        if (mode.equals("record")) {
            sink = recorder.sink();
        }
        fgraph.register(new FunctionGraphTracer(sink, options));
    }

    @Benchmark
    public RunResult fib() {
        RunResult result = machine.run();
        if (result.reason() != StopReason.EXIT || result.exitCode() != 0) {
            throw new IllegalStateException("fib 20 failed: " + result);
        }
        runs++;
        return result;
    }

    @TearDown(Level.Trial)
    public void clean() throws IOException {
        if (recorder != null) {
            recorder.close();
            long expected = runs * 2L * FgraphBenchmark.CALLS;
            System.out.printf("%nrecorded %d events in %d runs (%d lost)%n", recorder.eventsWritten(), runs,
                    recorder.eventsLost());
            if (recorder.eventsWritten() != expected || recorder.eventsLost() != 0) {
                throw new IllegalStateException("recorded " + recorder.eventsWritten() + " events, expected " + expected);
            }
            try (Stream<Path> files = Files.walk(dir.getParent())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
