package io.fgraph.probes.kretprobe;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.hook.Backtrace;

import java.util.List;

/**
 * The return probes of one machine, behind one API and two implementations (seed 004):
 * <ul>
 *   <li>{@link ClassicKretprobes}, as Linux built them: an entry kprobe per probe, a pool of
 *       {@code maxactive} preallocated instances per probe, each kretprobe hijacking the return
 *       address again; {@code nmissed} when the pool is empty;</li>
 *   <li>{@link FgraphKretprobes}, Masami's plan: one fgraph user serves every kretprobe, the entry
 *       handlers run from fgraph's entry, the instances live in the shadow-stack frame, all
 *       kretprobes on a function share fgraph's one hijack, and {@code maxactive} limits nothing.</li>
 * </ul>
 * Both close an instance that a longjmp skipped (reported through
 * {@link KretprobeHandler#unwound}) instead of leaking it, and both let backtraces taken inside a
 * handler see real return addresses.
 */
public interface Kretprobes {
    /** Registers {@code probe}; when it returns, every hart runs with it. */
    void register(Kretprobe probe);

    /** Unregisters {@code probe}: calls in flight still return to their callers, its handler no longer runs. */
    void unregister(Kretprobe probe);

    List<Kretprobe> probes();

    /** Handlers that threw (each probe is isolated after its first failure). */
    List<KretprobeFailure> failures();

    /** A backtrace of {@code hart} with real return addresses, for use inside a handler. */
    Backtrace backtrace(Hart hart);

    /** "classic" or "fgraph". */
    String implementation();
}
