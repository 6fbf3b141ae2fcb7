package io.fgraph.probes.fetch;

import io.fgraph.core.DataBlock;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.memory.MemoryFault;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code $argN} of a return probe: read at the function's entry, kept in the call's instance
 * data, and read back at the return (as Linux's return probes store {@code $argN} at the entry).
 * The parser gives each distinct N a slot ({@link #slot}); the probe event saves them into an
 * instance at the entry ({@link #save}) and, at the return, makes them the values its
 * {@link FetchLocation.SavedArgument}s read on that hart ({@link #restore}).
 */
public final class EntryArguments {
    /** As the machine's hart limit. */
    private static final int MAX_HARTS = 64;

    private final List<FetchLocation.Argument> arguments = new ArrayList<>();
    /** The values being fetched on each hart; written and read only by the thread running that hart. */
    private final long[][] current = new long[MAX_HARTS][];

    /** The slot of {@code $argN}, made on first use. */
    int slot(int number) {
        for (int i = 0; i < arguments.size(); i++) {
            if (arguments.get(i).number() == number) {
                return i;
            }
        }
        arguments.add(new FetchLocation.Argument(number));
        return arguments.size() - 1;
    }

    /** Slots in use. */
    public int count() {
        return arguments.size();
    }

    /** Bytes of instance data the slots need. */
    public int dataBytes() {
        return arguments.size() * Long.BYTES;
    }

    /** At the entry: each slot's argument into {@code data} (an argument on an unreadable stack is 0). */
    public void save(Hart entry, DataBlock data) {
        for (int i = 0; i < arguments.size(); i++) {
            long value;
            try {
                value = arguments.get(i).value(entry);
            } catch (MemoryFault e) {
                value = 0;
            }
            data.putLong(i * Long.BYTES, value);
        }
    }

    /** At the return, before fetching on {@code hart}: the saved values from {@code data}. */
    public void restore(Hart hart, DataBlock data) {
        long[] values = current[hart.id()];
        if (values == null) {
            values = current[hart.id()] = new long[arguments.size()];
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = data.getLong(i * Long.BYTES);
        }
    }

    long value(Hart hart, int slot) {
        long[] values = current[hart.id()];
        return values == null ? 0 : values[slot];
    }
}
