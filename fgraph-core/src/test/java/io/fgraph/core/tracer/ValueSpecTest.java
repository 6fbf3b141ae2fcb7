package io.fgraph.core.tracer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** uftrace's -A/-R spec syntax: what each spec reads, its canonical text, and the refusals. */
class ValueSpecTest {

    @Test
    void argumentsWithFormatsSizesAndLocations() {
        ValueSpec s = ValueSpec.parse("arg1/s", false);
        assertEquals(new ValueSpec(ValueSpec.Kind.ARG, 1, ValueSpec.Format.STRING, 8, -1, -1), s);
        assertEquals(new ValueSpec(ValueSpec.Kind.ARG, 2, ValueSpec.Format.HEX, 4, -1, -1), ValueSpec.parse("arg2/x32", false));
        assertEquals(new ValueSpec(ValueSpec.Kind.ARG, 3, ValueSpec.Format.CHAR, 1, -1, -1), ValueSpec.parse("arg3/c", false));
        assertEquals(new ValueSpec(ValueSpec.Kind.ARG, 10, ValueSpec.Format.AUTO, 8, -1, -1), ValueSpec.parse("arg10", false));
        assertEquals(new ValueSpec(ValueSpec.Kind.ARG, 1, ValueSpec.Format.UNSIGNED, 2, 13, -1), ValueSpec.parse("arg1/u16%a3", false));
        assertEquals(new ValueSpec(ValueSpec.Kind.ARG, 4, ValueSpec.Format.AUTO, 8, -1, 2), ValueSpec.parse("arg4%stack+2", false));
        assertEquals(new ValueSpec(ValueSpec.Kind.FPARG, 1, ValueSpec.Format.FLOAT, 4, -1, -1), ValueSpec.parse("fparg1/32", false));
        assertEquals(new ValueSpec(ValueSpec.Kind.RETVAL, 0, ValueSpec.Format.POINTER, 8, -1, -1), ValueSpec.parse("retval/p", true));
    }

    @Test
    void textIsUftracesSpelling() {
        for (String spec : List.of("arg1/s", "arg2/x32", "arg3/c", "arg10", "arg1/u16%a3", "arg4%stack+2", "fparg1/32", "fparg2")) {
            assertEquals(spec, ValueSpec.parse(spec, false).text());
        }
        assertEquals("retval/i8", ValueSpec.parse("retval/i8", true).text());
        assertEquals("retval", ValueSpec.parse("retval/d", true).text());
    }

    @Test
    void triggersTakeValueActionsAtRecordOnly() {
        Trigger t = Trigger.parse("text@arg1/s,depth=2,retval/x", Trigger.Where.RECORD);
        assertEquals(List.of("arg1/s"), t.actions().arguments().stream().map(ValueSpec::text).toList());
        assertEquals("retval/x", t.actions().returnValue().text());
        assertTrue(t.actions().has(FunctionActions.DEPTH));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Trigger.parse("text@arg1/s", Trigger.Where.REPLAY))
                .getMessage().contains("works only at record"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Trigger.parse("text@arg1/q", Trigger.Where.RECORD))
                .getMessage().contains("unknown format 'q'"));
    }

    @Test
    void badSpecsSayWhy() {
        assertEquals("spec='arg0': arguments are numbered from 1",
                assertThrows(IllegalArgumentException.class, () -> ValueSpec.parse("arg0", false)).getMessage());
        assertEquals("spec='arg1/q': unknown format 'q' (d, i, u, x, s, c, f, p)",
                assertThrows(IllegalArgumentException.class, () -> ValueSpec.parse("arg1/q", false)).getMessage());
        assertEquals("spec='arg1/d12': size 12: must be 8, 16, 32 or 64 bits",
                assertThrows(IllegalArgumentException.class, () -> ValueSpec.parse("arg1/d12", false)).getMessage());
        assertEquals("spec='arg1/s32': a pointer is 64 bits",
                assertThrows(IllegalArgumentException.class, () -> ValueSpec.parse("arg1/s32", false)).getMessage());
        assertEquals("spec='retval': retval goes with the return values",
                assertThrows(IllegalArgumentException.class, () -> ValueSpec.parse("retval", false)).getMessage());
        assertEquals("spec='arg1': a return value spec is retval[/FORMAT]",
                assertThrows(IllegalArgumentException.class, () -> ValueSpec.parse("arg1", true)).getMessage());
        assertEquals("spec='arg1%t0': register 't0': a0..a7 or stack+N",
                assertThrows(IllegalArgumentException.class, () -> ValueSpec.parse("arg1%t0", false)).getMessage());
        assertEquals("spec='foo': expected argN, fpargN or retval",
                assertThrows(IllegalArgumentException.class, () -> ValueSpec.parse("foo", false)).getMessage());
    }

    @Test
    void triggersCarryTheSpecsAndLaterOnesReplaceTheSameArgument() {
        Trigger a = Trigger.parseValues("text@arg2,arg1/s", false);
        assertEquals("text", a.pattern());
        Trigger b = Trigger.parseValues("text@arg2/x", false);
        FunctionActions merged = a.actions().merge(b.actions());
        assertEquals(List.of("arg1/s", "arg2/x"), merged.arguments().stream().map(ValueSpec::text).toList());
        assertNull(merged.returnValue());
        FunctionActions withReturn = merged.merge(Trigger.parseValues("text@retval/c", true).actions());
        assertEquals("retval/c", withReturn.returnValue().text());
        assertTrue(withReturn.has(FunctionActions.VALUES));
        assertEquals("argument='text': FUNC alone asks uftrace for arguments from debug information, which fgraph does "
                        + "not read: give FUNC@arg1[/FORMAT],...",
                assertThrows(IllegalArgumentException.class, () -> Trigger.parseValues("text", false)).getMessage());
        assertEquals("argument='text@arg1/z': spec='arg1/z': unknown format 'z' (d, i, u, x, s, c, f, p)",
                assertThrows(IllegalArgumentException.class, () -> Trigger.parseValues("text@arg1/z", false)).getMessage());
    }
}
