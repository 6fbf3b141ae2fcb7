package io.fgraph.core.tracer;

import io.fgraph.core.trace.EventLayout;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.memory.Memory;

import java.util.List;

/**
 * Reads the values {@link ValueSpec}s ask for from a hart stopped at a function's entry or
 * return, and encodes them as a values record's bytes ({@link EventLayout#putNumberValue},
 * {@link EventLayout#putTextValue}). Where the psABI puts an argument: {@code a0..a7}, then the
 * stack words from the entry stack pointer up; floating-point arguments in {@code fa0..fa7}; the
 * return value in {@code a0} ({@code fa0} for {@code f} in a hard-float program). Strings are read
 * from guest memory up to their NUL or {@link EventLayout#MAX_VALUE_TEXT} bytes; memory outside
 * RAM reads as a fault (a string) or 0 (a number), never an exception.
 */
final class ValueCapture {
    private ValueCapture() {
    }

    /** Encodes the arguments; returns the bytes written. */
    static int arguments(List<ValueSpec> specs, Hart hart, boolean hardFloat, byte[] out, byte[] text) {
        int at = 0;
        for (ValueSpec spec : specs) {
            long raw = read(spec, hart, hardFloat);
            int slot = spec.index() | (spec.kind() == ValueSpec.Kind.FPARG ? EventLayout.VALUE_SLOT_FLOAT : 0);
            int next = encode(spec, hart, raw, slot, out, at, text);
            if (next < 0) {
                break; // no room left: the rest is left out
            }
            at = next;
        }
        return at;
    }

    /** Encodes the return value; returns the bytes written. */
    static int returnValue(ValueSpec spec, Hart hart, boolean hardFloat, byte[] out, byte[] text) {
        int next = encode(spec, hart, read(spec, hart, hardFloat), 0, out, 0, text);
        return Math.max(0, next);
    }

    private static int encode(ValueSpec spec, Hart hart, long raw, int slot, byte[] out, int at, byte[] text) {
        int limit = EventLayout.MAX_VALUES;
        if (spec.format() == ValueSpec.Format.STRING) {
            if (raw == 0) {
                return EventLayout.putTextValue(out, at, limit, slot, EventLayout.VALUE_NULL, text);
            }
            int length = string(hart.memory(), raw, text);
            return EventLayout.putTextValue(out, at, limit, slot, length, text);
        }
        int bits = spec.size() * 8;
        long value = bits == 64 ? raw : raw & ((1L << bits) - 1);
        return EventLayout.putNumberValue(out, at, limit, spec.format().letter, spec.size(), slot, value);
    }

    /** The 64 bits the spec names. */
    private static long read(ValueSpec spec, Hart hart, boolean hardFloat) {
        long sp = hart.x(Hart.SP);
        switch (spec.kind()) {
            case RETVAL -> {
                return spec.format() == ValueSpec.Format.FLOAT && hardFloat ? hart.f(Hart.A0) : hart.x(Hart.A0);
            }
            case FPARG -> {
                if (spec.stackWord() >= 0) {
                    return load(hart.memory(), sp + 8L * spec.stackWord());
                }
                return hart.f(spec.register() >= 0 ? spec.register() : Hart.A0 + spec.index() - 1);
            }
            default -> {
                if (spec.register() >= 0) {
                    return hart.x(spec.register());
                }
                if (spec.stackWord() >= 0) {
                    return load(hart.memory(), sp + 8L * spec.stackWord());
                }
                if (spec.index() <= ValueSpec.REGISTER_ARGUMENTS) {
                    return hart.x(Hart.A0 + spec.index() - 1);
                }
                return load(hart.memory(), sp + 8L * (spec.index() - ValueSpec.REGISTER_ARGUMENTS - 1));
            }
        }
    }

    private static long load(Memory memory, long address) {
        try {
            return memory.load64(address);
        } catch (RuntimeException e) {
            return 0; // outside RAM
        }
    }

    /** Reads a NUL-terminated string into {@code text}; its length, or {@link EventLayout#VALUE_FAULT}. */
    private static int string(Memory memory, long address, byte[] text) {
        try {
            int n = 0;
            while (n < EventLayout.MAX_VALUE_TEXT) {
                byte b = (byte) memory.load8(address + n);
                if (b == 0) {
                    break;
                }
                text[n++] = b;
            }
            return n;
        } catch (RuntimeException e) {
            return EventLayout.VALUE_FAULT;
        }
    }
}
