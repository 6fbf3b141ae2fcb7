package io.fgraph.core.trace;

import io.fgraph.core.event.EventSink;
import io.fgraph.emulator.MachineConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static io.fgraph.core.trace.EventLayout.*;
import static org.junit.jupiter.api.Assertions.*;

/** The diagrams in EventLayout's javadoc agree with its constants (prose drifts; this test does not). */
class EventLayoutTest {

    static final Path SOURCE = Path.of("src/main/java/io/fgraph/core/trace/EventLayout.java");

    private static List<String> lines() throws IOException {
        return Files.readAllLines(SOURCE);
    }

    /**
     * "name type @offset" entries of the record diagrams, keyed "SECTION.name". A line may carry two
     * headings (two columns): a field in the second column belongs to the second heading.
     */
    static Map<String, Integer> diagramOffsets() throws IOException {
        Map<String, Integer> offsets = new LinkedHashMap<>();
        List<String> sections = List.of();
        Pattern heading = Pattern.compile("([A-Z_]{4,})\\s+\\d+ (?:\\+ length )?bytes");
        Pattern field = Pattern.compile("\\|\\s+([a-zA-Z]+)\\s+(?:i64|i32|u32|u16|u8)[^@|]*@(\\d+)");
        for (String line : lines()) {
            Matcher h = heading.matcher(line);
            List<String> found = new ArrayList<>();
            while (h.find()) {
                found.add(h.group(1));
            }
            if (!found.isEmpty()) {
                sections = found;
            }
            Matcher f = field.matcher(line);
            int column = 0;
            while (f.find()) {
                String section = sections.get(Math.min(column, sections.size() - 1));
                offsets.put(section + "." + f.group(1), Integer.parseInt(f.group(2)));
                column++;
            }
        }
        return offsets;
    }

    /** The numbers of the ruler line that follows the line containing {@code marker}... itself a ruler. */
    private static int[] ruler(String startsWith) throws IOException {
        for (String line : lines()) {
            String t = line.replaceFirst("^\\s*\\*", "").trim();
            if (t.startsWith(startsWith) && t.matches("[0-9 ]+")) {
                return Arrays.stream(t.split("\\s+")).mapToInt(Integer::parseInt).toArray();
            }
        }
        throw new AssertionError("no ruler starting " + startsWith);
    }

    @Test
    void recordDiagramOffsetsMatchTheConstants() throws IOException {
        Map<String, Integer> d = diagramOffsets();
        assertEquals(ENTRY_FUNCTION_OFFSET, d.get("ENTRY.function"));
        assertEquals(RETURN_FUNCTION_OFFSET, d.get("RETURN.function"));
        assertEquals(RETURN_DURATION_OFFSET, d.get("RETURN.duration"));
        assertEquals(LOST_COUNT_OFFSET, d.get("LOST.count"));
        assertEquals(SWITCH_NEXT_TASK_OFFSET, d.get("TASK_SWITCH.nextTask"));
        assertEquals(PROBE_ID_OFFSET, d.get("PROBE.probeId"));
        assertEquals(PROBE_ADDRESS_OFFSET, d.get("PROBE.address"));
        assertEquals(PROBE_FIELDS_OFFSET, d.get("PROBE.fields"));
        assertEquals(PAYLOAD_PLUGIN_OFFSET, d.get("PAYLOAD.plugin"));
        assertEquals(PAYLOAD_BYTES_OFFSET, d.get("PAYLOAD.bytes"));
        assertEquals(VALUES_ENTRY_TIME_OFFSET, d.get("VALUES.entryTime"));
        assertEquals(VALUES_BYTES_OFFSET, d.get("VALUES.values"));
        assertEquals(12, d.size(), "every field of the diagram is checked: " + d.keySet());
    }

    @Test
    void headerRulersMatchTheConstants() throws IOException {
        assertArrayEquals(new int[]{KIND_OFFSET, FLAGS_OFFSET, AUX_OFFSET, DELTA_OFFSET, RECORD_HEADER_LENGTH},
                ruler("0       1"));
        assertArrayEquals(new int[]{PAGE_CRC_OFFSET, PAGE_COUNT_OFFSET, PAGE_TASK_OFFSET, PAGE_CPU_OFFSET,
                PAGE_FLAGS_OFFSET, PAGE_BASE_TIME_OFFSET}, ruler("0               4"));
        String text = Files.readString(SOURCE);
        assertTrue(text.contains("|  base time                    |  function base                |  "
                + PAGE_BASE_TIME_OFFSET));
        assertEquals(PAGE_FUNCTION_BASE_OFFSET, PAGE_BASE_TIME_OFFSET + Long.BYTES);
        assertTrue(text.contains("|  min time                     |  max time                     |  "
                + PAGE_MIN_TIME_OFFSET));
        assertEquals(PAGE_MAX_TIME_OFFSET, PAGE_MIN_TIME_OFFSET + Long.BYTES);
        assertTrue(text.contains("|  records ...                                                     "
                + PAGE_HEADER_LENGTH));
        assertTrue(text.contains("crc       u32  CRC-32C of the page bytes [" + PAGE_CRC_FROM + ", page length)"));
    }

