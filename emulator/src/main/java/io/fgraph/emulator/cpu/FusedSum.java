package io.fgraph.emulator.cpu;

/**
 * The exact sum of a 106-bit product and a 53-bit addend, rounded once: the core of the
 * double-precision fused multiply-add. Both terms go into one 128-bit frame with the larger term's
 * leading one at bit {@link #FRAME_LEAD}; the smaller one is shifted right with its lost bits
 * jammed into bit 0. A jam only happens when the terms are at least 2^20 apart, so even a
 * subtraction leaves the leading one at bit 124 or above, far from the jammed bit.
 */
final class FusedSum {
    private FusedSum() {
    }

    private static final int FRAME_LEAD = 125;
    private static final int ADDEND_LEAD = 52;

    /**
     * Rounds {@code (-1)^productNegative * (productHi:productLo) * 2^productExponent
     * + (-1)^addendNegative * addend * 2^addendExponent}; both magnitudes are non-zero, the product
     * has its leading one at bit 104 or 105 and the addend at bit 52.
     */
    static long round(boolean productNegative, long productHi, long productLo, int productExponent,
            boolean addendNegative, long addend, int addendExponent, int rm, FloatFlags flags) {
        int productLeadBit = 127 - Long.numberOfLeadingZeros(productHi);
        long bigHi;
        long bigLo;
        long smallHi;
        long smallLo;
        int frame;
        boolean bigNegative;
        boolean smallNegative;
        if (productExponent + productLeadBit >= addendExponent + ADDEND_LEAD) {
            int shift = FRAME_LEAD - productLeadBit; // 20 or 21
            bigHi = productHi << shift | productLo >>> (64 - shift);
            bigLo = productLo << shift;
            frame = productExponent - shift;
            int offset = addendExponent - frame; // at most FRAME_LEAD - ADDEND_LEAD
            if (offset >= 64) {
                smallHi = addend << (offset - 64);
                smallLo = 0;
            } else if (offset > 0) {
                smallHi = addend >>> (64 - offset);
                smallLo = addend << offset;
            } else {
                smallHi = 0;
                smallLo = FloatRounder.shiftRightJam64(addend, -offset);
            }
            bigNegative = productNegative;
            smallNegative = addendNegative;
        } else {
            int shift = FRAME_LEAD - ADDEND_LEAD; // 73: the addend lies in the high word only
            bigHi = addend << (shift - 64);
            bigLo = 0;
            frame = addendExponent - shift;
            int offset = productExponent - frame; // below FRAME_LEAD - productLeadBit, so at most 20
            if (offset > 0) {
                smallHi = productHi << offset | productLo >>> (64 - offset);
                smallLo = productLo << offset;
            } else if (offset == 0) {
                smallHi = productHi;
                smallLo = productLo;
            } else {
                int n = -offset;
                if (n < 64) {
                    smallLo = productLo >>> n | productHi << (64 - n) | ((productLo << (64 - n)) != 0 ? 1 : 0);
                    smallHi = productHi >>> n;
                } else if (n < 128) {
                    boolean lost = n > 64 && (productHi << (128 - n)) != 0 || productLo != 0;
                    smallLo = productHi >>> (n - 64) | (lost ? 1 : 0);
                    smallHi = 0;
                } else {
                    smallLo = 1; // the product is non-zero
                    smallHi = 0;
                }
            }
            bigNegative = addendNegative;
            smallNegative = productNegative;
        }
        long hi;
        long lo;
        boolean negative = bigNegative;
        if (bigNegative == smallNegative) {
            lo = bigLo + smallLo;
            hi = bigHi + smallHi + (Long.compareUnsigned(lo, bigLo) < 0 ? 1 : 0);
        } else {
            int order = bigHi != smallHi ? Long.compareUnsigned(bigHi, smallHi) : Long.compareUnsigned(bigLo, smallLo);
            if (order == 0) {
                // Exact cancellation: +0, or -0 when rounding down.
                return rm == FloatRoundingMode.RDN ? FloatBits.SIGN_64 : 0;
            }
            if (order < 0) {
                // Equal leading bits and the smaller term won: subtract the other way round.
                long t = bigHi;
                bigHi = smallHi;
                smallHi = t;
                t = bigLo;
                bigLo = smallLo;
                smallLo = t;
                negative = smallNegative;
            }
            lo = bigLo - smallLo;
            hi = bigHi - smallHi - (Long.compareUnsigned(bigLo, smallLo) < 0 ? 1 : 0);
        }
        return FloatRounder.binary64(negative, hi, lo, frame, rm, flags);
    }
}
