package io.fgraph.emulator.cpu;

import java.util.SplittableRandom;

/**
 * Random binary32/binary64 operands weighted towards the hard places: special values, subnormals,
 * the edges of the exponent range, few-bit significands (ties, exact results), and second operands
 * related to the first (cancelling sums, neighbours, fused sums that cancel the product).
 * Deterministic for a given seed.
 */
final class RandomFloats {
    private static final long[] SPECIAL_64 = {
        0, 1L << 63, 0x7FF0_0000_0000_0000L, 0xFFF0_0000_0000_0000L, 0x7FF8_0000_0000_0000L, 0x7FF0_0000_0000_0001L,
        0xFFF8_0000_0000_0005L, 1, 0x000F_FFFF_FFFF_FFFFL, 0x0010_0000_0000_0000L, 0x7FEF_FFFF_FFFF_FFFFL,
        0x3FF0_0000_0000_0000L, 0xBFF0_0000_0000_0000L, 0x3FEF_FFFF_FFFF_FFFFL, 0x4340_0000_0000_0000L,
    };
    private static final int[] SPECIAL_32 = {
        0, 1 << 31, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0x7F80_0001, 0xFFC0_0005, 1, 0x007F_FFFF, 0x0080_0000,
        0x7F7F_FFFF, 0x3F80_0000, 0xBF80_0000, 0x3F7F_FFFF, 0x4B80_0000,
    };

    long double64() {
        long sign = random.nextBoolean() ? 1L << 63 : 0;
        long fraction = random.nextLong() & 0x000F_FFFF_FFFF_FFFFL;
        switch (random.nextInt(9)) {
            case 0: return random.nextLong();
            case 1: return SPECIAL_64[random.nextInt(SPECIAL_64.length)];
            case 2: return sign | fraction >>> random.nextInt(53); // subnormal
            case 3: return sign | (long) (1023 + random.nextInt(-4, 5)) << 52 | fraction;
            case 4: return sign | (long) random.nextInt(1, 2047) << 52 | fraction & -(1L << random.nextInt(53));
            case 5: return sign | (long) random.nextInt(1, 80) << 52 | fraction;
            case 6: return sign | (long) random.nextInt(1966, 2047) << 52 | fraction;
            case 7: return sign | (long) random.nextInt(1, 2047) << 52 | (random.nextBoolean() ? 0x000F_FFFF_FFFF_FFFFL : 0);
            default: return sign | (long) random.nextInt(1, 2047) << 52 | fraction;
        }
    }

    int single32() {
        int sign = random.nextBoolean() ? 1 << 31 : 0;
        int fraction = random.nextInt() & 0x007F_FFFF;
        switch (random.nextInt(9)) {
            case 0: return random.nextInt();
            case 1: return SPECIAL_32[random.nextInt(SPECIAL_32.length)];
            case 2: return sign | fraction >>> random.nextInt(24);
            case 3: return sign | (127 + random.nextInt(-4, 5)) << 23 | fraction;
            case 4: return sign | random.nextInt(1, 255) << 23 | fraction & -(1 << random.nextInt(24));
            case 5: return sign | random.nextInt(1, 30) << 23 | fraction;
            case 6: return sign | random.nextInt(225, 255) << 23 | fraction;
            case 7: return sign | random.nextInt(1, 255) << 23 | (random.nextBoolean() ? 0x007F_FFFF : 0);
            default: return sign | random.nextInt(1, 255) << 23 | fraction;
        }
    }

    /** A second operand related to the first often enough to make cancellations, ties and exact sums. */
    long partner64(long a) {
        switch (random.nextInt(4)) {
            case 0: {
                long exponent = (a >>> 52 & 0x7FF) + random.nextInt(-60, 61);
                long fraction = random.nextBoolean() ? a & 0x000F_FFFF_FFFF_FFFFL : random.nextLong() & 0x000F_FFFF_FFFF_FFFFL;
                if (exponent < 1 || exponent > 2046) {
                    return double64();
                }
                return (random.nextBoolean() ? 1L << 63 : 0) | exponent << 52 | fraction;
            }
            case 1: return (a ^ (random.nextBoolean() ? 1L << 63 : 0)) + random.nextInt(-3, 4);
            default: return double64();
        }
    }

    int partner32(int a) {
        switch (random.nextInt(4)) {
            case 0: {
                int exponent = (a >>> 23 & 0xFF) + random.nextInt(-30, 31);
                int fraction = random.nextBoolean() ? a & 0x007F_FFFF : random.nextInt() & 0x007F_FFFF;
                if (exponent < 1 || exponent > 254) {
                    return single32();
                }
                return (random.nextBoolean() ? 1 << 31 : 0) | exponent << 23 | fraction;
            }
            case 1: return (a ^ (random.nextBoolean() ? 1 << 31 : 0)) + random.nextInt(-3, 4);
            default: return single32();
        }
    }

    private final SplittableRandom random;

    RandomFloats(long seed) {
        this.random = new SplittableRandom(seed);
    }

    boolean oneIn(int n) {
        return random.nextInt(n) == 0;
    }

    int nextInt(int origin, int bound) {
        return random.nextInt(origin, bound);
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    long nextLong() {
        return random.nextLong();
    }

    boolean nextBoolean() {
        return random.nextBoolean();
    }

    /** An addend close to -(a*b), so the fused sum cancels most of the product. */
    long fmaCanceller(long a, long b) {
        double product = Double.longBitsToDouble(a) * Double.longBitsToDouble(b);
        long bits = Double.doubleToRawLongBits(-product);
        return Double.isFinite(product) ? bits + random.nextInt(-2, 3) : double64();
    }

    int fmaCanceller32(int a, int b) {
        float product = Float.intBitsToFloat(a) * Float.intBitsToFloat(b);
        return Float.isFinite(product) ? Float.floatToRawIntBits(-product) + random.nextInt(-2, 3) : single32();
    }

}