    @Test
    void recordLengthsAndFlagsInTheDiagramMatchTheConstants() throws IOException {
        String text = Files.readString(SOURCE);
        assertTrue(text.contains("ENTRY        " + ENTRY_LENGTH + " bytes + extras (" + ENTRY_LENGTH + ".."
                + MAX_ENTRY_LENGTH + ")"));
        assertTrue(text.contains("RETURN       " + RETURN_LENGTH + " bytes + extras (" + RETURN_LENGTH + ".."
                + MAX_RETURN_LENGTH + ")"));
        assertTrue(text.contains("LOST         " + LOST_LENGTH + " bytes + extras (" + LOST_LENGTH + ".."
                + MAX_LOST_LENGTH + ")"));
        assertTrue(text.contains("TASK_SWITCH  " + SWITCH_LENGTH + " bytes + extras (" + SWITCH_LENGTH + ".."
                + MAX_SWITCH_LENGTH + ")"));
        assertTrue(text.contains("PROBE        " + PROBE_LENGTH + " + length bytes + extras (" + PROBE_LENGTH + ".."
                + MAX_PROBE_LENGTH + ")"));
        assertEquals(PROBE_LENGTH + MAX_PROBE_FIELDS + COMMON_EXTRAS_LENGTH, MAX_PROBE_LENGTH);
        assertTrue(text.contains("PROBE        " + PROBE_LENGTH + " + length bytes + extras (" + PROBE_LENGTH + ".."
                + MAX_PROBE_LENGTH + ")\n *  | header (8), aux = length (0.." + MAX_PROBE_FIELDS + ") |"));
        assertTrue(text.contains("PAYLOAD      " + PAYLOAD_LENGTH + " + length bytes + extras (" + PAYLOAD_LENGTH
                + ".." + MAX_PAYLOAD_LENGTH + ")\n *  | header (8), aux = length (0.." + MAX_PAYLOAD + ") |"));
        assertTrue(text.contains("VALUES       " + VALUES_LENGTH + " + length bytes + extras (" + VALUES_LENGTH
                + ".." + MAX_VALUES_LENGTH + ")"));
        assertEquals(VALUES_LENGTH + MAX_VALUES + COMMON_EXTRAS_LENGTH, MAX_VALUES_LENGTH);
        assertTrue(text.contains("tag u8  " + FIELD_NUMBER + " NUMBER   i64"));
        assertTrue(text.contains(FIELD_TEXT + " TEXT     u8 length, UTF-8 bytes (a string cut at " + MAX_TEXT + " bytes)"));
        assertTrue(text.contains(FIELD_FAULT + " FAULT    nothing"));
        assertTrue(text.contains(FIELD_NUMBERS + " NUMBERS  u8 count, i64 x count"));
        assertTrue(text.contains(FIELD_TEXTS + " TEXTS    u8 count, then per text u8 length (" + MAX_TEXT + ": fault)"));
        assertTrue(text.contains("PAYLOAD      " + PAYLOAD_LENGTH + " + length bytes + extras (" + PAYLOAD_LENGTH
                + ".." + MAX_PAYLOAD_LENGTH + ")"));
        assertTrue(text.contains("flags: " + RETURN_UNWOUND + " UNWOUND, " + RETURN_RETVAL + " RETVAL, "
                + RETURN_RETVAL64 + " RETVAL64, " + RETURN_OVERRUN + " OVERRUN, " + RETURN_DURATION64 + " DURATION64"));
        assertTrue(text.contains("bit " + Integer.numberOfTrailingZeros(FLAG_WIDE) + " WIDE, bit "
                + Integer.numberOfTrailingZeros(FLAG_TASK) + " TASK, bit " + Integer.numberOfTrailingZeros(FLAG_TIME)
                + " TIME"));
        assertEquals(0, KIND_FLAGS_MASK & (FLAG_WIDE | FLAG_TASK | FLAG_TIME), "kind flags and common flags overlap");
        assertEquals(KIND_FLAGS_MASK, RETURN_UNWOUND | RETURN_RETVAL | RETURN_RETVAL64 | RETURN_OVERRUN
                | RETURN_DURATION64);
        assertTrue(MAX_ARGS <= ENTRY_ARG_COUNT_MASK && ENTRY_ARG_COUNT_MASK <= KIND_FLAGS_MASK);
        assertEquals(MAX_PROBE_LENGTH, MAX_RECORD_LENGTH, "the longest record is a full probe");
    }

