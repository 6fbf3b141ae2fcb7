package io.fgraph.core.trace;

/**
 * Keeps Chronicle from binding native POSIX calls. Outside JUnit, chronicle-core's {@code Jvm}
 * class, in its static initialiser, loads {@code net.openhft.posix.PosixAPI}, which builds a JNR
 * binding of libc (and JNA's): about 290 classes and 0.4-0.5 s of a recording's start on this
 * project's test machine, before the first event. A trace needs none of those calls: the one
 * Chronicle makes for it is {@code msync(MS_ASYNC)} when a mapped segment is released, which Linux
 * has treated as a no-op since 2.6.19 (dirty pages of a shared mapping are written back by the
 * kernel whether the process lives or is killed). The no-op binding is Chronicle's own, the one it
 * falls back to where no native binding loads.
 */
final class ChronicleNative {
    private ChronicleNative() {
    }

    /** Must run before any Chronicle class is initialised; idempotent. */
    static void skipPosixBinding() {
        net.openhft.posix.internal.PosixAPIHolder.useNoOpPosixApi();
    }
}
