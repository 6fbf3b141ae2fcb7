package io.fgraph.emulator.cpu;

import org.junit.jupiter.api.Test;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.FA0;
import static io.fgraph.emulator.cpu.Asm.FA1;
import static io.fgraph.emulator.cpu.Asm.FA2;
import static io.fgraph.emulator.cpu.Asm.FS1;
import static io.fgraph.emulator.cpu.Asm.FT0;
import static io.fgraph.emulator.cpu.Asm.RNE;
import static io.fgraph.emulator.cpu.Asm.S0;
import static io.fgraph.emulator.cpu.Asm.SP;
import static io.fgraph.emulator.cpu.CpuHarness.DATA;
import static io.fgraph.emulator.cpu.FloatHarness.bits;
import static io.fgraph.emulator.cpu.FloatHarness.boxed;
import static io.fgraph.emulator.cpu.FloatHarness.boxedBits;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * flw/fld/fsw/fsd and their compressed forms (c.fld, c.fsd, c.fldsp, c.fsdsp). Loads and stores are
 * transfers: flw NaN-boxes the word, fsw stores the register's low 32 bits whatever the upper ones
 * are, and no value is canonicalised. Single-precision results are NaN-boxed; a single operand that
 * is not boxed reads as the canonical NaN. f0 is an ordinary register.
 */
class FloatLoadStoreTest {
    @Test
    void flwNaNBoxesAndFswStoresTheLowWordAsItIs() {
        FloatHarness h = new FloatHarness().x(A1, DATA);
        h.cpu().machine().memory().store64(DATA, 0x1111_2222_7F80_0001L); // a signalling NaN in the low word
        h.step(asm -> asm.flw(FA0, 0, A1));
        assertEquals(0xFFFF_FFFF_7F80_0001L, h.f(FA0));
        h.step(asm -> asm.flw(FA0, 4, A1));
        assertEquals(0xFFFF_FFFF_1111_2222L, h.f(FA0));
        h.f(FA2, 0x0123_4567_89AB_CDEFL).step(asm -> asm.fsw(FA2, 8, A1));
        assertEquals(0x89AB_CDEFL, h.cpu().machine().memory().load64(DATA + 8), "low word only, upper word untouched");
        assertEquals(0, h.flags());
    }

    @Test
    void fldAndFsdMoveSixtyFourBitsIncludingMisalignedAddresses() {
        FloatHarness h = new FloatHarness().x(A1, DATA + 3);
        h.cpu().machine().memory().store64(DATA + 3, 0x7FF0_0000_0000_0001L);
        h.step(asm -> asm.fld(FA0, 0, A1));
        assertEquals(0x7FF0_0000_0000_0001L, h.f(FA0), "a signalling NaN loads as it is");
        h.step(asm -> asm.fsd(FA0, -3 + 16, A1));
        assertEquals(0x7FF0_0000_0000_0001L, h.cpu().machine().memory().load64(DATA + 16));
        h.f(FA1, boxed(1.5f)).step(asm -> asm.fsd(FA1, 29, A1));
        assertEquals(boxed(1.5f), h.cpu().machine().memory().load64(DATA + 32), "fsd of a single stores the box too");
    }

    @Test
    void f0IsAnOrdinaryRegister() {
        FloatHarness h = new FloatHarness().x(A1, DATA);
        h.cpu().machine().memory().store64(DATA, bits(2.5));
        h.step(asm -> asm.fld(FT0, 0, A1));
        h.step(asm -> asm.fadd(true, FT0, FT0, FT0, RNE));
        assertEquals(bits(5.0), h.f(FT0));
        h.step(asm -> asm.fsd(FT0, 8, A1));
        assertEquals(bits(5.0), h.cpu().machine().memory().load64(DATA + 8));
    }

    @Test
    void compressedLoadsAndStores() {
        FloatHarness h = new FloatHarness().x(S0, DATA).x(A0, DATA + 0x100).x(SP, DATA + 0x200);
        h.cpu().machine().memory().store64(DATA + 248, bits(-7.25));
        h.step(asm -> asm.cFld(FS1, 248, S0));
        assertEquals(bits(-7.25), h.f(FS1));
        h.f(FA1, bits(3.0)).step(asm -> asm.cFsd(FA1, 168, A0));
        assertEquals(bits(3.0), h.cpu().machine().memory().load64(DATA + 0x100 + 168));
        h.cpu().machine().memory().store64(DATA + 0x200 + 504, 0x0BAD_CAFE_0000_0001L);
        h.step(asm -> asm.cFldsp(31, 504));
        assertEquals(0x0BAD_CAFE_0000_0001L, h.f(31));
        h.f(30, bits(0.125)).step(asm -> asm.cFsdsp(30, 264));
        assertEquals(bits(0.125), h.cpu().machine().memory().load64(DATA + 0x200 + 264));
        h.step(asm -> asm.cFldsp(FT0, 264));
        assertEquals(bits(0.125), h.f(FT0), "c.fldsp into f0 is legal (unlike c.ldsp into x0)");
    }

    @Test
    void singleResultsAreNaNBoxedAndUnboxedOperandsReadAsTheCanonicalNan() {
        FloatHarness h = new FloatHarness().f(FA1, boxed(1.5f)).f(FA2, boxed(2.0f));
        h.step(asm -> asm.fadd(false, FA0, FA1, FA2, RNE));
        assertEquals(boxed(3.5f), h.f(FA0));
        h.f(FA2, bits(2.0)).step(asm -> asm.fadd(false, FA0, FA1, FA2, RNE));
        assertEquals(boxedBits(0x7FC0_0000), h.f(FA0), "a double in a single operand is the canonical NaN");
        assertEquals(0, h.flags(), "the canonical NaN is quiet: no invalid");
        h.f(FA2, 0x7FFF_FFFF_4000_0000L).step(asm -> asm.fmul(false, FA0, FA1, FA2, RNE));
        assertEquals(boxedBits(0x7FC0_0000), h.f(FA0), "only all-ones upper bits count as a box");
    }

    @Test
    void loadsAndStoresOutsideRamAreAccessFaults() {
        FloatHarness h = new FloatHarness().x(A1, 0x1000);
        h.cpu().machine().memory().store32(CpuHarness.BASE, Asm.encode(asm -> asm.fld(FA0, 0, A1)));
        h.cpu().step(CpuHarness.BASE);
        assertEquals(TrapCause.LOAD_ACCESS_FAULT, h.hart().mcause());
        assertEquals(0x1000, h.hart().mtval());
        h.cpu().machine().memory().store32(CpuHarness.BASE, Asm.encode(asm -> asm.fsw(FA0, 4, A1)));
        h.cpu().step(CpuHarness.BASE);
        assertEquals(TrapCause.STORE_ACCESS_FAULT, h.hart().mcause());
        assertEquals(0x1004, h.hart().mtval());
    }
}
