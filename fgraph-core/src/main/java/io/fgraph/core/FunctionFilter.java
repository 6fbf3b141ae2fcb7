package io.fgraph.core;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which functions a user wants, by name: glob patterns ({@code *} any run of characters,
 * {@code ?} one character) to include and to exclude, as in ftrace's {@code set_ftrace_filter} and
 * {@code set_ftrace_notrace}. No include pattern means every function; an exclude always wins.
 */
public final class FunctionFilter {
    public static final FunctionFilter ALL = new FunctionFilter(List.of(), List.of());

    private final List<String> includes;
    private final List<String> excludes;
    private final Pattern include;
    private final Pattern exclude;

    private FunctionFilter(List<String> includes, List<String> excludes) {
        this.includes = List.copyOf(includes);
        this.excludes = List.copyOf(excludes);
        this.include = includes.isEmpty() ? null : compile(includes);
        this.exclude = excludes.isEmpty() ? null : compile(excludes);
    }

    public static FunctionFilter of(List<String> includes, List<String> excludes) {
        return new FunctionFilter(includes, excludes);
    }

    /** Only functions matching one of {@code globs}. */
    public static FunctionFilter only(String... globs) {
        return new FunctionFilter(List.of(globs), List.of());
    }

    /** Every function except those matching one of {@code globs}. */
    public static FunctionFilter except(String... globs) {
        return new FunctionFilter(List.of(), List.of(globs));
    }

    public boolean accepts(String name) {
        if (exclude != null && exclude.matcher(name).matches()) {
            return false;
        }
        return include == null || include.matcher(name).matches();
    }

    /**
     * For a function known by several names (aliases): excluded if any name is excluded, else
     * accepted if any name is included.
     */
    public boolean acceptsAny(List<String> names) {
        if (exclude != null) {
            for (String name : names) {
                if (exclude.matcher(name).matches()) {
                    return false;
                }
            }
        }
        if (include == null) {
            return true;
        }
        for (String name : names) {
            if (include.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    public List<String> includes() {
        return includes;
    }

    public List<String> excludes() {
        return excludes;
    }

    private static Pattern compile(List<String> globs) {
        StringBuilder regex = new StringBuilder();
        for (String glob : globs) {
            if (glob.isEmpty()) {
                throw new IllegalArgumentException("glob='': an empty pattern matches nothing");
            }
            if (regex.length() > 0) {
                regex.append('|');
            }
            regex.append("(?:");
            for (char c : glob.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            regex.append(')');
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public String toString() {
        return "include=" + includes + " exclude=" + excludes;
    }
}
