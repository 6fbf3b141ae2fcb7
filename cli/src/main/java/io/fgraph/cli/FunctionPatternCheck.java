package io.fgraph.cli;

import io.fgraph.core.Fgraph;
import io.fgraph.core.FunctionFilter;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.Symbol;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Warns, before a traced run or a replay, about what would otherwise show nothing without a word:
 * a program with no function symbols (a stripped ELF), and function patterns ({@code -F mian},
 * {@code --hook nosuch}) that match no function of the program, with the closest names (and, for
 * a glob that reads like a regular expression, the hint to say {@code --match=regex}).
 */
final class FunctionPatternCheck {
    private FunctionPatternCheck() {
    }

    /**
     * The functions fgraph cannot hook (their first instruction cannot be displaced): a pattern that
     * names only such functions is an error with the reason; otherwise their count is said (their
     * names and reasons with {@code verbose}), so no function goes untraced without a word.
     *
     * @throws UserError when a {@code -F} or {@code --hook} pattern matches only untraceable functions
     */
    static void untraceable(Fgraph fgraph, Map<String, List<String>> patterns, boolean verbose, PrintStream err) {
        Map<String, String> untraceable = fgraph.untraceable();
        List<String> traceable = fgraph.functions().functions().stream()
                .filter(f -> f.names().stream().noneMatch(untraceable::containsKey))
                .flatMap(f -> f.names().stream()).toList();
        for (String option : List.of("-F/--filter", "--hook")) {
            for (String pattern : patterns.getOrDefault(option, List.of())) {
                FunctionFilter filter = FunctionFilter.only(pattern);
                List<String> refused = untraceable.keySet().stream().filter(filter::accepts).toList();
                if (!refused.isEmpty() && traceable.stream().noneMatch(filter::accepts)) {
                    String name = refused.get(0);
                    throw new UserError(option + " '" + pattern + "': " + name + " cannot be traced: "
                            + untraceable.get(name) + (refused.size() > 1 ? " (and " + (refused.size() - 1) + " more like it)" : ""));
                }
            }
        }
        if (untraceable.isEmpty()) {
            return;
        }
        err.println("fgraph: " + untraceable.size() + (untraceable.size() == 1 ? " function" : " functions")
                + " cannot be traced" + (verbose ? ":" : " (--verbose lists them)"));
        if (verbose) {
            untraceable.forEach((name, reason) -> err.println("fgraph:   " + name + ": " + reason));
        }
    }

    /**
     * @param patterns option name ({@code "-F/--filter"}) to the patterns given with it
     * @return whether any warning was printed
     */
    static boolean warn(ElfFile elf, Path program, Map<String, List<String>> patterns, FunctionFilter.Syntax syntax,
                        PrintStream err) {
        List<String> names = elf.symbols().functions().stream().map(Symbol::name).distinct().sorted().toList();
        if (names.isEmpty()) {
            err.println("fgraph: warning: " + program + " has no function symbols (a stripped ELF?): "
                    + "no function can be traced");
            return true;
        }
        return warn(names, program.toString(), patterns, syntax, err);
    }

    /** The same for names from elsewhere (a trace's symbols): {@code source} is what they are of. */
    static boolean warn(Collection<String> names, String source, Map<String, List<String>> patterns,
                        FunctionFilter.Syntax syntax, PrintStream err) {
        boolean warned = false;
        for (Map.Entry<String, List<String>> option : patterns.entrySet()) {
            for (String pattern : option.getValue()) {
                FunctionFilter filter = FunctionFilter.only(syntax, List.of(pattern));
                if (names.stream().noneMatch(filter::accepts)) {
                    List<String> closest = ClosestNames.of(pattern.replace("*", "").replace("?", ""), names);
                    String hint = syntax == FunctionFilter.Syntax.GLOB && FunctionFilter.looksLikeRegex(pattern)
                            ? "; a regular expression? add --match=regex" : "";
                    err.println("fgraph: warning: " + option.getKey() + " '" + pattern + "' matches no function of "
                            + source + (closest.isEmpty() ? "" : " (closest: " + String.join(", ", closest) + ")") + hint);
                    warned = true;
                }
            }
        }
        return warned;
    }
}
