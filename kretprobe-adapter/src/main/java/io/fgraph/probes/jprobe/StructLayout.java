package io.fgraph.probes.jprobe;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.probes.fetch.FetchArg;
import io.fgraph.probes.fetch.FetchLocation;
import io.fgraph.probes.fetch.FetchType;
import io.fgraph.emulator.elf.SymbolTable;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * A record as the C struct a pointer argument points to: each component fetched at its offset
 * (the natural layout of LP64 C, or {@link Field}), the record built by its canonical constructor
 * through one method handle. Components: {@code long}, {@code int}, {@code short}, {@code byte},
 * {@code char} (a 16-bit unsigned), {@code boolean} (a byte, true if not 0), {@code String} (a
 * {@code char *}: the string it points to), and records (a struct inside the struct).
 */
final class StructLayout {
    private StructLayout() {
    }

    /** The fetchers of one Java type: a handle {@code (Hart)T} and the fetch arguments it runs. */
    record Reader(MethodHandle handle, List<FetchArg> args, int size, int alignment) {
    }

    /** A reader of the record type {@code type} found at the address {@code base} evaluates to. */
    static Reader record(Class<?> type, FetchLocation pointer, String name, SymbolTable symbols) {
        return struct(type, pointer, 0, name, symbols, true);
    }

    private static Reader struct(Class<?> type, FetchLocation pointer, long base, String name, SymbolTable symbols, boolean nullable) {
        RecordComponent[] components = type.getRecordComponents();
        List<FetchArg> args = new ArrayList<>();
        MethodHandle[] fetchers = new MethodHandle[components.length];
        Class<?>[] types = new Class<?>[components.length];
        long next = 0;
        int alignment = 1;
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            Class<?> ctype = component.getType();
            types[i] = ctype;
            Field field = component.getAnnotation(Field.class);
            String cname = name + "." + component.getName();
            int size;
            int align;
            if (ctype.isRecord()) {
                Reader inner = struct(ctype, pointer, 0, cname, symbols, false); // for size and alignment
                size = inner.size();
                align = inner.alignment();
            } else {
                size = Arguments.size(ctype, cname);
                align = size;
            }
            long offset = field != null && field.offset() >= 0 ? field.offset() : align(next, align);
            alignment = Math.max(alignment, align);
            if (ctype.isRecord()) {
                Reader inner = struct(ctype, pointer, base + offset, cname, symbols, false);
                fetchers[i] = inner.handle();
                args.addAll(inner.args());
            } else {
                FetchType ftype = Arguments.type(ctype, cname);
                FetchLocation at = new FetchLocation.Deref(base + offset, pointer, false);
                if (field != null && field.bitWidth() > 0) {
                    ftype = FetchType.parse("b" + field.bitWidth() + "@" + field.bitOffset() + "/" + size * 8);
                }
                if (ctype == String.class) {
                    at = new FetchLocation.Deref(0, at, false); // the char * stored in the field
                }
                FetchArg arg = new FetchArg(cname, at, ftype, symbols);
                args.add(arg);
                fetchers[i] = Arguments.reader(arg, ctype);
            }
            next = Math.max(next, offset + size);
        }
        MethodHandle constructor;
        try {
            constructor = MethodHandles.privateLookupIn(type, MethodHandles.lookup())
                    .findConstructor(type, MethodType.methodType(void.class, types));
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": cannot call the canonical constructor of " + type.getName()
                    + " (" + e.getMessage() + "); make the record accessible to io.fgraph.probes.jprobe", e);
        }
        MethodHandle build = MethodHandles.filterArguments(constructor, 0, fetchers);
        build = MethodHandles.permuteArguments(build, MethodType.methodType(type, Hart.class), new int[components.length]);
        if (nullable) {
            MethodHandle isNull = MethodHandles.insertArguments(Arguments.NULL_POINTER, 0, pointer);
            MethodHandle none = MethodHandles.dropArguments(MethodHandles.constant(type, null), 0, Hart.class);
            build = MethodHandles.guardWithTest(isNull, none, build);
        }
        int size = (int) align(next, alignment);
        return new Reader(build, args, size, alignment);
    }

    static long align(long offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }
}
