package io.fgraph.emulator.cpu;

import java.math.BigInteger;

/**
 * A slow and independent model of binary32/binary64 arithmetic for tests: operands become exact
 * rationals (BigInteger numerator and denominator), the operation is done exactly, and the result is
 * rounded by IEEE 754's definitions (round the exact value; overflow when the rounded value with an
 * unbounded exponent exceeds the largest finite number; underflow when it is tiny, below the smallest
 * normal number after rounding with an unbounded exponent, and inexact). Special operands follow
 * the F chapter (canonical NaN, invalid for signalling NaNs and the invalid operations, inf*0 with a
 * quiet-NaN addend invalid too). It shares no code with the emulator.
 */
final class IeeeReference {
    static final int NX = 1;
    static final int UF = 2;
    static final int OF = 4;
    static final int DZ = 8;
    static final int NV = 16;
    static final int RNE = 0;
    static final int RTZ = 1;
    static final int RDN = 2;
    static final int RUP = 3;
    static final int RMM = 4;

    record Result(long bits, int flags) {
        @Override
        public String toString() {
            return String.format("0x%x flags=%s", bits, flagText(flags));
        }
    }

    static String flagText(int flags) {
        StringBuilder text = new StringBuilder();
        String[] names = {"NX", "UF", "OF", "DZ", "NV"};
        for (int i = 4; i >= 0; i--) {
            if ((flags >> i & 1) != 0) {
                text.append(text.length() == 0 ? "" : "|").append(names[i]);
            }
        }
        return text.length() == 0 ? "-" : text.toString();
    }

    /** A binary interchange format: precision p, exponent range, field widths. */
    enum Format {
        SINGLE(24, 8), DOUBLE(53, 11);

        final int precision;
        final int exponentBits;
        final int bias;
        final int emin;
        final int emax;

        Format(int precision, int exponentBits) {
            this.precision = precision;
            this.exponentBits = exponentBits;
            this.bias = (1 << (exponentBits - 1)) - 1;
            this.emin = 1 - bias;
            this.emax = bias;
        }

        int fractionBits() {
            return precision - 1;
        }

        long signBit() {
            return 1L << (precision + exponentBits - 1);
        }

        long infinity() {
            return ((1L << exponentBits) - 1) << fractionBits();
        }

        long canonicalNan() {
            return infinity() | 1L << (fractionBits() - 1);
        }

        long maxFinite() {
            return infinity() - 1;
        }

        long magnitude(long bits) {
            return bits & (signBit() - 1);
        }

        boolean negative(long bits) {
            return (bits & signBit()) != 0;
        }

        boolean isNaN(long bits) {
            return magnitude(bits) > infinity();
        }

        boolean isSignaling(long bits) {
            return isNaN(bits) && (bits & 1L << (fractionBits() - 1)) == 0;
        }

        boolean isInfinite(long bits) {
            return magnitude(bits) == infinity();
        }

        boolean isZero(long bits) {
            return magnitude(bits) == 0;
        }
    }

    /** An exact rational num/den, den > 0. */
    record Rational(BigInteger num, BigInteger den) {
        static Rational of(Format f, long bits) {
            long magnitude = f.magnitude(bits);
            long biased = magnitude >>> f.fractionBits();
            long fraction = magnitude & ((1L << f.fractionBits()) - 1);
            long significand = biased == 0 ? fraction : fraction | 1L << f.fractionBits();
            int exponent = (int) (biased == 0 ? f.emin : biased - f.bias) - f.fractionBits();
            BigInteger n = BigInteger.valueOf(significand);
            if (f.negative(bits)) {
                n = n.negate();
            }
            return exponent >= 0 ? new Rational(n.shiftLeft(exponent), BigInteger.ONE)
                    : new Rational(n, BigInteger.ONE.shiftLeft(-exponent));
        }

        static Rational integer(BigInteger value) {
            return new Rational(value, BigInteger.ONE);
        }

        Rational add(Rational o) {
            return new Rational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
        }

        Rational multiply(Rational o) {
            return new Rational(num.multiply(o.num), den.multiply(o.den));
        }

        Rational divide(Rational o) {
            BigInteger n = num.multiply(o.den);
            BigInteger d = den.multiply(o.num);
            return d.signum() < 0 ? new Rational(n.negate(), d.negate()) : new Rational(n, d);
        }

