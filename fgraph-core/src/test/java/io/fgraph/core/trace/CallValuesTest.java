package io.fgraph.core.trace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The VALUES record (uftrace's -A/-R values): encoded, decoded, cut to fit, and printed as uftrace prints them. */
class CallValuesTest {

    private static List<CallValue> roundTrip(byte[] values, int length) {
        byte[] record = new byte[EventLayout.MAX_RECORD_LENGTH];
        int n = EventLayout.putValues(record, 0, 3, 1, 500, 400, values, 0, length);
        TraceEvent e = new TraceEvent();
        e.wrap(record, 0, n);
        assertEquals(EventLayout.KIND_VALUES, e.kind());
        assertEquals(n, EventLayout.recordLength(record, 0));
        assertEquals(400, e.valuesEntryTime());
        assertEquals(3, e.task());
        return e.values();
    }

    @Test
    void theJavadocsWorkedExample() {
        byte[] v = new byte[EventLayout.MAX_VALUES];
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        int at = EventLayout.putTextValue(v, 0, v.length, 1, hello.length, hello);
        at = EventLayout.putNumberValue(v, at, v.length, 'd', 8, 2, 2);
        assertEquals(20, at);
        assertEquals(44, EventLayout.VALUES_LENGTH + at);
        List<CallValue> values = roundTrip(v, at);
        assertEquals(2, values.size());
        assertEquals("\"hello\"", values.get(0).format(null));
        assertEquals(1, values.get(0).index());
        assertEquals("2", values.get(1).format(null));
        assertFalse(values.get(1).isReturnValue());
    }

    @Test
    void formatsAsUftrace() {
        assertEquals("-1", CallValue.number('d', 4, 1, 0xffffffffL).format(null));
        assertEquals("0x186a1", CallValue.number('d', 8, 1, 100001).format(null));
        assertEquals("100000", CallValue.number('d', 8, 1, 100000).format(null));
        assertEquals("-3", CallValue.number('i', 1, 1, 0xfd).format(null));
        assertEquals("0x2a", CallValue.number('x', 8, 1, 42).format(null));
        assertEquals("0", CallValue.number('x', 8, 1, 0).format(null));
        assertEquals("65535", CallValue.number('u', 2, 1, 0xffff).format(null));
        assertEquals("'\\n'", CallValue.number('c', 1, 1, '\n').format(null));
        assertEquals("1.500000", CallValue.number('f', 8, 1, Double.doubleToLongBits(1.5)).format(null));
        assertEquals("&main", CallValue.number('p', 8, 1, 0x1000).format(a -> a == 0x1000 ? "main" : null));
        assertEquals("0x2000", CallValue.number('p', 8, 1, 0x2000).format(a -> null));
        assertEquals("NULL", CallValue.text(1, EventLayout.VALUE_NULL, "").format(null));
        assertEquals("\"a\\tb\\\"\"", CallValue.text(1, -1, "a\tb\"").format(null));
    }

    @Test
    void nullFaultAndLongStringsAreKept() {
        byte[] v = new byte[EventLayout.MAX_VALUES];
        byte[] text = new byte[300];
        java.util.Arrays.fill(text, (byte) 'x');
        int at = EventLayout.putTextValue(v, 0, v.length, 1, EventLayout.VALUE_NULL, text);
        at = EventLayout.putTextValue(v, at, v.length, 2, EventLayout.VALUE_FAULT, text);
        at = EventLayout.putTextValue(v, at, v.length, 3, 300, text);
        List<CallValue> values = roundTrip(v, at);
        assertEquals("NULL", values.get(0).format(null));
        assertEquals("(fault)", values.get(1).format(null));
        assertEquals(EventLayout.MAX_VALUE_TEXT, values.get(2).text().length());
    }

    @Test
    void valuesThatDoNotFitAreLeftOutWhole() {
        byte[] v = new byte[EventLayout.MAX_VALUES];
        int at = 0;
        int count = 0;
        for (int i = 1; ; i++) {
            int next = EventLayout.putNumberValue(v, at, v.length, 'd', 8, i, i);
            if (next < 0) {
                break;
            }
            at = next;
            count++;
        }
        assertEquals(EventLayout.MAX_VALUES / (EventLayout.VALUE_HEAD_LENGTH + Long.BYTES), count);
        List<CallValue> values = roundTrip(v, at);
        assertEquals(count, values.size());
        assertEquals(count, values.get(count - 1).number());
        // a record cut inside its last value shows the whole ones
        assertEquals(count - 1, roundTrip(v, at - 1).size());
    }
}
