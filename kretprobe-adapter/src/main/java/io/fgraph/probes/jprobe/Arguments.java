package io.fgraph.probes.jprobe;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.memory.MemoryFault;
import io.fgraph.probes.fetch.FetchArg;
import io.fgraph.probes.fetch.FetchLocation;
import io.fgraph.probes.fetch.FetchType;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** The Java types a jprobe handler may take, the fetch type each one reads, and its reader handle {@code (Hart)T}. */
final class Arguments {
    private static final MethodHandle FETCH_LONG;
    private static final MethodHandle FETCH_STRING;
    private static final MethodHandle NOT_ZERO;
    static final MethodHandle NULL_POINTER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            FETCH_LONG = lookup.findVirtual(FetchArg.class, "fetchLong", MethodType.methodType(long.class, Hart.class));
            FETCH_STRING = lookup.findVirtual(FetchArg.class, "fetchString", MethodType.methodType(String.class, Hart.class));
            NOT_ZERO = lookup.findStatic(Arguments.class, "notZero", MethodType.methodType(boolean.class, long.class));
            NULL_POINTER = lookup.findStatic(Arguments.class, "nullPointer",
                    MethodType.methodType(boolean.class, FetchLocation.class, Hart.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Arguments() {
    }

    /** Bytes the type takes as a C field. */
    static int size(Class<?> type, String name) {
        if (type == long.class || type == String.class) {
            return 8;
        }
        if (type == int.class) {
            return 4;
        }
        if (type == short.class || type == char.class) {
            return 2;
        }
        if (type == byte.class || type == boolean.class) {
            return 1;
        }
        throw unsupported(type, name);
    }

    /** The fetch type that reads it. */
    static FetchType type(Class<?> type, String name) {
        if (type == long.class) {
            return FetchType.S64;
        }
        if (type == int.class) {
            return FetchType.S32;
        }
        if (type == short.class) {
            return FetchType.S16;
        }
        if (type == char.class) {
            return FetchType.U16;
        }
        if (type == byte.class) {
            return FetchType.S8;
        }
        if (type == boolean.class) {
            return FetchType.U8;
        }
        if (type == String.class) {
            return FetchType.STRING;
        }
        throw unsupported(type, name);
    }

    /** {@code (Hart)T} for a non-record type. */
    static MethodHandle reader(FetchArg arg, Class<?> type) {
        if (type == String.class) {
            return FETCH_STRING.bindTo(arg);
        }
        MethodHandle fetch = FETCH_LONG.bindTo(arg);
        if (type == boolean.class) {
            return MethodHandles.filterReturnValue(fetch, NOT_ZERO);
        }
        return MethodHandles.explicitCastArguments(fetch, MethodType.methodType(type, Hart.class));
    }

    static IllegalArgumentException unsupported(Class<?> type, String name) {
        String why = type == float.class || type == double.class
                ? "floating-point arguments travel in FP registers, which a jprobe does not read"
                : "use long, int, short, byte, char, boolean, String (char *) or a record (a struct pointer)";
        return new IllegalArgumentException(name + ": type " + type.getName() + " is not supported: " + why);
    }

    @SuppressWarnings("unused") // through NOT_ZERO
    private static boolean notZero(long value) {
        return value != 0;
    }

    @SuppressWarnings("unused") // through NULL_POINTER
    private static boolean nullPointer(FetchLocation pointer, Hart hart) {
        try {
            long address = pointer.value(hart);
            return address == 0 || !hart.memory().contains(address, 1);
        } catch (MemoryFault e) {
            return true;
        }
    }
}
