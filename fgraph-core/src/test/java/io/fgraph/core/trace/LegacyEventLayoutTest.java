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

import static io.fgraph.core.trace.LegacyEventLayout.*;
import static org.junit.jupiter.api.Assertions.*;

/** The diagram of the version 1-2 records (read only) agrees with their constants, and old records decode. */
class LegacyEventLayoutTest {

    private static final Path SOURCE = Path.of("src/main/java/io/fgraph/core/trace/LegacyEventLayout.java");

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
        assertEquals(PAYLOAD_PLUGIN_OFFSET, d.get("RIGHT.plugin"));
        assertEquals(PAYLOAD_BYTES_OFFSET, d.get("RIGHT.bytes"));
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
                + MAX_RECORD_LENGTH + ")"));
        assertTrue(text.contains("PAYLOAD      " + PAYLOAD_LENGTH + " + length bytes (" + PAYLOAD_LENGTH + ".."
                + (PAYLOAD_LENGTH + MAX_PAYLOAD) + ")"));
        assertEquals(PROBE_LENGTH + MAX_PROBE_FIELDS, MAX_RECORD_LENGTH, "the longest record is a full probe");
        assertTrue(text.contains("VALUES       " + VALUES_LENGTH + " + length bytes (" + VALUES_LENGTH + ".."
                + (VALUES_LENGTH + MAX_VALUES) + ")"));
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
    void recordLengthFollowsKindAndAux() {
        byte[] b = LegacyTraces.entry(1, 2, 3, 4, 5, new long[8]);
        assertEquals(b.length, recordLength(b, 0));
        assertEquals(RETURN_LENGTH, recordLength(LegacyTraces.ret(1, 2, 3, 4, 5, 6, 7, 8, 3), 0));
        assertEquals(LOST_LENGTH, recordLength(LegacyTraces.lost(1, 2, 3, 4), 0));
        assertEquals(SWITCH_LENGTH, recordLength(LegacyTraces.taskSwitch(1, 2, 3, 4), 0));
        assertEquals(PROBE_LENGTH + 9, recordLength(LegacyTraces.probe(1, 2, 3, 4, 5, 6), 0));
        assertEquals(PAYLOAD_LENGTH + 9, recordLength(LegacyTraces.payload(1, 2, 3, 4, new byte[9]), 0));
        b[KIND_OFFSET] = 0;
        assertEquals(-1, recordLength(b, 0));
        b[KIND_OFFSET] = KIND_ENTRY;
        b[AUX_OFFSET] = MAX_ARGS + 1;
        assertEquals(-1, recordLength(b, 0));
    }
}
