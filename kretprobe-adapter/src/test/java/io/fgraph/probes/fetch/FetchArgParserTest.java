package io.fgraph.probes.fetch;

import io.fgraph.emulator.elf.SymbolTable;
import io.fgraph.probes.event.ProbeDefinition;
import io.fgraph.testsupport.GuestPrograms;
import io.fgraph.emulator.elf.ElfFile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The fetch-argument language of kprobe_events: what parses, what it means, and where a bad spec is wrong. */
class FetchArgParserTest {
    private static final SymbolTable SYMBOLS = symbols();

    private static SymbolTable symbols() {
        try {
            return ElfFile.parse(GuestPrograms.bytes("probes")).symbols();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String canonical(String definition) {
        return ProbeDefinition.parse(definition, SYMBOLS, "probes").canonical();
    }

    private static FetchSpecException error(String definition) {
        return assertThrows(FetchSpecException.class, () -> ProbeDefinition.parse(definition, SYMBOLS, "probes"));
    }

    @Test
    void defaultsAreLinuxs() {
        assertEquals("p:kprobes/p_sum10_0 sum10 arg1=$arg1:x64 arg2=%a1:x64", canonical("p sum10 $arg1 %a1"));
        assertEquals("p:kprobes/p_value_10 value+0xa x=%a4:x64", canonical("p value+10 x=%a4"));
        assertEquals("p:kprobes/mine sum10 c=$comm:string", canonical("p:mine sum10 c=$comm"));
        assertEquals("p:grp/mine sum10", canonical("p:grp/mine sum10"));
        assertEquals("p:grp/p_sum10_0 sum10", canonical("p:grp/ sum10"));
        assertEquals("p:kprobes/p_0x800002d4 0x800002d4", canonical("p 0x800002d4"));
    }

    @Test
    void everyKindOfFetchArgument() {
        assertEquals("p:kprobes/e greet r=%s0:u32 f=%s0:x64 x=%t6:s8 pc=%pc:symbol sp=$stack:x64 s1=$stack1:u64 "
                        + "a=$arg10:s64 m=@calls:s64 g=@primes+4:s32 n=-8(+16(%a0)):u16 u=+u4(%sp):x32 "
                        + "i=\\-42:s32 t=\\\"hi there\":string b=+6(%a0):b3@0/8 v=@primes:s32[5] w=+0(%a0):string[2] "
                        + "c=+0(%a0):char y=%ra:symstr",
                canonical("p:e greet r=%s0:u32 f=%fp x=%x31:s8 pc=%pc:symbol sp=$stack s1=$stack1:u64 a=$arg10:s64 "
                        + "m=@calls:s64 g=@primes+4:s32 n=-8(+16(%a0)):u16 u=+u4(%sp):x32 i=\\-42:s32 t=\\\"hi there\" "
                        + "b=+6(%a0):b3@0/8 v=@primes:s32[5] w=+0(%a0):string[2] c=+0(%a0):char y=%ra:symstr"));
    }

    @Test
    void errorsSayWhatAndWhere() {
        FetchSpecException e = error("p sum10 a=%zz");
        assertEquals(12, e.position());
        assertEquals("'p sum10 a=%zz': unknown register 'zz' (RISC-V ABI names: zero, ra, sp, gp, tp, t0-t6, s0-s11, "
                + "fp, a0-a7; or x0-x31, pc) (at position 12)", e.getMessage());
        assertEquals(11, error("p sum10 a=$foo").position());
        assertEquals(15, error("p sum10 a=%a0:u7").position());
        assertEquals("unknown type 'u7' (u8..u64, s8..s64, x8..x64, char, string, ustring, symbol, symstr, "
                + "b<width>@<offset>/<container>, TYPE[N])", error("p sum10 a=%a0:u7").reason());
        assertEquals("$arg1 is only for a probe at a function entry (offset 0)", error("p sum10+4 a=$arg1").reason());
        assertEquals("$retval is only for return probes", error("p sum10 r=$retval").reason());
        assertEquals("unknown symbol 'nosuch'", error("p sum10 a=@nosuch").reason());
        assertEquals("argument name 'a' is used twice", error("p sum10 a=%a0 a=%a1").reason());
        assertEquals(15, error("p sum10 a=%a0 a=%a1").position());
        assertEquals("argument name '1a' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)", error("p sum10 1a=%a0").reason());
        assertEquals("an array type needs memory (+OFFS(...), @ADDR or @SYM), not %a0", error("p sum10 a=%a0:u8[4]").reason());
        assertEquals("array length 65: must be 1..64", error("p sum10 a=@primes:u8[65]").reason());
        assertEquals("bitfield type 'b9@0/8': 9 bits at bit 0 do not fit in 8 bits", error("p sum10 a=%a0:b9@0/8").reason());
        assertEquals("$comm is text: its type can only be string", error("p sum10 c=$comm:u32").reason());
        assertEquals("a dereference ends with ')'", error("p sum10 a=+4(%a0").reason());
        assertEquals("'zz' is not a number (decimal, or hex with 0x)", error("p sum10 a=+zz(%a0)").reason());
        assertEquals("a return probe goes at a function's entry: sum10+4 is not one", error("r sum10+4").reason());
        assertEquals("an fprobe goes at a function's entry: sum10+4 is not one", error("f sum10+4%return").reason());
        assertEquals("%return with r: an r probe is a return probe already", error("r sum10%return").reason());
        assertEquals("MAXACTIVE 0 must be 1..4096", error("r0 sum10").reason());
        assertEquals("MAXACTIVE 4097 must be 1..4096", error("r4097:x sum10").reason());
        assertEquals("after 'r8' comes ':' and the event's name, or a space", error("r8x sum10").reason());
        assertEquals("'t' events (tracepoints, eprobes) are not supported: give p, r or f", error("t sched").reason());
        assertEquals("event name '9x' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)", error("p:9x sum10").reason());
        assertEquals(5, error("p:g/9x sum10").position());
        assertEquals("where does the probe go? Give SYMBOL[+OFFS] or an address", error("p:mine").reason());
        assertEquals("a double quote is not closed", error("p sum10 t=\\\"open").reason());
    }

    @Test
    void typesReadWhatTheySay() {
        assertEquals(-1, FetchType.parse("s8").convert(0xFF));
        assertEquals(255, FetchType.parse("u8").convert(0x1FF));
        assertEquals(5, FetchType.parse("b3@0/8").convert(0x0D));
        assertEquals(1, FetchType.parse("b1@3/8").convert(0x0D));
        assertEquals(-2, FetchType.parse("s32").convert(0xFFFF_FFFEL));
        assertEquals(0xFFFF_FFFFL, FetchType.parse("x32").convert(-1L));
        assertEquals("x16[4]", FetchType.parse("x16[4]").text());
    }
}
