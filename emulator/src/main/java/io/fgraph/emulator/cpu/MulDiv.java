package io.fgraph.emulator.cpu;

/** The M extension's high multiplies and its divisions, with the spec's results for x/0 and overflow. */
final class MulDiv {
    private MulDiv() {
    }

    static long mulhu(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    static long mulhsu(long a, long b) {
        return Math.multiplyHigh(a, b) + ((b >> 63) & a);
    }

    static long div(long a, long b) {
        if (b == 0) {
            return -1;
        }
        if (a == Long.MIN_VALUE && b == -1) {
            return a;
        }
        return a / b;
    }

    static long divu(long a, long b) {
        return b == 0 ? -1 : Long.divideUnsigned(a, b);
    }

    static long rem(long a, long b) {
        if (b == 0) {
            return a;
        }
        if (a == Long.MIN_VALUE && b == -1) {
            return 0;
        }
        return a % b;
    }

    static long remu(long a, long b) {
        return b == 0 ? a : Long.remainderUnsigned(a, b);
    }

    static long divw(long a, long b) {
        int x = (int) a;
        int y = (int) b;
        if (y == 0) {
            return -1;
        }
        if (x == Integer.MIN_VALUE && y == -1) {
            return x;
        }
        return x / y;
    }

    static long divuw(long a, long b) {
        int y = (int) b;
        return y == 0 ? -1 : (long) Integer.divideUnsigned((int) a, y);
    }

    static long remw(long a, long b) {
        int x = (int) a;
        int y = (int) b;
        if (y == 0) {
            return x;
        }
        if (x == Integer.MIN_VALUE && y == -1) {
            return 0;
        }
        return x % y;
    }

    static long remuw(long a, long b) {
        int y = (int) b;
        return y == 0 ? (long) (int) a : (long) Integer.remainderUnsigned((int) a, y);
    }
}
