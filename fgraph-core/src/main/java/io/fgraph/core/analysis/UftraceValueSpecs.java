package io.fgraph.core.analysis;

import io.fgraph.core.trace.CallValue;
import io.fgraph.core.trace.EventLayout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code -A}/{@code -R} values of an export in uftrace's encoding, and the specs uftrace needs
 * to read them back. Each function's specs are those of the first of its calls that had values
 * (fgraph records the same values at every call of a function), in uftrace's order (by argument
 * number); a later call that lacks one of them (cut from a full record) gets a zero or an empty
 * string there, so that the data file stays readable.
 * <pre>
 *  number   its size in bytes (1, 2, 4, 8), little-endian
 *  string   u16 length, the bytes ("NULL" for a null pointer, as uftrace writes it)
 *  each value padded to 4 bytes from the start of the values, the whole to 8
 * </pre>
 */
final class UftraceValueSpecs {
    /** One value's place: argument number (0: the return value), floating-point, format, size. */
    private record Slot(int slot, char format, int size) {
        int index() {
            return slot & ~EventLayout.VALUE_SLOT_FLOAT;
        }

        boolean floating() {
            return (slot & EventLayout.VALUE_SLOT_FLOAT) != 0;
        }

        /** uftrace's spelling: {@code arg1/s}, {@code arg2/x32}, {@code fparg1}, {@code retval/c}. */
        String text() {
            String head = index() == 0 ? "retval" : (floating() ? "fparg" : "arg") + index();
            if (floating()) {
                return size == 8 ? head : head + "/" + size * 8;
            }
            return switch (format) {
                case 's', 'c', 'p' -> head + "/" + format;
                case 'f' -> size == 8 ? head + "/f" : head + "/f" + size * 8;
                default -> size == 8 ? head + "/" + format : head + "/" + format + size * 8;
            };
        }
    }

    private final Map<String, List<Slot>> arguments = new LinkedHashMap<>();
    private final Map<String, Slot> returnValues = new LinkedHashMap<>();
    private final Map<Long, List<Slot>> argumentsByAddress = new LinkedHashMap<>();
    private final Map<Long, Slot> returnByAddress = new LinkedHashMap<>();

    boolean isEmpty() {
        return arguments.isEmpty() && returnValues.isEmpty();
    }

    /** The data that follows the entry of a call with these arguments; empty: none (no spec). */
    byte[] arguments(long function, String name, List<CallValue> values) {
        List<Slot> slots = argumentsByAddress.get(function);
        if (slots == null) {
            if (values.isEmpty() || name == null) {
                return new byte[0];
            }
            slots = new ArrayList<>();
            for (CallValue v : values) {
                slots.add(new Slot(v.slot(), v.format(), v.size()));
            }
            slots.sort(Comparator.comparingInt(Slot::index).thenComparing(Slot::floating));
            argumentsByAddress.put(function, slots);
            arguments.put(name, slots);
        }
        return encode(slots, values);
    }

    /** The data that follows the exit of a call with this return value (or null); empty: none. */
    byte[] returnValue(long function, String name, CallValue value) {
        Slot slot = returnByAddress.get(function);
        if (slot == null) {
            if (value == null || name == null) {
                return new byte[0];
            }
            slot = new Slot(value.slot(), value.format(), value.size());
            returnByAddress.put(function, slot);
            returnValues.put(name, slot);
        }
        return encode(List.of(slot), value == null ? List.of() : List.of(value));
    }

    private static byte[] encode(List<Slot> slots, List<CallValue> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Slot slot : slots) {
            CallValue v = values.stream().filter(c -> c.slot() == slot.slot()).findFirst().orElse(null);
            if (slot.format() == 's') {
                String text = v == null || v.text() == null ? "" : v.text();
                if (v != null && v.textState() == EventLayout.VALUE_NULL) {
                    text = "NULL";
                } else if (v != null && v.textState() == EventLayout.VALUE_FAULT) {
                    text = "(fault)";
                }
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                out.write(bytes.length & 0xff);
                out.write(bytes.length >>> 8);
                out.write(bytes, 0, bytes.length);
            } else {
                long number = v == null ? 0 : v.number();
                for (int i = 0; i < slot.size(); i++) {
                    out.write((int) (number >>> (8 * i)));
                }
            }
            while (out.size() % 4 != 0) {
                out.write(0);
            }
        }
        while (out.size() % 8 != 0) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /** The info file's argspec group (empty without values): exact names, uftrace's spelling. */
    String infoLines() {
        if (isEmpty()) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        if (!arguments.isEmpty()) {
            List<String> specs = new ArrayList<>();
            arguments.forEach((name, slots) -> specs.add(name + "@" + String.join(",", slots.stream().map(Slot::text).toList())));
            lines.add("argspec:" + String.join(";", specs));
        }
        if (!returnValues.isEmpty()) {
            List<String> specs = new ArrayList<>();
            returnValues.forEach((name, slot) -> specs.add(name + "@" + slot.text()));
            lines.add("retspec:" + String.join(";", specs));
        }
        lines.add("argauto:");
        lines.add("retauto:");
        lines.add("enumauto:");
        return "argspec:lines=" + lines.size() + "\n" + String.join("\n", lines) + "\n";
    }
}
