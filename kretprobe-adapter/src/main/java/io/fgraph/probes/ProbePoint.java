package io.fgraph.probes;

import io.fgraph.emulator.insn.Displacement;

import java.util.Arrays;

/**
 * One probed address and the probes sharing it: one breakpoint, however many probes (their handlers
 * run in registration order). How it is hooked:
 * <ul>
 *   <li>{@link Kind#TRAP}: a 4-byte instruction, replaced by the trap-to-Java encoding (no
 *       breakpoint exception, no handler chain: the analogue of Linux's optimized kprobes);</li>
 *   <li>{@link Kind#BREAKPOINT}: a 2-byte instruction, replaced by {@code c.ebreak};</li>
 *   <li>{@link Kind#ENTRY}: a function entry fgraph owns: the probe rides on fgraph's entry patch
 *       ({@code KPROBES_ON_FTRACE}) and nothing is written here.</li>
 * </ul>
 */
final class ProbePoint {
    enum Kind { TRAP, BREAKPOINT, ENTRY }

    static final Kprobe[] NO_PROBES = new Kprobe[0];

    final long address;
    final Kind kind;
    /** How the instruction runs after the pre-handlers; null for {@link Kind#ENTRY} (fgraph runs it). */
    final Displacement displacement;
    final byte[] original;
    final byte[] breakpoint;
    /** The out-of-line copy (0: simulated, in-place mode, or a ride). */
    final long slot;
    /** Replaced, never changed in place: a hart reads one snapshot per hit. */
    volatile Kprobe[] probes = NO_PROBES;

    // Guarded by this (in-place steps and unregistration change the text together).
    boolean armed;
    int steppers;
    boolean removed;

    /** Closes the ride on fgraph's entry ({@link Kind#ENTRY}), once attached; guarded by the registry's lock. */
    AutoCloseable ride;

    ProbePoint(long address, Kind kind, Displacement displacement, byte[] original, byte[] breakpoint, long slot) {
        this.address = address;
        this.kind = kind;
        this.displacement = displacement;
        this.original = original;
        this.breakpoint = breakpoint;
        this.slot = slot;
    }

    static ProbePoint ride(long address) {
        return new ProbePoint(address, Kind.ENTRY, null, null, null, 0);
    }

    void add(Kprobe probe) {
        Kprobe[] more = Arrays.copyOf(probes, probes.length + 1);
        more[more.length - 1] = probe;
        probes = more;
    }

    void remove(Kprobe probe) {
        Kprobe[] current = probes;
        int at = Arrays.asList(current).indexOf(probe);
        if (at < 0) {
            return;
        }
        Kprobe[] rest = new Kprobe[current.length - 1];
        System.arraycopy(current, 0, rest, 0, at);
        System.arraycopy(current, at + 1, rest, at, rest.length - at);
        probes = rest.length == 0 ? NO_PROBES : rest;
    }

    boolean patchesText() {
        return kind != Kind.ENTRY;
    }
}
