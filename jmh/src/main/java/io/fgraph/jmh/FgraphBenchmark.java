package io.fgraph.jmh;

import io.fgraph.core.EntryContext;
import io.fgraph.core.ReturnContext;
import io.fgraph.core.Fgraph;
import io.fgraph.core.FgraphOps;
import io.fgraph.core.FunctionFilter;
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

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost of the function graph hook: one run of {@code fib 20} (21,891 calls of {@code fib}) with
 * fgraph hooking {@code fib} for a number of users. The cost per hooked call is
 * (time with users - time untraced) / 21,891.
 *
 * <ul>
 *   <li>{@code untraced}: no fgraph at all;</li>
 *   <li>{@code installed}: fgraph installed, no user: the patchable NOPs stay in place (Linux's
 *       "hook disabled");</li>
 *   <li>{@code declining}: one user whose entry callback says no: the entry trap runs, no hijack;</li>
 *   <li>{@code 1} .. {@code 16}: that many users, each counting entries and returns and keeping
 *       {@code dataBytes} bytes of per-call data (8 by default: the shape of a real tracer; 0: a
 *       user that only counts, which separates the cost of the data from that of the callbacks).</li>
 * </ul>
 * One hijack per call whatever the number of users: the return trampoline is crossed once.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class FgraphBenchmark {
    static final int CALLS = 21_891;

    @Param({"untraced", "installed", "declining", "1", "2", "4", "8", "16"})
    public String users;

    @Param({"8"})
    public int dataBytes;

    private ElfFile fib;
    private MachineConfig config;
    private Machine machine;
    private Counting[] registered;

    /** A user with the shape of a real tracer: 8 bytes of per-call data, a counter. */
    static final class Counting implements FgraphOps {
        final boolean wants;
        final int dataBytes;
        long entries;
        long returns;

        Counting(boolean wants, int dataBytes) {
            this.wants = wants;
            this.dataBytes = dataBytes;
        }

        @Override
        public FunctionFilter filter() {
            return FunctionFilter.only("fib");
        }

        @Override
        public boolean onEntry(EntryContext call) {
            entries++;
            if (!wants) {
                return false;
            }
            if (dataBytes > 0) {
                call.reserveData(dataBytes).putLong(0, call.time());
            }
            return true;
        }

        @Override
        public void onReturn(ReturnContext call) {
            if (dataBytes == 0) {
                returns++;
                return;
            }
            io.fgraph.core.DataBlock data = call.retrieveData();
            returns += data == null || call.time() - data.getLong(0) > 0 ? 1 : 0;
        }
    }

    /** {@code fib 20}, silent, with RAM to spare above the guest's 8 MiB for fgraph's trampoline page. */
    static MachineConfig fib20() {
        return MachineConfig.defaults().withRamSize(16 << 20).withArguments(List.of("20"))
                .withConsole(InputStream.nullInputStream(), OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
    }

    @Setup(Level.Trial)
    public void load() throws Exception {
        fib = ElfFile.parse(GuestPrograms.bytes("fib"));
        config = fib20();
    }

    @Setup(Level.Invocation)
    public void boot() throws Exception {
        machine = BareMetalPlatform.boot(fib, config);
        registered = new Counting[0];
        if (users.equals("untraced")) {
            return;
        }
        Fgraph fgraph = Fgraph.install(machine, fib);
        if (users.equals("installed")) {
            return;
        }
        int count = users.equals("declining") ? 1 : Integer.parseInt(users);
        registered = new Counting[count];
        for (int i = 0; i < count; i++) {
            registered[i] = new Counting(!users.equals("declining"), dataBytes);
            fgraph.register(registered[i]);
        }
    }

    @Benchmark
    public RunResult fib() {
        RunResult result = machine.run();
        if (result.reason() != StopReason.EXIT || result.exitCode() != 0) {
            throw new IllegalStateException("fib 20 failed: " + result);
        }
        for (Counting user : registered) {
            if (user.entries != CALLS || (user.wants && user.returns != CALLS)) {
                throw new IllegalStateException("user saw " + user.entries + " entries, " + user.returns + " returns");
            }
        }
        return result;
    }
}
