package io.fgraph.probes.kretprobe;

import io.fgraph.core.DataBlock;

/**
 * One call of a kretprobe's function in flight (Linux's {@code struct kretprobe_instance}): the
 * real return address, the task, and {@link Kretprobe#dataSize()} bytes of private data that the
 * entry handler writes and the return handler reads. A flyweight: valid during the callback only.
 */
public interface KretprobeInstance {
    Kretprobe probe();

    /** The real return address of the call (never a trampoline). */
    long returnAddress();

    /** The stack pointer at the function's entry. */
    long entryStackPointer();

    /** The task making the call (a hart on bare metal, a fiber for a coroutine's stack on fgraph). */
    int task();

    /** Virtual time of the entry, ns. */
    long entryTime();

    /** The private data, zeroed at the entry ({@link Kretprobe#dataSize()} bytes, rounded up to 8). */
    DataBlock data();
}