        int signum() {
            return num.signum();
        }
    }

    /** |v| for rounding: floor(log2 |v|) and floor(|v| * 2^shift) with the fraction compared to 1/2. */
    interface Magnitude {
        int floorLog2();

        /** {floor(|v| * 2^shift), c} where c is -2 for a zero fraction, else the sign of (fraction - 1/2). */
        BigInteger[] scaled(int shift);
    }

    static final class RationalMagnitude implements Magnitude {
        private final BigInteger num;
        private final BigInteger den;

        RationalMagnitude(Rational r) {
            this.num = r.num().abs();
            this.den = r.den();
        }

        @Override
        public int floorLog2() {
            int e = num.bitLength() - den.bitLength();
            // |v| >= 2^e  <=>  num >= den * 2^e
            return compare(num, den, e) >= 0 ? e : e - 1;
        }

        private static int compare(BigInteger n, BigInteger d, int e) {
            return e >= 0 ? n.compareTo(d.shiftLeft(e)) : n.shiftLeft(-e).compareTo(d);
        }

        @Override
        public BigInteger[] scaled(int shift) {
            BigInteger n = shift >= 0 ? num.shiftLeft(shift) : num;
            BigInteger d = shift >= 0 ? den : den.shiftLeft(-shift);
            BigInteger[] qr = n.divideAndRemainder(d);
            int c = qr[1].signum() == 0 ? -2 : qr[1].shiftLeft(1).compareTo(d);
            return new BigInteger[] {qr[0], BigInteger.valueOf(c)};
        }
    }

    /** sqrt(x) for a positive dyadic x = m * 2^e. */
    static final class RootMagnitude implements Magnitude {
        private final BigInteger m;
        private final int e;

        RootMagnitude(Rational x) {
            int twos = x.den().getLowestSetBit(); // den is a power of two for binary operands
            this.m = x.num();
            this.e = -twos;
        }

        @Override
        public int floorLog2() {
            return Math.floorDiv(new RationalMagnitude(new Rational(m, BigInteger.ONE)).floorLog2() + e, 2);
        }

        @Override
        public BigInteger[] scaled(int shift) {
            // floor(sqrt(x) * 2^shift) = floor(sqrt(m * 2^(e + 2 shift))); make the radicand an integer first.
            int exponent = e + 2 * shift;
            int extra = exponent < 0 ? (-exponent + 1) / 2 : 0; // radicand * 4^extra is an integer
            BigInteger radicand = m.shiftLeft(exponent + 2 * extra);
            BigInteger q = radicand.sqrt().shiftRight(extra);
            // compare x * 4^shift with q^2 (exact) and with (q + 1/2)^2 = (2q + 1)^2 / 4
            int exactness = compareScaled(m, exponent, q.multiply(q), 0);
            if (exactness == 0) {
                return new BigInteger[] {q, BigInteger.valueOf(-2)};
            }
            BigInteger twoQPlusOne = q.shiftLeft(1).add(BigInteger.ONE);
            int c = compareScaled(m, exponent + 2, twoQPlusOne.multiply(twoQPlusOne), 0);
            return new BigInteger[] {q, BigInteger.valueOf(c)};
        }

        /** Compares m * 2^a with n * 2^b. */
        private static int compareScaled(BigInteger m, int a, BigInteger n, int b) {
            int shift = a - b;
            return shift >= 0 ? m.shiftLeft(shift).compareTo(n) : m.compareTo(n.shiftLeft(-shift));
        }
    }

    // ---- rounding ----

    private static BigInteger roundAt(Magnitude m, int shift, int rm, boolean negative, boolean[] inexact) {
        BigInteger[] scaled = m.scaled(shift);
        BigInteger q = scaled[0];
        int c = scaled[1].intValue();
        inexact[0] = c != -2;
        boolean up;
        switch (rm) {
            case RNE: up = c > 0 || c == 0 && q.testBit(0); break;
            case RMM: up = c >= 0; break;
            case RUP: up = c != -2 && !negative; break;
            case RDN: up = c != -2 && negative; break;
            default: up = false; break;
        }
        return up ? q.add(BigInteger.ONE) : q;
    }

