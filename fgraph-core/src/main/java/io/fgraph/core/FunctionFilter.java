package io.fgraph.core;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which functions a user wants, by name: patterns to include and to exclude, as in ftrace's
 * {@code set_ftrace_filter} and {@code set_ftrace_notrace}. No include pattern means every
 * function; an exclude always wins. Patterns follow one {@link Syntax}, uftrace's
 * {@code --match=glob|regex}:
 * <ul>
 *   <li>{@link Syntax#GLOB} (fnmatch): {@code *} any run of characters, {@code ?} one character,
 *       {@code [abc]}, {@code [a-z]}, {@code [!a-z]} (or {@code [^a-z]}) one character of (not of)
 *       a class, {@code \x} the character x; the whole name must match.</li>
 *   <li>{@link Syntax#REGEX} (uftrace's regex mode): a pattern without any of
 *       {@code .?*+-^$|()[]{}} names one function exactly; any other is a regular expression
 *       found anywhere in the name ({@code ^} and {@code $} anchor it), so {@code alloc} is only
 *       {@code alloc} but {@code ^alloc} is every name that starts with it.</li>
 * </ul>
 */
public final class FunctionFilter {
    /** How patterns are read. */
    public enum Syntax {
        GLOB, REGEX;

        /** Parses {@code glob} or {@code regex} (uftrace's {@code --match} values). */
        public static Syntax parse(String text) {
            for (Syntax s : values()) {
                if (s.name().equalsIgnoreCase(text)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("match='" + text + "': must be glob or regex");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The characters that make a regex-mode pattern a regular expression (uftrace's REGEX_CHARS). */
    public static final String REGEX_CHARS = ".?*+-^$|()[]{}";

    public static final FunctionFilter ALL = new FunctionFilter(List.of(), List.of(), Syntax.GLOB);

    private final List<String> includes;
    private final List<String> excludes;
    private final Syntax syntax;
    private final Pattern include;
    private final Pattern exclude;

    private FunctionFilter(List<String> includes, List<String> excludes, Syntax syntax) {
        this.includes = List.copyOf(includes);
        this.excludes = List.copyOf(excludes);
        this.syntax = syntax;
        this.include = includes.isEmpty() ? null : compile(includes, syntax);
        this.exclude = excludes.isEmpty() ? null : compile(excludes, syntax);
    }

    /** Glob patterns. */
    public static FunctionFilter of(List<String> includes, List<String> excludes) {
        return new FunctionFilter(includes, excludes, Syntax.GLOB);
    }

    /**
     * @throws IllegalArgumentException for an empty pattern or a regular expression that does not
     *                                  compile ({@code pattern='...': ...})
     */
    public static FunctionFilter of(List<String> includes, List<String> excludes, Syntax syntax) {
        return new FunctionFilter(includes, excludes, syntax);
    }

    /** Only functions matching one of {@code globs}. */
    public static FunctionFilter only(String... globs) {
        return new FunctionFilter(List.of(globs), List.of(), Syntax.GLOB);
    }

    /** Only functions matching {@code patterns} read as {@code syntax}. */
    public static FunctionFilter only(Syntax syntax, List<String> patterns) {
        return new FunctionFilter(patterns, List.of(), syntax);
    }

    /** Every function except those matching one of {@code globs}. */
    public static FunctionFilter except(String... globs) {
        return new FunctionFilter(List.of(), List.of(globs), Syntax.GLOB);
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

    public Syntax syntax() {
        return syntax;
    }

    /** True when {@code pattern} would mean something else as a regular expression than as a glob. */
    public static boolean looksLikeRegex(String pattern) {
        return pattern.matches(".*(\\.\\*|\\.\\+|\\^|\\$|\\||\\(|\\)|\\\\d|\\{).*");
    }

    private static Pattern compile(List<String> patterns, Syntax syntax) {
        StringBuilder regex = new StringBuilder();
        for (String pattern : patterns) {
            if (pattern.isEmpty()) {
                throw new IllegalArgumentException("pattern='': an empty pattern matches nothing");
            }
            if (regex.length() > 0) {
                regex.append('|');
            }
            regex.append("(?:").append(syntax == Syntax.GLOB ? globToRegex(pattern) : regexMode(pattern)).append(')');
        }
        try {
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            // name the pattern at fault, not the combined expression
            for (String pattern : patterns) {
                try {
                    Pattern.compile(syntax == Syntax.GLOB ? globToRegex(pattern) : regexMode(pattern));
                } catch (PatternSyntaxException bad) {
                    throw new IllegalArgumentException("pattern='" + pattern + "': not a regular expression ("
                            + bad.getDescription() + ")");
                }
            }
            throw new IllegalArgumentException("patterns=" + patterns + ": " + e.getDescription());
        }
    }

    /** uftrace's regex mode: exact without metacharacters, else found anywhere in the name. */
    static String regexMode(String pattern) {
        for (char c : pattern.toCharArray()) {
            if (REGEX_CHARS.indexOf(c) >= 0) {
                return ".*(?:" + pattern + ").*";
            }
        }
        return Pattern.quote(pattern);
    }

    /** An fnmatch(3) pattern (no flags) as a Java regular expression that must match the whole name. */
    static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        int n = glob.length();
        for (int i = 0; i < n; i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '\\' -> {
                    if (i + 1 < n) {
                        regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    } else {
                        regex.append("\\\\");
                    }
                }
                case '[' -> {
                    int end = classEnd(glob, i);
                    if (end < 0) {
                        regex.append("\\["); // no closing bracket: a literal '[', as fnmatch reads it
                    } else {
                        regex.append(charClass(glob.substring(i + 1, end)));
                        i = end;
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    /** The index of the ']' closing the class opened at {@code open}, or -1. */
    private static int classEnd(String glob, int open) {
        int i = open + 1;
        if (i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^')) {
            i++;
        }
        if (i < glob.length() && glob.charAt(i) == ']') {
            i++; // a ']' right after the opening (or its negation) is a member
        }
        for (; i < glob.length(); i++) {
            if (glob.charAt(i) == ']') {
                return i;
            }
        }
        return -1;
    }

    /** The members between '[' and ']' as a Java character class. */
    private static String charClass(String members) {
        StringBuilder cls = new StringBuilder("[");
        int start = 0;
        if (!members.isEmpty() && (members.charAt(0) == '!' || members.charAt(0) == '^')) {
            cls.append('^');
            start = 1;
        }
        for (int i = start; i < members.length(); i++) {
            char c = members.charAt(i);
            if (c == '-' && i > start && i < members.length() - 1) { // a range between two members
                cls.append('-');
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                cls.append(c);
            } else {
                cls.append('\\').append(c); // '-', '^', '[', ']', '&', '\\' and the rest: literal
            }
        }
        return cls.append(']').toString();
    }

    @Override
    public String toString() {
        return "include=" + includes + " exclude=" + excludes + (syntax == Syntax.GLOB ? "" : " match=" + syntax);
    }
}
