package io.fgraph.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same program, {@code guest/src/calls.c}, built natively with {@code gcc -pg} and traced by
 * uftrace, and built for the guest and traced by fgraph with the same options, gives the same call
 * tree of the program's own functions. Skips without uftrace and gcc (they are references, never
 * test dependencies).
 */
class UftraceComparisonTest {
    private static final Path SOURCE = Path.of("../guest/src/calls.c");
    private static final Set<String> OWN = Set.of("main", "outer", "middle", "inner", "leaf", "fib", "loop", "apply");
    private static final Pattern LINE = Pattern.compile("\\|( *)([A-Za-z_][A-Za-z0-9_.]*)\\(\\)");

    @TempDir
    static Path dir;
    private static Path nativeProgram;
    private static Path guestProgram;

    @BeforeAll
    static void buildNatively() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/uftrace")), "uftrace is not installed");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed");
        nativeProgram = dir.resolve("calls-native");
        run(List.of("/usr/bin/gcc", "-pg", "-O2", "-fno-inline", "-fno-omit-frame-pointer", "-o",
                nativeProgram.toString(), SOURCE.toString()));
        guestProgram = Cli.guest(dir, "calls");
    }

    @ParameterizedTest(name = "options [{0}]")
    @ValueSource(strings = {"", "-D 2", "-F fib", "-N fib", "-F outer -D 2", "-F apply -N leaf"})
    void callTreesAgree(String options) throws Exception {
        List<String> opts = options.isEmpty() ? List.of() : List.of(options.split(" "));
        Path data = dir.resolve("uftrace-" + Math.abs(options.hashCode()));
        List<String> record = new ArrayList<>(List.of("/usr/bin/uftrace", "record", "-d", data.toString(), "--no-libcall"));
        record.addAll(opts);
        record.add(nativeProgram.toString());
        run(record);
        String theirs = run(List.of("/usr/bin/uftrace", "replay", "-d", data.toString(), "--no-pager"));

        Path trace = dir.resolve("fgraph-" + Math.abs(options.hashCode()));
        List<String> ours = new ArrayList<>(List.of("record", "--no-progress", "--hook", String.join(",", OWN), "-o", trace.toString()));
        ours.addAll(opts);
        ours.add(guestProgram.toString());
        Cli.Outcome recorded = Cli.run(ours.toArray(String[]::new));
        assertEquals(0, recorded.exitStatus(), recorded.toString());
        String replay = Cli.run("replay", "--format", "uftrace", trace.toString()).stdout();

        List<String> expected = tree(theirs);
        assertTrue(expected.size() >= 2, theirs);
        assertEquals(expected, tree(replay), "uftrace:\n" + theirs + "\nfgraph:\n" + replay);
    }

    /** The entered functions of the program's own, one "depth name" line each, from uftrace's replay layout. */
    static List<String> tree(String replay) {
        List<String> calls = new ArrayList<>();
        for (String line : replay.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find() && OWN.contains(m.group(2))) {
                int depth = (m.group(1).length() - 1) / 2;
                calls.add(depth + " " + m.group(2));
            }
        }
        return calls;
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), command.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), command + ":\n" + text);
        return text;
    }
}
