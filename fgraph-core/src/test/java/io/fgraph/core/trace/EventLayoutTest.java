package io.fgraph.core.trace;

import io.fgraph.emulator.MachineConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.fgraph.core.trace.EventLayout.*;
import static org.junit.jupiter.api.Assertions.*;

/** The diagram in EventLayout's javadoc agrees with its constants (prose drifts; this test does not). */
class EventLayoutTest {

    private static final Path SOURCE = Path.of("src/main/java/io/fgraph/core/trace/EventLayout.java");

    /** "name type @offset" entries of the diagram, keyed "SECTION.name". */
    private static Map<String, Integer> diagramOffsets() throws IOException {
        Map<String, Integer> offsets = new LinkedHashMap<>();
        String section = "";
        Pattern heading = Pattern.compile("\\*\\s+([A-Z_]+)\\s+(\\d+)[ +].*bytes");
        Pattern field = Pattern.compile("\\|\\s+([a-zA-Z]+)\\s+(?:i64|i32|u8)[^@|]*@(\\d+)");
        for (String line : Files.readAllLines(SOURCE)) {
            Matcher h = heading.matcher(line);
            if (h.find()) {
                section = h.group(1);
            }
            // Two columns per line in the lower part of the diagram: the second belongs to the second heading.
            Matcher f = field.matcher(line);
            int column = 0;
            while (f.find()) {
                String key = (column == 0 ? section : "RIGHT") + "." + f.group(1);
                offsets.put(key, Integer.parseInt(f.group(2)));
                column++;
            }
        }
        return offsets;
    }

    @Test
    void diagramOffsetsMatchTheConstants() throws IOException {
        Map<String, Integer> d = diagramOffsets();
        assertEquals(ENTRY_FUNCTION_OFFSET, d.get("ENTRY.function"));
        assertEquals(ENTRY_DEPTH_OFFSET, d.get("ENTRY.depth"));
        assertEquals(ENTRY_ARGS_OFFSET, d.get("ENTRY.args"));
        assertEquals(RETURN_FUNCTION_OFFSET, d.get("RETURN.function"));
        assertEquals(RETURN_ENTRY_TIME_OFFSET, d.get("RETURN.entryTime"));
        assertEquals(RETURN_RETVAL_OFFSET, d.get("RETURN.retval"));
        assertEquals(RETURN_OVERRUN_OFFSET, d.get("RETURN.overrun"));
        assertEquals(RETURN_DEPTH_OFFSET, d.get("RETURN.depth"));
        assertEquals(LOST_COUNT_OFFSET, d.get("LOST.count"));
        assertEquals(SWITCH_NEXT_TASK_OFFSET, d.get("RIGHT.nextTask"));
        assertEquals(PROBE_ID_OFFSET, d.get("PROBE.probeId"));
        assertEquals(PROBE_ADDRESS_OFFSET, d.get("PROBE.address"));
        assertEquals(PROBE_FIELDS_OFFSET, d.get("PROBE.fields"));
        assertEquals(PAYLOAD_PLUGIN_OFFSET, d.get("PAYLOAD.plugin"));
        assertEquals(PAYLOAD_BYTES_OFFSET, d.get("PAYLOAD.bytes"));
        assertEquals(VALUES_ENTRY_TIME_OFFSET, d.get("VALUES.entryTime"));
        assertEquals(VALUES_BYTES_OFFSET, d.get("VALUES.values"));
    }

    @Test
    void diagramLengthsMatchTheConstants() throws IOException {
        String text = Files.readString(SOURCE);
        assertTrue(text.contains("ENTRY        " + ENTRY_LENGTH + " + 8 * argCount bytes (" + ENTRY_LENGTH + ".."
                + (ENTRY_LENGTH + MAX_ARGS * ARG_LENGTH) + ")"));
        assertTrue(text.contains("RETURN       " + RETURN_LENGTH + " bytes"));
        assertTrue(text.contains("LOST         " + LOST_LENGTH + " bytes"));
        assertTrue(text.contains("TASK_SWITCH  " + SWITCH_LENGTH + " bytes"));
        assertTrue(text.contains("PROBE        " + PROBE_LENGTH + " + length bytes (" + PROBE_LENGTH + ".."
                + (PROBE_LENGTH + MAX_PROBE_FIELDS) + ")"));
        assertTrue(text.contains("PAYLOAD      " + PAYLOAD_LENGTH + " + length bytes (" + PAYLOAD_LENGTH + ".."
                + (PAYLOAD_LENGTH + MAX_PAYLOAD) + ")"));
        assertTrue(text.contains("VALUES       " + VALUES_LENGTH + " + length bytes (" + VALUES_LENGTH + ".."
                + (VALUES_LENGTH + MAX_VALUES) + ")"));
        assertEquals(PROBE_LENGTH + MAX_PROBE_FIELDS, MAX_RECORD_LENGTH, "the longest record is a full probe");
        assertTrue(text.contains("8 + " + ENTRY_LENGTH + " + " + RETURN_LENGTH + " = "
                + (BATCH_HEADER_LENGTH + ENTRY_LENGTH + RETURN_LENGTH) + " bytes"));
        assertTrue(text.contains("batch offset 8 + " + ENTRY_LENGTH + " + 32 = "
                + (BATCH_HEADER_LENGTH + ENTRY_LENGTH + RETURN_RETVAL_OFFSET)));
    }

