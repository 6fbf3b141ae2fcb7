package io.fgraph.emulator.cpu;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.fgraph.emulator.cpu.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The test assembler's F, D and compressed FP encodings against GNU as: each expected word is what
 * {@code riscv64-unknown-elf-as -march=rv64gc} (binutils 2.40, Debian 12) produced for the text
 * beside it. Without a rounding mode GNU as writes rm = 000 for the exact conversions.
 */
class AsmFloatEncodingTest {
    static Stream<Arguments> encodings() {
        return Stream.of(
            of("flw fa0, -8(a1)", 0xff85a507, a -> a.flw(FA0, -8, A1), false),
            of("fld ft1, 2040(sp)", 0x7f813087, a -> a.fld(FT1, 2040, SP), false),
            of("fsw fa2, 12(a3)", 0x00c6a627, a -> a.fsw(FA2, 12, A3), false),
            of("fsd fs1, -2048(t0)", 0x8092b027, a -> a.fsd(FS1, -2048, T0), false),
            of("fadd.s fa0, fa1, fa2, rne", 0x00c58553, a -> a.fadd(false, FA0, FA1, FA2, RNE), false),
            of("fadd.d fa0, fa1, fa2, dyn", 0x02c5f553, a -> a.fadd(true, FA0, FA1, FA2, DYN), false),
            of("fsub.s ft0, ft1, ft2, rtz", 0x08209053, a -> a.fsub(false, FT0, FT1, FT2, RTZ), false),
            of("fsub.d f31, f30, f29, rdn", 0x0bdf2fd3, a -> a.fsub(true, 31, 30, 29, RDN), false),
            of("fmul.s fa3, fa4, fa5, rup", 0x10f736d3, a -> a.fmul(false, FA3, FA4, FA5, RUP), false),
            of("fmul.d fa3, fa4, fa5, rmm", 0x12f746d3, a -> a.fmul(true, FA3, FA4, FA5, RMM), false),
            of("fdiv.s fa0, fa1, fa2, dyn", 0x18c5f553, a -> a.fdiv(false, FA0, FA1, FA2, DYN), false),
            of("fdiv.d fa0, fa1, fa2, rtz", 0x1ac59553, a -> a.fdiv(true, FA0, FA1, FA2, RTZ), false),
            of("fsqrt.s fa0, fa1, rne", 0x58058553, a -> a.fsqrt(false, FA0, FA1, RNE), false),
            of("fsqrt.d fa0, fa1, rup", 0x5a05b553, a -> a.fsqrt(true, FA0, FA1, RUP), false),
            of("fsgnj.s fa0, fa1, fa2", 0x20c58553, a -> a.fsgnj(false, FA0, FA1, FA2), false),
            of("fsgnj.d fa0, fa1, fa2", 0x22c58553, a -> a.fsgnj(true, FA0, FA1, FA2), false),
            of("fsgnjn.s fa0, fa1, fa2", 0x20c59553, a -> a.fsgnjn(false, FA0, FA1, FA2), false),
            of("fsgnjn.d fa0, fa1, fa2", 0x22c59553, a -> a.fsgnjn(true, FA0, FA1, FA2), false),
            of("fsgnjx.s fa0, fa1, fa2", 0x20c5a553, a -> a.fsgnjx(false, FA0, FA1, FA2), false),
            of("fsgnjx.d fa0, fa1, fa2", 0x22c5a553, a -> a.fsgnjx(true, FA0, FA1, FA2), false),
            of("fmin.s fa0, fa1, fa2", 0x28c58553, a -> a.fmin(false, FA0, FA1, FA2), false),
            of("fmin.d fa0, fa1, fa2", 0x2ac58553, a -> a.fmin(true, FA0, FA1, FA2), false),
            of("fmax.s fa0, fa1, fa2", 0x28c59553, a -> a.fmax(false, FA0, FA1, FA2), false),
            of("fmax.d fa0, fa1, fa2", 0x2ac59553, a -> a.fmax(true, FA0, FA1, FA2), false),
            of("fcvt.s.d fa0, fa1, rdn", 0x4015a553, a -> a.fcvtFloat(false, FA0, FA1, RDN), false),
            of("fcvt.d.s fa0, fa1", 0x42058553, a -> a.fcvtFloat(true, FA0, FA1, RNE), false),
            of("feq.s a0, fa1, fa2", 0xa0c5a553, a -> a.feq(false, A0, FA1, FA2), false),
            of("feq.d a0, fa1, fa2", 0xa2c5a553, a -> a.feq(true, A0, FA1, FA2), false),
            of("flt.s a0, fa1, fa2", 0xa0c59553, a -> a.flt(false, A0, FA1, FA2), false),
            of("flt.d a0, fa1, fa2", 0xa2c59553, a -> a.flt(true, A0, FA1, FA2), false),
            of("fle.s a0, fa1, fa2", 0xa0c58553, a -> a.fle(false, A0, FA1, FA2), false),
            of("fle.d a0, fa1, fa2", 0xa2c58553, a -> a.fle(true, A0, FA1, FA2), false),
            of("fclass.s a0, fa1", 0xe0059553, a -> a.fclass(false, A0, FA1), false),
            of("fclass.d a0, fa1", 0xe2059553, a -> a.fclass(true, A0, FA1), false),
            of("fcvt.w.s a0, fa1, rtz", 0xc0059553, a -> a.fcvtToInt(W, false, A0, FA1, RTZ), false),
            of("fcvt.wu.s a0, fa1, rne", 0xc0158553, a -> a.fcvtToInt(WU, false, A0, FA1, RNE), false),
            of("fcvt.l.s a0, fa1, rdn", 0xc025a553, a -> a.fcvtToInt(L, false, A0, FA1, RDN), false),
            of("fcvt.lu.s a0, fa1, rup", 0xc035b553, a -> a.fcvtToInt(LU, false, A0, FA1, RUP), false),
            of("fcvt.w.d a0, fa1, rmm", 0xc205c553, a -> a.fcvtToInt(W, true, A0, FA1, RMM), false),
            of("fcvt.wu.d a0, fa1, dyn", 0xc215f553, a -> a.fcvtToInt(WU, true, A0, FA1, DYN), false),
            of("fcvt.l.d a0, fa1, rtz", 0xc2259553, a -> a.fcvtToInt(L, true, A0, FA1, RTZ), false),
            of("fcvt.lu.d a0, fa1, rtz", 0xc2359553, a -> a.fcvtToInt(LU, true, A0, FA1, RTZ), false),
            of("fcvt.s.w fa0, a1, rne", 0xd0058553, a -> a.fcvtFromInt(W, false, FA0, A1, RNE), false),
            of("fcvt.s.wu fa0, a1, rtz", 0xd0159553, a -> a.fcvtFromInt(WU, false, FA0, A1, RTZ), false),
            of("fcvt.s.l fa0, a1, rdn", 0xd025a553, a -> a.fcvtFromInt(L, false, FA0, A1, RDN), false),
            of("fcvt.s.lu fa0, a1, rup", 0xd035b553, a -> a.fcvtFromInt(LU, false, FA0, A1, RUP), false),
            of("fcvt.d.w fa0, a1", 0xd2058553, a -> a.fcvtFromInt(W, true, FA0, A1, RNE), false),
            of("fcvt.d.wu fa0, a1", 0xd2158553, a -> a.fcvtFromInt(WU, true, FA0, A1, RNE), false),
            of("fcvt.d.l fa0, a1, rmm", 0xd225c553, a -> a.fcvtFromInt(L, true, FA0, A1, RMM), false),
            of("fcvt.d.lu fa0, a1, dyn", 0xd235f553, a -> a.fcvtFromInt(LU, true, FA0, A1, DYN), false),
            of("fmv.x.w a0, fa1", 0xe0058553, a -> a.fmvToX(false, A0, FA1), false),
            of("fmv.x.d a0, fa1", 0xe2058553, a -> a.fmvToX(true, A0, FA1), false),
            of("fmv.w.x fa0, a1", 0xf0058553, a -> a.fmvFromX(false, FA0, A1), false),
            of("fmv.d.x fa0, a1", 0xf2058553, a -> a.fmvFromX(true, FA0, A1), false),
            of("fmadd.s fa0, fa1, fa2, fa3, rne", 0x68c58543, a -> a.fmadd(false, FA0, FA1, FA2, FA3, RNE), false),
            of("fmadd.d fa0, fa1, fa2, fa3, dyn", 0x6ac5f543, a -> a.fmadd(true, FA0, FA1, FA2, FA3, DYN), false),
            of("fmsub.s fa0, fa1, fa2, fa3, rtz", 0x68c59547, a -> a.fmsub(false, FA0, FA1, FA2, FA3, RTZ), false),
            of("fmsub.d ft0, ft1, ft2, f31, rdn", 0xfa20a047, a -> a.fmsub(true, FT0, FT1, FT2, 31, RDN), false),
            of("fnmsub.s fa0, fa1, fa2, fa3, rup", 0x68c5b54b, a -> a.fnmsub(false, FA0, FA1, FA2, FA3, RUP), false),
            of("fnmsub.d fa0, fa1, fa2, fa3, rmm", 0x6ac5c54b, a -> a.fnmsub(true, FA0, FA1, FA2, FA3, RMM), false),
            of("fnmadd.s fa0, fa1, fa2, fa3, rne", 0x68c5854f, a -> a.fnmadd(false, FA0, FA1, FA2, FA3, RNE), false),
            of("fnmadd.d fa0, fa1, fa2, fa3, rtz", 0x6ac5954f, a -> a.fnmadd(true, FA0, FA1, FA2, FA3, RTZ), false),
            of("csrrw a0, fflags, a1", 0x00159573, a -> a.csrrw(A0, FFLAGS, A1), false),
            of("csrrs a0, frm, zero", 0x00202573, a -> a.csrrs(A0, FRM, ZERO), false),
            of("csrrwi zero, fcsr, 3", 0x0031d073, a -> a.csrrwi(ZERO, FCSR, 3), false),
            of("c.fld fa0, 8(a1)", 0x2588, a -> a.cFld(FA0, 8, A1), true),
            of("c.fld fs1, 248(s0)", 0x3c64, a -> a.cFld(FS1, 248, S0), true),
            of("c.fsd fa5, 0(a5)", 0xa39c, a -> a.cFsd(FA5, 0, A5), true),
            of("c.fsd fa2, 168(a3)", 0xb6d0, a -> a.cFsd(FA2, 168, A3), true),
            of("c.fldsp ft1, 504", 0x30fe, a -> a.cFldsp(FT1, 504), true),
            of("c.fldsp f31, 40", 0x3fa2, a -> a.cFldsp(31, 40), true),
            of("c.fsdsp fa0, 0", 0xa02a, a -> a.cFsdsp(FA0, 0), true),
            of("c.fsdsp f30, 264", 0xa67a, a -> a.cFsdsp(30, 264), true)
        );
    }

    private static Arguments of(String gnuText, int gnuBits, Consumer<Asm> instruction, boolean compressed) {
        return Arguments.of(gnuText, gnuBits, instruction, compressed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void encodesAsGnuAsDoes(String gnuText, int gnuBits, Consumer<Asm> instruction, boolean compressed) {
        int bits = compressed ? Asm.encode16(instruction) : Asm.encode(instruction);
        assertEquals(String.format("%08x", gnuBits), String.format("%08x", bits), gnuText);
    }
}