    @Test
    void theWorkedExampleIsWhatTheEncoderWrites() throws IOException {
        String text = Files.readString(SOURCE);
        TestPages.Page page = TestPages.page(0, 4096, 0x8000_0000L, sink -> {
            sink.probeHit(0, 0, 998, 1, 2, 3);
            sink.functionEntry(0, 0, 1000, 0x8000_0400L, 3, null, 0);
            sink.functionReturn(0, 0, 1000, 1040, 0x8000_0400L, 3, 5, 0, EventSink.FLAG_RETVAL);
        });
        int entry = ENTRY_LENGTH;
        int ret = RETURN_LENGTH + Integer.BYTES;
        int probe = PROBE_LENGTH + 1 + Long.BYTES; // one number field
        assertEquals(PAGE_HEADER_LENGTH + probe + entry + ret, page.length());
        assertTrue(text.contains("the entry is " + entry + " bytes (kind 1, flags 0, aux 3,\n * delta 2"));
        assertTrue(text.contains("the return " + RETURN_LENGTH + " + 4 = " + ret + " bytes (kind 2, flags 2 = RETVAL,"));
        assertTrue(text.contains((entry + ret) + " bytes for the call, " + (entry + ret) / 2 + " per event"));
        int at = PAGE_HEADER_LENGTH + probe;
        byte[] b = page.bytes();
        assertEquals(KIND_ENTRY, LittleEndian.u8(b, at + KIND_OFFSET));
        assertEquals(0, LittleEndian.u8(b, at + FLAGS_OFFSET));
        assertEquals(3, LittleEndian.u16(b, at + AUX_OFFSET));
        assertEquals(2, LittleEndian.i32(b, at + DELTA_OFFSET));
        assertEquals(0x400, LittleEndian.i32(b, at + ENTRY_FUNCTION_OFFSET));
        at += entry;
        assertEquals(KIND_RETURN, LittleEndian.u8(b, at + KIND_OFFSET));
        assertEquals(RETURN_RETVAL, LittleEndian.u8(b, at + FLAGS_OFFSET));
        assertEquals(40, LittleEndian.i32(b, at + DELTA_OFFSET));
        assertEquals(40, LittleEndian.i32(b, at + RETURN_DURATION_OFFSET));
        assertEquals(5, LittleEndian.i32(b, at + RETURN_LENGTH));
    }

    @Test
    void everyHartFitsTheCpuField() {
        assertTrue(MachineConfig.MAX_HARTS <= MAX_CPUS, "MAX_HARTS=" + MachineConfig.MAX_HARTS);
    }

    @Test
    void recordLengthFollowsKindFlagsAndAux() {
        TestPages.Page page = TestPages.page(0, 4096, 0, sink -> {
            sink.functionEntry(0, 0, 1, 2, 3, new long[8], 8);
            sink.functionReturn(7, 0, -5, 1L << 40, -1L, 1 << 20, Long.MIN_VALUE, 9, 3);
            sink.lost(0, 0, 3, 4);
            sink.taskSwitch(0, 4, 0, 5);
            sink.probeHit(5, 0, 5, 6, 7, 8);
            sink.payload(5, 0, 6, 7, new byte[300], 0, 300);
            sink.callValues(5, 0, 7, 1, new byte[300], 0, 300);
        });
        byte[] b = page.bytes();
        int[] expected = {ENTRY_LENGTH + 8 * ARG_LENGTH,
            RETURN_LENGTH + 3 * Long.BYTES + WIDE_LENGTH + TASK_EXTRA_LENGTH + TIME_EXTRA_LENGTH,
            LOST_LENGTH + TIME_EXTRA_LENGTH, SWITCH_LENGTH, PROBE_LENGTH + 1 + Long.BYTES, PAYLOAD_LENGTH + MAX_PAYLOAD,
            VALUES_LENGTH + MAX_VALUES};
        int at = PAGE_HEADER_LENGTH;
        for (int length : expected) {
            assertEquals(length, recordLength(b, at), "record at " + at);
            at += length;
        }
        assertEquals(page.length(), at);
        assertEquals(MAX_RETURN_LENGTH, expected[1], "the longest return takes every extra");

        byte[] r = new byte[16];
        r[KIND_OFFSET] = 0;
        assertEquals(-1, recordLength(r, 0));
        r[KIND_OFFSET] = KIND_ENTRY;
        r[FLAGS_OFFSET] = MAX_ARGS + 1;
        assertEquals(-1, recordLength(r, 0));
        r[KIND_OFFSET] = KIND_PROBE;
        r[FLAGS_OFFSET] = (byte) FLAG_WIDE;
        assertEquals(-1, recordLength(r, 0), "only calls have WIDE fields");
        r[FLAGS_OFFSET] = 1;
        assertEquals(-1, recordLength(r, 0), "a probe has no flags of its own");
        r[FLAGS_OFFSET] = 0;
        LittleEndian.u16(r, AUX_OFFSET, MAX_PROBE_FIELDS);
        assertEquals(PROBE_LENGTH + MAX_PROBE_FIELDS, recordLength(r, 0));
        LittleEndian.u16(r, AUX_OFFSET, MAX_PROBE_FIELDS + 1);
        assertEquals(-1, recordLength(r, 0), "more fields than a probe record holds");
    }

