package io.fgraph.core.trace;

import io.fgraph.emulator.elf.SymbolTable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe events of one trace ({@link ProbeSchema}, from its header) and the symbols their
 * locations and {@code symbol} fields are named with: what every reader of PROBE records uses to
 * show a hit the way the run showed it.
 */
public final class TraceProbes {
    /** A trace without probe definitions: hits are shown by id with their raw fields. */
    public static final TraceProbes NONE = new TraceProbes(Map.of(), SymbolTable.of(List.of()));

    private final Map<Integer, ProbeSchema> schemas;
    private final SymbolTable symbols;

    public TraceProbes(Map<Integer, ProbeSchema> schemas, SymbolTable symbols) {
        this.schemas = Map.copyOf(schemas);
        this.symbols = symbols;
    }

    public static TraceProbes of(TraceHeader header, SymbolTable symbols) {
        return new TraceProbes(ProbeSchema.of(header.options()), symbols);
    }

    /** The probe events, by id. */
    public Map<Integer, ProbeSchema> schemas() {
        return schemas;
    }

    /** The event's name of a hit, or {@code probe ID} for an undescribed probe. */
    public String name(TraceEvent hit) {
        ProbeSchema schema = schemas.get(hit.probeId());
        return schema == null ? "probe " + hit.probeId() : schema.event();
    }

    /** {@code EVENT: (sym+0xoff/0xsize) NAME=VALUE ...}, as ftrace prints a kprobe event. */
    public String describe(TraceEvent hit) {
        return ProbeSchema.describeHit(schemas, hit, symbols);
    }

    /** {@code p:EVENT NAME=VALUE ...}, as uftrace shows an event inside the call graph. */
    public String uftrace(TraceEvent hit) {
        ProbeSchema schema = schemas.get(hit.probeId());
        Object[] values = hit.probeFields();
        String arguments = schema == null ? TraceEvent.rawFields(values) : schema.arguments(values, symbols);
        return "p:" + name(hit).replace(' ', '_') + (arguments.isEmpty() ? "" : " " + arguments);
    }

    /** The hit's location and fields by name, formatted (for the Chrome export's {@code args}). */
    public Map<String, String> arguments(TraceEvent hit) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("at", ProbeSchema.symbol(symbols, hit.address()));
        ProbeSchema schema = schemas.get(hit.probeId());
        Object[] values = hit.probeFields();
        if (schema == null) {
            args.put("fields", TraceEvent.rawFields(values));
            return args;
        }
        for (int i = 0; i < schema.fields().size(); i++) {
            ProbeSchema.Field field = schema.fields().get(i);
            Object value = i < values.length ? values[i] : null;
            String shown = i >= values.length ? "(missing)"
                    : value instanceof String text ? text // JSON quotes it already
                    : field.format().format(value, symbols);
            args.put(field.name(), shown);
        }
        return args;
    }
}
