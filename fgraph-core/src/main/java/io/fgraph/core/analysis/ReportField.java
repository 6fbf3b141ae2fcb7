package io.fgraph.core.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The columns of uftrace's {@code report} ({@code -f/--output-fields}) and its sort keys
 * ({@code -s}), with uftrace's names and headers. Columns print in this order.
 */
public enum ReportField {
    TOTAL("total", "Total time", FunctionStatistics::totalNs, true),
    TOTAL_AVG("total-avg", "Total avg", FunctionStatistics::averageNs, true),
    TOTAL_MIN("total-min", "Total min", FunctionStatistics::minNs, true),
    TOTAL_MAX("total-max", "Total max", FunctionStatistics::maxNs, true),
    SELF("self", "Self time", FunctionStatistics::selfNs, true),
    SELF_AVG("self-avg", "Self avg", FunctionStatistics::selfAverageNs, true),
    SELF_MIN("self-min", "Self min", FunctionStatistics::selfMinNs, true),
    SELF_MAX("self-max", "Self max", FunctionStatistics::selfMaxNs, true),
    CALL("call", "Calls", FunctionStatistics::calls, false),
    SIZE("size", "Size", FunctionStatistics::size, false);

    final String key;
    final String header;
    final ToLongFunction<FunctionStatistics> value;
    final boolean time;

    ReportField(String key, String header, ToLongFunction<FunctionStatistics> value, boolean time) {
        this.key = key;
        this.header = header;
        this.value = value;
        this.time = time;
    }

    public String key() {
        return key;
    }

    public long value(FunctionStatistics s) {
        return value.applyAsLong(s);
    }

    /** uftrace's {@code --avg-total} / {@code --avg-self}: which figures the avg, min, max keys mean. */
    public enum Average { NONE, TOTAL, SELF }

    /** The default columns: total, self, call; avg, min and max of total or self time with {@code --avg-*}. */
    public static List<ReportField> defaults(Average average) {
        return switch (average) {
            case NONE -> List.of(TOTAL, SELF, CALL);
            case TOTAL -> List.of(TOTAL_AVG, TOTAL_MIN, TOTAL_MAX);
            case SELF -> List.of(SELF_AVG, SELF_MIN, SELF_MAX);
        };
    }

    /**
     * uftrace's {@code -f}: fields separated by commas, {@code +field} to add to the defaults,
     * {@code all}, or {@code none}; printed in uftrace's order.
     */
    public static List<ReportField> parse(String text, Average average) {
        String list = text.trim();
        if (list.equals("none")) {
            return List.of();
        }
        Set<ReportField> fields = EnumSet.noneOf(ReportField.class);
        if (list.startsWith("+")) {
            fields.addAll(defaults(average));
            list = list.substring(1);
        }
        for (String name : list.split(",")) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            if (key.equals("all")) {
                return List.of(values());
            }
            fields.add(byKey(key));
        }
        return List.copyOf(fields);
    }

    private static ReportField byKey(String key) {
        for (ReportField f : values()) {
            if (f.key.equals(key) || f.key.replace('-', '_').equals(key)) {
                return f;
            }
        }
        List<String> keys = new ArrayList<>();
        for (ReportField f : values()) {
            keys.add(f.key);
        }
        throw new IllegalArgumentException("field '" + key + "': unknown (fields: " + String.join(", ", keys) + ", all, none)");
    }

    /**
     * uftrace's {@code -s KEY[,KEY...]}: descending by each key in turn ({@code func}: by name),
     * ties by name. Keys: the fields' names, {@code func}; with {@code --avg-*} also {@code avg},
     * {@code min}, {@code max} of the chosen time. fgraph's own {@code calls}, {@code avg} and
     * {@code max} (of total time) are taken too.
     */
    public static Comparator<FunctionStatistics> sort(String keys, Average average) {
        Comparator<FunctionStatistics> order = null;
        for (String k : keys.split(",")) {
            String key = k.trim().toLowerCase(Locale.ROOT);
            Comparator<FunctionStatistics> one;
            if (key.equals("func")) {
                one = Comparator.comparing(FunctionStatistics::name);
            } else {
                ReportField field = switch (key) {
                    case "calls" -> CALL;
                    case "avg" -> average == Average.SELF ? SELF_AVG : TOTAL_AVG;
                    case "min" -> average == Average.SELF ? SELF_MIN : TOTAL_MIN;
                    case "max" -> average == Average.SELF ? SELF_MAX : TOTAL_MAX;
                    default -> {
                        try {
                            yield byKey(key);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("sort key '" + key + "': unknown (keys: total, total-avg, "
                                    + "total-min, total-max, self, self-avg, self-min, self-max, call, size, func; "
                                    + "avg, min, max)");
                        }
                    }
                };
                one = Comparator.comparingLong(field.value).reversed();
            }
            order = order == null ? one : order.thenComparing(one);
        }
        if (order == null) {
            throw new IllegalArgumentException("sort key '': empty");
        }
        return order.thenComparing(FunctionStatistics::name);
    }

    /** The default sort: total time, or the average of the chosen time with {@code --avg-*}. */
    public static String defaultSort(Average average) {
        return switch (average) {
            case NONE -> "total";
            case TOTAL -> "total-avg";
            case SELF -> "self-avg";
        };
    }
}