    @Test
    void commonHeaderIsSixteenBytes() {
        assertEquals(0, KIND_OFFSET);
        assertEquals(1, CPU_OFFSET);
        assertEquals(2, AUX_OFFSET);
        assertEquals(4, TASK_OFFSET);
        assertEquals(8, TIME_OFFSET);
        assertEquals(16, HEADER_LENGTH);
        assertEquals(8, BATCH_HEADER_LENGTH);
        assertEquals(284, MAX_RECORD_LENGTH);
    }

    @Test
    void everyHartFitsTheCpuField() {
        assertTrue(MachineConfig.MAX_HARTS <= MAX_CPUS, "MAX_HARTS=" + MachineConfig.MAX_HARTS);
    }

    @Test
    void recordLengthFollowsKindAndAux() {
        byte[] b = new byte[MAX_RECORD_LENGTH];
        assertEquals(putEntry(b, 0, 1, 2, 3, 4, 5, new long[8], 8), recordLength(b, 0));
        assertEquals(putReturn(b, 0, 1, 2, 3, 4, 5, 6, 7, 8, 3), recordLength(b, 0));
        assertEquals(putLost(b, 0, 1, 2, 3, 4), recordLength(b, 0));
        assertEquals(putTaskSwitch(b, 0, 1, 2, 3, 4), recordLength(b, 0));
        assertEquals(putProbe(b, 0, 1, 2, 3, 4, 5, 6), recordLength(b, 0));
        assertEquals(putPayload(b, 0, 1, 2, 3, 4, new byte[300], 0, 300), recordLength(b, 0));
        b[KIND_OFFSET] = 0;
        assertEquals(-1, recordLength(b, 0));
        b[KIND_OFFSET] = KIND_ENTRY;
        b[AUX_OFFSET] = MAX_ARGS + 1;
        assertEquals(-1, recordLength(b, 0));
    }

    @Test
    void fieldsAreLittleEndian() {
        byte[] b = new byte[LOST_LENGTH];
        putLost(b, 0, 0x01020304, 5, 0x1122334455667788L, 9);
        assertEquals(KIND_LOST, b[0]);
        assertEquals(5, b[1]);
        assertEquals(0x04, b[TASK_OFFSET]);
        assertEquals(0x01, b[TASK_OFFSET + 3]);
        assertEquals(0x88, b[TIME_OFFSET] & 0xff);
        assertEquals(0x11, b[TIME_OFFSET + 7]);
    }

    @Test
    void probeFieldsRoundTrip() {
        byte[] b = new byte[MAX_RECORD_LENGTH];
        Object[] fields = {42L, "pen", null, new long[] {2, 3, 5}, new String[] {"a", null, "ccc"}, -1L, "é"};
        int length = putProbe(b, 0, 1, 2, 3, 7, 0x80000010L, fields);
        assertEquals(length, recordLength(b, 0));
        assertEquals(PROBE_LENGTH + 9 + 5 + 1 + 26 + 9 + 9 + 4, length);
        Object[] back = probeFields(b, 0);
        assertEquals(7, back.length);
        assertEquals(42L, back[0]);
        assertEquals("pen", back[1]);
        assertNull(back[2]);
        assertArrayEquals(new long[] {2, 3, 5}, (long[]) back[3]);
        assertArrayEquals(new String[] {"a", null, "ccc"}, (String[]) back[4]);
        assertEquals(-1L, back[5]);
        assertEquals("é", back[6]);
        TraceEvent e = new TraceEvent().wrap(b, 0, length);
        assertEquals(7, e.probeId());
        assertEquals(0x80000010L, e.address());
        assertEquals(42, e.value(), "the first number");
        assertTrue(e.toString().endsWith(" probe=7 address=0x80000010 fields=0x2a,\"pen\",(fault),{0x2,0x3,0x5},"
                + "{\"a\",(fault),\"ccc\"},0xffffffffffffffff,\"é\""), e.toString());
    }

    @Test
    void probeFieldsThatDoNotFitAreCutOrLeftOut() {
        byte[] b = new byte[MAX_RECORD_LENGTH];
        int length = putProbe(b, 0, 1, 2, 3, 7, 0, new Object[] {"x".repeat(300), 1L});
        assertEquals(MAX_RECORD_LENGTH, length, "the text fills the record");
        Object[] back = probeFields(b, 0);
        assertEquals(1, back.length, "the number did not fit");
        assertEquals("x".repeat(MAX_PROBE_FIELDS - 2), back[0]);
        Object[] numbers = new Object[40];
        java.util.Arrays.fill(numbers, 9L);
        putProbe(b, 0, 1, 2, 3, 7, 0, numbers);
        assertEquals(MAX_PROBE_FIELDS / 9, probeFields(b, 0).length);
        putProbe(b, 0, 1, 2, 3, 7, 0, new Object[] {"x" + "é".repeat(200)});
        assertEquals("x" + "é".repeat(126), probeFields(b, 0)[0], "cut between characters, not inside one");
    }
}
