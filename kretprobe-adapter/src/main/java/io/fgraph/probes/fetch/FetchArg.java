package io.fgraph.probes.fetch;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.elf.SymbolTable;
import io.fgraph.emulator.memory.Memory;
import io.fgraph.emulator.memory.MemoryFault;

import java.nio.charset.StandardCharsets;

/**
 * One fetch argument, {@code NAME=FETCHARG[:TYPE]}: the fetch engine that both the text form
 * ({@code --probe}) and the Java handler form ({@code Jprobe}) run. {@link #fetch} gives the value as
 * an object for events; {@link #fetchLong} and {@link #fetchString} give it without boxing for
 * bound handlers.
 */
public final class FetchArg {
    /** Longest string fetched, in bytes (longer ones are cut). */
    public static final int MAX_STRING = 255;
    /** The value of an argument whose memory could not be read (Linux prints {@code (fault)}). */
    public static final Object FAULT = new Object() {
        @Override
        public String toString() {
            return "(fault)";
        }
    };

    private final String name;
    private final FetchLocation location;
    private final FetchType type;
    private final SymbolTable symbols;

    /** The register a register or in-register {@code $argN} value comes from, else -1: the hit path reads it directly. */
    private final int register;

    public FetchArg(String name, FetchLocation location, FetchType type, SymbolTable symbols) {
        this.name = name;
        this.location = location;
        this.type = type;
        this.symbols = symbols;
        this.register = location instanceof FetchLocation.Register r ? r.number()
                : location instanceof FetchLocation.Argument a && a.number() <= FetchLocation.Argument.IN_REGISTERS
                ? Hart.A0 + a.number() - 1 : -1;
    }

    public String name() {
        return name;
    }

    public FetchLocation location() {
        return location;
    }

    public FetchType type() {
        return type;
    }

    /** The argument as a definition writes it: {@code NAME=FETCHARG:TYPE}. */
    public String text() {
        return name + "=" + location.text() + ":" + type.text();
    }

    /**
     * The value on {@code hart}: a {@code Long} (numbers, chars, symbols), a {@code String}
     * ({@code string}, {@code symstr}), a {@code long[]} or {@code String[]} (arrays), or
     * {@link #FAULT} when its memory cannot be read.
     */
    public Object fetch(Hart hart) {
        try {
            if (type.isArray()) {
                return fetchArray(hart);
            }
            if (type.isText()) {
                String text = text(hart);
                return text == null ? FAULT : text;
            }
            return number(hart);
        } catch (MemoryFault e) {
            return FAULT;
        }
    }

    /** A numeric value; 0 when its memory cannot be read. */
    public long fetchLong(Hart hart) {
        try {
            return number(hart);
        } catch (MemoryFault e) {
            return 0;
        }
    }

    /** A text value; null when its memory cannot be read. */
    public String fetchString(Hart hart) {
        try {
            return text(hart);
        } catch (MemoryFault e) {
            return null;
        }
    }

    private long number(Hart hart) {
        if (register >= 0) {
            return type.convert(hart.x(register));
        }
        if (location.isMemory()) {
            return type.convert(read(hart.memory(), location.address(hart), type.size()));
        }
        return type.convert(location.value(hart));
    }

    private String text(Hart hart) {
        if (location instanceof FetchLocation.Text constant) {
            return constant.constant();
        }
        if (type.kind() == FetchType.Kind.SYMSTR) {
            long address = location.isMemory() ? hart.memory().load64(location.address(hart)) : location.value(hart);
            return ValueFormat.symbol(symbols, address);
        }
        long address = location.isMemory() ? location.address(hart) : location.value(hart);
        return cString(hart.memory(), address);
    }

    private Object fetchArray(Hart hart) {
        Memory memory = hart.memory();
        long base = location.address(hart);
        FetchType element = type.element();
        if (type.isText()) {
            String[] values = new String[type.count()];
            for (int i = 0; i < values.length; i++) {
                long pointer = memory.load64(base + 8L * i);
                values[i] = element.kind() == FetchType.Kind.SYMSTR ? ValueFormat.symbol(symbols, pointer) : cString(memory, pointer);
            }
            return values;
        }
        long[] values = new long[type.count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = element.convert(read(memory, base + (long) element.size() * i, element.size()));
        }
        return values;
    }

    private static long read(Memory memory, long address, int size) {
        return switch (size) {
            case 1 -> memory.load8(address) & 0xFFL;
            case 2 -> memory.load16(address) & 0xFFFFL;
            case 4 -> memory.load32(address) & 0xFFFF_FFFFL;
            default -> memory.load64(address);
        };
    }

    /** The NUL-terminated string at {@code address}, at most {@link #MAX_STRING} bytes; null if unreadable. */
    static String cString(Memory memory, long address) {
        if (!memory.contains(address, 1)) {
            return null;
        }
        byte[] bytes = new byte[MAX_STRING];
        int length = 0;
        while (length < MAX_STRING && memory.contains(address + length, 1)) {
            byte b = (byte) memory.load8(address + length);
            if (b == 0) {
                break;
            }
            bytes[length++] = b;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text();
    }
}
