package io.fgraph.core.analysis;

import io.fgraph.core.trace.CallValue;
import io.fgraph.core.trace.EventLayout;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The -A/-R values of a uftrace.data export: uftrace's byte layout and the info file's specs. */
class UftraceValueSpecsTest {

    @Test
    void argumentsAreUftracesBytesAndSpecs() {
        UftraceValueSpecs specs = new UftraceValueSpecs();
        assertTrue(specs.isEmpty());
        assertEquals("", specs.infoLines());
        // text("hi", 2): arg1/s then arg2/d: u16 2, "hi" (4 bytes), then 8 bytes of 2: 12, padded to 16
        byte[] data = specs.arguments(0x100, "text", List.of(new CallValue('s', 8, 1, 0, "hi", -1),
                new CallValue('d', 8, 2, 2, null, -1)));
        assertArrayEquals(new byte[] {2, 0, 'h', 'i', 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, data);
        // letter('a'): one byte, padded to 4, then to 8
        assertArrayEquals(new byte[] {'a', 0, 0, 0, 0, 0, 0, 0},
                specs.arguments(0x200, "letter", List.of(new CallValue('c', 1, 1, 'a', null, -1))));
        // a null string is written as uftrace writes it; a value missing from a later call is a zero
        assertArrayEquals(new byte[] {4, 0, 'N', 'U', 'L', 'L', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                specs.arguments(0x100, "text", List.of(new CallValue('s', 8, 1, 0, "", EventLayout.VALUE_NULL))));
        assertArrayEquals(new byte[] {7, 0, 0, 0, 0, 0, 0, 0},
                specs.returnValue(0x100, "text", new CallValue('x', 4, 0, 7, null, -1)));
        assertEquals(0, specs.returnValue(0x300, "other", null).length, "no spec, no data");
        assertEquals("argspec:lines=5\nargspec:text@arg1/s,arg2/d;letter@arg1/c\nretspec:text@retval/x32\n"
                + "argauto:\nretauto:\nenumauto:\n", specs.infoLines());
    }

    @Test
    void argumentsAreInUftracesOrder() {
        UftraceValueSpecs specs = new UftraceValueSpecs();
        specs.arguments(0x100, "f", List.of(new CallValue('x', 2, 3, 0, null, -1), new CallValue('f', 8, 1 | EventLayout.VALUE_SLOT_FLOAT,
                0, null, -1), new CallValue('i', 4, 1, 0, null, -1)));
        assertEquals("argspec:lines=4\nargspec:f@arg1/i32,fparg1,arg3/x16\nargauto:\nretauto:\nenumauto:\n", specs.infoLines());
    }
}