    static Result round(Format f, boolean negative, Magnitude m, int rm) {
        BigInteger top = BigInteger.ONE.shiftLeft(f.precision);
        int e = m.floorLog2();
        boolean[] inexact = new boolean[1];
        BigInteger unbounded = roundAt(m, f.precision - 1 - e, rm, negative, inexact);
        boolean tiny = e < f.emin && !(unbounded.equals(top) && e == f.emin - 1);
        int ea = Math.max(e, f.emin);
        BigInteger q = roundAt(m, f.precision - 1 - ea, rm, negative, inexact);
        int flags = inexact[0] ? NX | (tiny ? UF : 0) : 0;
        long sign = negative ? f.signBit() : 0;
        if (q.equals(top)) {
            ea++;
            q = BigInteger.ONE.shiftLeft(f.precision - 1);
        }
        if (ea > f.emax) {
            boolean toInfinity = rm == RNE || rm == RMM || rm == (negative ? RDN : RUP);
            return new Result(sign | (toInfinity ? f.infinity() : f.maxFinite()), OF | NX);
        }
        long significand = q.longValueExact();
        boolean subnormal = !q.testBit(f.precision - 1);
        long biased = subnormal ? 0 : ea + f.bias;
        long fraction = significand & ((1L << f.fractionBits()) - 1);
        return new Result(sign | biased << f.fractionBits() | fraction, flags);
    }

    static Result round(Format f, Rational exact, int rm) {
        return round(f, exact.signum() < 0, new RationalMagnitude(exact), rm);
    }

    private static Result nan(Format f, int flags) {
        return new Result(f.canonicalNan(), flags);
    }

    private static Result exactZeroSum(Format f, boolean bothNegativeZeros, int rm) {
        return new Result(bothNegativeZeros || rm == RDN ? f.signBit() : 0, 0);
    }

    // ---- operations (operands and results as raw bits of format f) ----

    static Result add(Format f, long a, long b, int rm) {
        if (f.isNaN(a) || f.isNaN(b)) {
            return nan(f, f.isSignaling(a) || f.isSignaling(b) ? NV : 0);
        }
        if (f.isInfinite(a) || f.isInfinite(b)) {
            if (f.isInfinite(a) && f.isInfinite(b) && f.negative(a) != f.negative(b)) {
                return nan(f, NV);
            }
            return new Result(f.isInfinite(a) ? a : b, 0);
        }
        Rational sum = Rational.of(f, a).add(Rational.of(f, b));
        if (sum.signum() == 0) {
            if (f.isZero(a) && f.isZero(b) && f.negative(a) == f.negative(b)) {
                return new Result(a, 0);
            }
            return exactZeroSum(f, false, rm);
        }
        return round(f, sum, rm);
    }

    static Result sub(Format f, long a, long b, int rm) {
        return add(f, a, b ^ f.signBit(), rm);
    }

    static Result mul(Format f, long a, long b, int rm) {
        if (f.isNaN(a) || f.isNaN(b)) {
            return nan(f, f.isSignaling(a) || f.isSignaling(b) ? NV : 0);
        }
        long sign = (a ^ b) & f.signBit();
        if (f.isInfinite(a) || f.isInfinite(b)) {
            return f.isZero(a) || f.isZero(b) ? nan(f, NV) : new Result(sign | f.infinity(), 0);
        }
        if (f.isZero(a) || f.isZero(b)) {
            return new Result(sign, 0);
        }
        return round(f, Rational.of(f, a).multiply(Rational.of(f, b)), rm);
    }

    static Result div(Format f, long a, long b, int rm) {
        if (f.isNaN(a) || f.isNaN(b)) {
            return nan(f, f.isSignaling(a) || f.isSignaling(b) ? NV : 0);
        }
        long sign = (a ^ b) & f.signBit();
        if (f.isInfinite(a)) {
            return f.isInfinite(b) ? nan(f, NV) : new Result(sign | f.infinity(), 0);
        }
        if (f.isInfinite(b)) {
            return new Result(sign, 0);
        }
        if (f.isZero(b)) {
            return f.isZero(a) ? nan(f, NV) : new Result(sign | f.infinity(), DZ);
        }
        if (f.isZero(a)) {
            return new Result(sign, 0);
        }
        return round(f, Rational.of(f, a).divide(Rational.of(f, b)), rm);
    }

