package io.fgraph.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Traces of the shipped guests, recorded once per test JVM with {@code fgraph record} into a
 * temporary directory removed at exit. The virtual clock makes them identical on every run.
 */
final class RecordedTraces {
    private static final Path ROOT;
    private static final Map<String, Path> TRACES = new HashMap<>();

    static {
        try {
            ROOT = Files.createTempDirectory("fgraph-analysis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(ROOT)));
    }

    /** The recorded traces, by name: what {@code fgraph record} ran for each. */
    static final Map<String, List<String>> RECIPES = Map.of(
            "chain", List.of("-l", "--args", "2", "chain"),
            "fib-10", List.of("-l", "fib", "10"),
            "longjmp", List.of("-l", "longjmp"),
            "qsort", List.of("-l", "qsort"),
            "multihart", List.of("-l", "--harts", "2", "multihart", "1"),
            "chain-threshold", List.of("-l", "-t", "1us", "chain"),
            "options-values", List.of("-A", "text@arg1/s,arg2", "-R", "text@retval", "-A", "many@arg1,arg2/x,arg9,arg10/x",
                    "-A", "letter@arg1/c", "-R", "letter@retval/c", "-R", "dup_string@retval/s", "-A", "parse@arg1/s",
                    "-R", "parse@retval/x", "-A", "fib@arg1/i32", "options"));

    private RecordedTraces() {
    }

    /** The trace directory of recipe {@code name}, recording it on first use. */
    static synchronized Path get(String name) {
        Path trace = TRACES.get(name);
        if (trace == null) {
            trace = ROOT.resolve(name);
            List<String> recipe = RECIPES.get(name);
            List<String> args = new ArrayList<>(List.of("record", "--no-progress", "-o", trace.toString()));
            boolean program = false;
            for (String a : recipe) {
                if (!program && !a.startsWith("-") && !isOptionValue(args)) {
                    args.add(Cli.guest(scratch("elf-" + name), a).toString());
                    program = true;
                } else {
                    args.add(a);
                }
            }
            Cli.Outcome outcome = Cli.run(args.toArray(new String[0]));
            if (outcome.exitStatus() != 0) {
                throw new IllegalStateException("recording " + name + " failed: " + outcome);
            }
            TRACES.put(name, trace);
        }
        return trace;
    }

    private static boolean isOptionValue(List<String> args) {
        String last = args.get(args.size() - 1);
        return last.equals("--args") || last.equals("--harts") || last.equals("-t") || last.equals("-A") || last.equals("-R");
    }

    static Path scratch(String name) {
        try {
            return Files.createTempDirectory(ROOT, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