    @Test
    void fieldsAreLittleEndian() {
        TestPages.Page page = TestPages.page(3, 4096, 0, sink -> sink.lost(0x01020304, 3, 0x1122334455667788L, 9));
        byte[] b = page.bytes();
        assertEquals(0x04, b[PAGE_TASK_OFFSET]);
        assertEquals(0x01, b[PAGE_TASK_OFFSET + 3]);
        assertEquals(3, b[PAGE_CPU_OFFSET]);
        assertEquals(0x88, b[PAGE_BASE_TIME_OFFSET] & 0xff);
        assertEquals(0x11, b[PAGE_BASE_TIME_OFFSET + 7]);
        assertEquals(KIND_LOST, b[PAGE_HEADER_LENGTH]);
        assertEquals(9, b[PAGE_HEADER_LENGTH + LOST_COUNT_OFFSET]);
    }

    /** The one event {@code emit} writes, decoded from its page. */
    private static TraceEvent decodeOne(Consumer<EventSink> emit) {
        TestPages.Page page = TestPages.page(0, 4096, 0, emit);
        TraceEvent e = new TraceEvent();
        RecordDecoder d = new RecordDecoder().wrap(page.bytes(), page.length());
        assertTrue(d.next(e) > 0);
        assertEquals(0, d.next(new TraceEvent()), "one record");
        return e;
    }

    @Test
    void probeFieldsRoundTrip() {
        Object[] fields = {42L, "pen", null, new long[] {2, 3, 5}, new String[] {"a", null, "ccc"}, -1L, "é"};
        TraceEvent e = decodeOne(sink -> sink.probeHit(1, 0, 3, 7, 0x80000010L, fields));
        assertEquals(PROBE_LENGTH + 9 + 5 + 1 + 26 + 9 + 9 + 4, e.length(), "the fields as tagged values, no extras");
        Object[] back = e.probeFields();
        assertEquals(7, back.length);
        assertEquals(42L, back[0]);
        assertEquals("pen", back[1]);
        assertNull(back[2]);
        assertArrayEquals(new long[] {2, 3, 5}, (long[]) back[3]);
        assertArrayEquals(new String[] {"a", null, "ccc"}, (String[]) back[4]);
        assertEquals(-1L, back[5]);
        assertEquals("é", back[6]);
        assertEquals(1, e.task());
        assertEquals(7, e.probeId());
        assertEquals(0x80000010L, e.address());
        assertEquals(42, e.value(), "the first number");
        assertTrue(e.toString().endsWith(" probe=7 address=0x80000010 fields=0x2a,\"pen\",(fault),{0x2,0x3,0x5},"
                + "{\"a\",(fault),\"ccc\"},0xffffffffffffffff,\"é\""), e.toString());
        assertEquals(e, e.copy(), "a copy keeps the fields");
        assertNotEquals(e, decodeOne(sink -> sink.probeHit(1, 0, 3, 7, 0x80000010L, new Object[] {42L})),
                "events with other fields differ");
    }

    @Test
    void probeFieldsThatDoNotFitAreCutOrLeftOut() {
        TraceEvent text = decodeOne(sink -> sink.probeHit(0, 0, 3, 7, 0, new Object[] {"x".repeat(300), 1L}));
        assertEquals(PROBE_LENGTH + MAX_PROBE_FIELDS, text.length(), "the text fills the record");
        Object[] back = text.probeFields();
        assertEquals(1, back.length, "the number did not fit");
        assertEquals("x".repeat(MAX_PROBE_FIELDS - 2), back[0]);
        Object[] numbers = new Object[40];
        Arrays.fill(numbers, 9L);
        assertEquals(MAX_PROBE_FIELDS / 9, decodeOne(sink -> sink.probeHit(0, 0, 3, 7, 0, numbers)).probeFields().length);
        assertEquals("x" + "é".repeat(126),
                decodeOne(sink -> sink.probeHit(0, 0, 3, 7, 0, new Object[] {"x" + "é".repeat(200)})).probeFields()[0],
                "cut between characters, not inside one");
    }

    @Test
    void theOneValueFormIsOneNumberField() {
        TraceEvent e = decodeOne(sink -> sink.probeHit(0, 0, 3, 7, 0x10, Long.MIN_VALUE));
        assertArrayEquals(new Object[] {Long.MIN_VALUE}, e.probeFields());
        assertEquals(Long.MIN_VALUE, e.value());
    }
}
