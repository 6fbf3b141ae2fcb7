package io.fgraph.core.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian reads and writes of {@code byte[]} at any offset, through byte-array view
 * VarHandles (intrinsified by the JIT; no Unsafe, so no extra JVM flags).
 */
final class LittleEndian {
    private LittleEndian() {
    }

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    static int u16(byte[] b, int at) {
        return (short) SHORT.get(b, at) & 0xffff;
    }

    static int i32(byte[] b, int at) {
        return (int) INT.get(b, at);
    }

    static long i64(byte[] b, int at) {
        return (long) LONG.get(b, at);
    }

    static void u8(byte[] b, int at, int v) {
        b[at] = (byte) v;
    }

    static void u16(byte[] b, int at, int v) {
        SHORT.set(b, at, (short) v);
    }

    static void i32(byte[] b, int at, int v) {
        INT.set(b, at, v);
    }

    static void i64(byte[] b, int at, long v) {
        LONG.set(b, at, v);
    }
}
