package io.fgraph.core.trace;

import io.fgraph.core.Guest;
import io.fgraph.emulator.elf.ElfFile;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** TraceHeader's own serialisation and its one-line errors. */
class TraceHeaderTest {

    @Test
    void roundTripsWithOptionOrder() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("z", "1");
        options.put("a", "ünïcode");
        options.put("m", "");
        TraceHeader h = TraceHeader.of("prog", "abc", Traces.header(1).symbols(), 3, 1_000_000_000L, options);
        TraceHeader back = TraceHeader.fromBytes(h.toBytes(), "mem");
        assertEquals(h, back);
        assertEquals(List.of("z", "a", "m"), List.copyOf(back.options().keySet()));
        assertEquals(TraceHeader.FORMAT_VERSION, back.formatVersion());
    }

    @Test
    void fromElfKeepsBuildIdAndSymbols() throws Exception {
        ElfFile elf = Guest.elf("fib");
        TraceHeader h = TraceHeader.fromElf(elf, "fib.elf", 1, 1_000_000_000L, Map.of("tracer", "function_graph"));
        assertEquals(elf.buildId(), h.buildId());
        assertEquals(elf.symbols().all(), h.symbols());
        assertTrue(h.symbols().stream().anyMatch(s -> s.name().equals("main") && s.function()));
        assertEquals(h, TraceHeader.fromBytes(h.toBytes(), "mem"));
    }

    @Test
    void rejectsBadInputWithOneLine() {
        byte[] good = Traces.header(1).toBytes();

        assertMessage("not a trace: mem does not start with the trace magic", "nope".getBytes());

        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        assertTrue(message(truncated).startsWith("truncated: header mem body length="));

        byte[] flipped = good.clone();
        flipped[flipped.length - 1] ^= 0x40;
        assertTrue(message(flipped).startsWith("corrupted: header mem checksum"));

        byte[] newer = good.clone();
        ByteBuffer.wrap(newer).order(ByteOrder.LITTLE_ENDIAN).putInt(TraceHeader.VERSION_OFFSET, 99);
        assertMessage("newer version: trace format 99 in mem, this reader reads up to " + TraceHeader.FORMAT_VERSION, newer);
    }

    @Test
    void validatesFields() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceHeader.of("p", "b", List.of(), 0, 1, Map.of()));
        assertEquals("harts=0: must be 1.." + EventLayout.MAX_CPUS, e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TraceHeader.of("p", "b", List.of(), 1, 0, Map.of()));
        assertEquals("clockHz=0: must be > 0", e.getMessage());
    }

    private static String message(byte[] bytes) {
        return assertThrows(TraceFormatException.class, () -> TraceHeader.fromBytes(bytes, "mem")).getMessage();
    }

    private static void assertMessage(String expected, byte[] bytes) {
        assertEquals(expected, message(bytes));
    }
}
