package io.fgraph.core.analysis;

/** Exact decimal renderings of virtual-clock nanoseconds. */
public final class Durations {
    private Durations() {
    }

    /** {@code ns} as microseconds with three decimals, e.g. {@code 1234 -> "1.234"}. */
    public static String micros(long ns) {
        String sign = ns < 0 ? "-" : "";
        long abs = Math.abs(ns);
        long fraction = abs % 1000;
        return sign + (abs / 1000) + "." + (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + fraction;
    }

    /** uftrace's duration column: three decimals in us, ms or s, whichever keeps the integer part below 1000. */
    public static String uftrace(long ns) {
        String[] units = {"us", "ms", " s"};
        long value = ns;
        int unit = 0;
        while (value >= 1_000_000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        StringBuilder b = new StringBuilder(12);
        String integer = Long.toString(value / 1000);
        for (int i = integer.length(); i < 4; i++) {
            b.append(' ');
        }
        long fraction = value % 1000;
        b.append(integer).append('.').append((char) ('0' + fraction / 100)).append((char) ('0' + fraction / 10 % 10))
                .append((char) ('0' + fraction % 10)).append(' ').append(units[unit]);
        return b.toString(); // what String.format("%4d.%03d %s") gives, without its parsing cost per line
    }

    /** uftrace's time column (print_time_unit): {@link #uftrace} 10 wide, blank for zero. */
    public static String uftraceColumn(long ns) {
        if (ns <= 0) {
            return "          ";
        }
        return uftrace(ns).substring(1);
    }
}