    static Result sqrt(Format f, long a, int rm) {
        if (f.isNaN(a)) {
            return nan(f, f.isSignaling(a) ? NV : 0);
        }
        if (f.isZero(a)) {
            return new Result(a, 0);
        }
        if (f.negative(a)) {
            return nan(f, NV);
        }
        if (f.isInfinite(a)) {
            return new Result(a, 0);
        }
        return round(f, false, new RootMagnitude(Rational.of(f, a)), rm);
    }

    /** a * b + c rounded once. */
    static Result fma(Format f, long a, long b, long c, int rm) {
        boolean infTimesZero = f.isInfinite(a) && f.isZero(b) || f.isZero(a) && f.isInfinite(b);
        if (f.isNaN(a) || f.isNaN(b) || f.isNaN(c)) {
            return nan(f, f.isSignaling(a) || f.isSignaling(b) || f.isSignaling(c) || infTimesZero ? NV : 0);
        }
        if (infTimesZero) {
            return nan(f, NV);
        }
        boolean productNegative = f.negative(a) != f.negative(b);
        if (f.isInfinite(a) || f.isInfinite(b)) {
            if (f.isInfinite(c) && f.negative(c) != productNegative) {
                return nan(f, NV);
            }
            return new Result((productNegative ? f.signBit() : 0) | f.infinity(), 0);
        }
        if (f.isInfinite(c)) {
            return new Result(c, 0);
        }
        Rational product = Rational.of(f, a).multiply(Rational.of(f, b));
        Rational sum = product.add(Rational.of(f, c));
        if (sum.signum() == 0) {
            boolean productZero = product.signum() == 0;
            if (productZero && f.isZero(c) && productNegative == f.negative(c)) {
                return new Result(c, 0);
            }
            return exactZeroSum(f, false, rm);
        }
        return round(f, sum, rm);
    }

    /** fcvt from one precision to the other. */
    static Result convert(Format from, Format to, long a, int rm) {
        if (from.isNaN(a)) {
            return nan(to, from.isSignaling(a) ? NV : 0);
        }
        long sign = from.negative(a) ? to.signBit() : 0;
        if (from.isInfinite(a)) {
            return new Result(sign | to.infinity(), 0);
        }
        if (from.isZero(a)) {
            return new Result(sign, 0);
        }
        return round(to, Rational.of(from, a), rm);
    }

    /** An integer (given exactly) to a float. */
    static Result fromInteger(Format f, BigInteger value, int rm) {
        return value.signum() == 0 ? new Result(0, 0) : round(f, Rational.integer(value), rm);
    }

    /**
     * A float to the integer range [low, high] (the result as a BigInteger, before any
     * sign-extension), with the F chapter's saturation: NaN gives high.
     */
    static BigInteger[] toInteger(Format f, long a, BigInteger low, BigInteger high, int rm) {
        if (f.isNaN(a)) {
            return new BigInteger[] {high, BigInteger.valueOf(NV)};
        }
        if (f.isInfinite(a)) {
            return new BigInteger[] {f.negative(a) ? low : high, BigInteger.valueOf(NV)};
        }
        Rational exact = Rational.of(f, a);
        BigInteger[] qr = exact.num().abs().divideAndRemainder(exact.den());
        BigInteger q = qr[0];
        boolean inexact = qr[1].signum() != 0;
        int c = inexact ? qr[1].shiftLeft(1).compareTo(exact.den()) : -2;
        boolean negative = exact.signum() < 0;
        boolean up;
        switch (rm) {
            case RNE: up = c > 0 || c == 0 && q.testBit(0); break;
            case RMM: up = c >= 0; break;
            case RUP: up = inexact && !negative; break;
            case RDN: up = inexact && negative; break;
            default: up = false; break;
        }
        BigInteger rounded = up ? q.add(BigInteger.ONE) : q;
        if (negative) {
            rounded = rounded.negate();
        }
        if (rounded.compareTo(low) < 0) {
            return new BigInteger[] {low, BigInteger.valueOf(NV)};
        }
        if (rounded.compareTo(high) > 0) {
            return new BigInteger[] {high, BigInteger.valueOf(NV)};
        }
        return new BigInteger[] {rounded, BigInteger.valueOf(inexact ? NX : 0)};
    }
}
