package io.fgraph.cli;

import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.testsupport.GuestPrograms;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fgraph against the real uftrace: guest programs written for it ({@code guest/src/options.c},
 * {@code calls.c}) are compiled natively with {@code gcc -pg} and traced by uftrace, and their
 * committed guest builds are traced by fgraph, with the same options at record or at replay; the
 * call trees of the program's own functions (its functions with patchable entries in the guest
 * build) must be the same, with the backtraces a trigger prints.
 * Library calls differ between glibc and picolibc and durations between a CPU and the virtual
 * clock, so both are left out of the comparison (the options' cases are chosen so that the time
 * filter puts the same calls on the same side in both). Skipped where uftrace or gcc is missing.
 */
class UftraceComparisonTest {
    private static final Path UFTRACE = Path.of("/usr/bin/uftrace");
    private static final Path GCC = Path.of("/usr/bin/gcc");
    private static final Path SOURCES = Path.of("..", "guest", "src");

    private static Path work;
    private static final Map<String, Path> NATIVE = new HashMap<>();
    private static final Map<String, Path> GUEST = new HashMap<>();
    private static final Map<String, Set<String>> OWN = new HashMap<>();

    /** A comparison: the same options to both recorders, then to both replays, of one program. */
    record Case(String program, String record, String replay) {
        @Override
        public String toString() {
            return program + ": " + (record.isEmpty() ? "" : "record " + record) + (record.isEmpty() || replay.isEmpty() ? "" : " | ")
                    + (replay.isEmpty() ? "" : "replay " + replay) + (record.isEmpty() && replay.isEmpty() ? "defaults" : "");
        }

        List<String> recordArgs() {
            return split(record);
        }

        List<String> replayArgs() {
            return split(replay);
        }

        static List<String> split(String s) {
            return s.isBlank() ? List.of() : List.of(s.trim().split(" +"));
        }

        /** Typed arguments or return values are recorded: the comparison includes them. */
        boolean values() {
            return (" " + record).contains(" -A ") || (" " + record).contains(" -R ") || record.contains("@arg");
        }

        boolean timing() {
            return (record + " " + replay).contains("-t ") || (record + " " + replay).contains("time=");
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String options : List.of("", "-F b", "-N b", "-D 2", "-F fib -D 2", "-C leaf", "-T b@depth=1",
                "-D 5 -T b@depth=1", "-T off@trace_off -T on@trace_on", "--disable -T on@trace_on", "--no-libcall",
                "-t 100us", "-T spin@time=100us", "-T b@notrace", "-T caller2@filter", "-T fib@filter,depth=2",
                "--match=regex -F ^ca", "--match=regex -N ^f", "-F caller1 -C leaf", "-C leaf -D 2", "-C leaf -N caller1")) {
            cases.add(new Case("options", options, ""));
            cases.add(new Case("options", "", options));
        }
        for (String replayOnly : List.of("-H b", "-T loop@hide", "-H caller1 -H caller2", "-T b@backtrace",
                "-T c@filter,backtrace", "-T leaf@backtrace -F caller2", "--match=glob -F ca[l]ler?", "-C c -H b")) {
            cases.add(new Case("options", "", replayOnly));
        }
        cases.add(new Case("options", "-F main -D 3", "-N fib"));
        cases.add(new Case("options", "-C leaf", "-D 2"));
        for (String options : List.of("", "-D 2", "-F fib", "-N fib", "-F outer -D 2", "-F apply -N leaf", "-C leaf",
                "-T inner@depth=1", "-F fib -T leaf@notrace")) {
            cases.add(new Case("calls", "--no-libcall " + options, ""));
            cases.add(new Case("calls", "", "--no-libcall " + options));
        }
        cases.add(new Case("calls", "", "-H middle -T leaf@backtrace"));
        String values = "-A text@arg1/s,arg2 -R text@retval -A many@arg1,arg2/x,arg9,arg10/x -A letter@arg1/c "
                + "-R letter@retval/c -R dup_string@retval/s -A parse@arg1/s -R parse@retval/x -A fib@arg1/i32 -R c@retval/u";
        cases.add(new Case("options", values, ""));
        cases.add(new Case("options", values, "--no-args"));
        cases.add(new Case("options", values, "-F text"));
        cases.add(new Case("options", "-A text@arg1/s -A text@arg2/x32 -A many@arg10/d16", "-N fib"));
        cases.add(new Case("options", "--match=regex -A ^tex@arg1/s -R ^let@retval/i8", ""));
        cases.add(new Case("options", "-T text@arg1/s,arg2,retval -T letter@arg1/c,retval -A many@arg2/x8", ""));
        return cases.stream();
    }

    @BeforeAll
    static void build() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(UFTRACE), "uftrace is not installed");
        Assumptions.assumeTrue(Files.isExecutable(GCC), "gcc is not installed");
        work = RecordedTraces.scratch("uftrace-comparison");
        for (String program : List.of("options", "calls")) {
            Path source = SOURCES.resolve(program + ".c");
            assertTrue(Files.isRegularFile(source), source.toAbsolutePath() + " is missing");
            Path nativeProgram = work.resolve(program);
            run(List.of(GCC.toString(), "-pg", "-O2", "-fno-inline", "-fno-omit-frame-pointer", "-o",
                    nativeProgram.toString(), source.toString()));
            Path guest = GuestPrograms.copyTo(work, program);
            ElfFile elf = ElfFile.read(guest);
            Set<String> own = new HashSet<>();
            for (long entry : elf.patchableFunctionEntries()) {
                own.addAll(elf.symbols().functionNamesAt(entry));
            }
            assertTrue(own.containsAll(List.of("main", "leaf", "fib")), own.toString());
            NATIVE.put(program, nativeProgram);
            GUEST.put(program, guest);
            OWN.put(program, own);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameOptionsGiveTheSameCallTree(Case c) throws Exception {
        Set<String> own = OWN.get(c.program());
        String ours = normalise(fgraph(c), own, c.values());
        String theirs = normalise(uftrace(c), own, c.values());
        // uftrace's durations are real: a preemption in a tiny call could lift it over a time filter
        for (int retry = 0; c.timing() && !theirs.equals(ours) && retry < 3; retry++) {
            theirs = normalise(uftrace(c), own, c.values());
        }
        if (c.values() && !c.replay().contains("--no-args")) {
            assertTrue(ours.contains("(\"hello\""), "no string argument in " + ours);
        }
        assertTrue(!ours.isEmpty() || c.toString().contains("-C leaf -D 2"), "fgraph showed nothing for " + c);
        assertEquals(theirs, ours, c.toString());
    }

    static Stream<String[]> graphs() {
        return Stream.of(new String[] {"options", "main"}, new String[] {"options", "leaf"},
                new String[] {"options", "fib"}, new String[] {"options", "-F caller2 leaf"},
                new String[] {"options", "--no-libcall main"}, new String[] {"options", "-N fib -D 3 main"},
                new String[] {"calls", "main"}, new String[] {"calls", "leaf"}, new String[] {"calls", "--no-libcall outer"});
    }

    /** {@code graph}: the same backtraces and call graph, laid out the same, times and addresses aside. */
    @ParameterizedTest(name = "{0}: graph {1}")
    @MethodSource("graphs")
    void graphsAgree(String program, String arguments) throws Exception {
        List<String> args = Case.split(arguments);
        Path data = Files.createTempDirectory(work, "uftrace.data");
        run(List.of(UFTRACE.toString(), "record", "--no-event", "-d", data.toString(), NATIVE.get(program).toString()));
        List<String> theirs = new ArrayList<>(List.of(UFTRACE.toString(), "graph", "--no-pager", "-d", data.toString()));
        theirs.addAll(args);
        Path trace = work.resolve("g" + System.nanoTime());
        Cli.Outcome recorded = Cli.run("record", "--no-progress", "-o", trace.toString(), GUEST.get(program).toString());
        assertEquals(0, recorded.exitStatus(), recorded.toString());
        List<String> ours = new ArrayList<>(List.of("graph", trace.toString()));
        ours.addAll(args);
        Cli.Outcome graph = Cli.run(ours.toArray(new String[0]));
        assertEquals(0, graph.exitStatus(), graph.toString());
        assertEquals(untimed(run(theirs)), untimed(graph.stdout()), arguments);
    }

    /** A graph without its times, addresses and session. */
    static String untimed(String graph) {
        return graph.replaceAll("(?m)^ *[0-9.]+ (us|ms| s) :", "            :")
                .replaceAll("time +[0-9.]+ (us|ms| s)", "time")
                .replaceAll(" \\(0x[0-9a-f]+\\)", "")
                .replaceAll(" \\(session: [0-9a-f]+\\)", "");
    }

    private static String uftrace(Case c) throws Exception {
        Path data = Files.createTempDirectory(work, "uftrace.data");
        List<String> record = new ArrayList<>(List.of(UFTRACE.toString(), "record", "--no-event", "-d", data.toString()));
        record.addAll(c.recordArgs());
        record.add(NATIVE.get(c.program()).toString());
        String recorded = run(record);
        if (recorded.contains("No data available") || !Files.exists(data.resolve("info"))) {
            return ""; // nothing was recorded (uftrace then writes no trace)
        }
        List<String> replay = new ArrayList<>(List.of(UFTRACE.toString(), "replay", "--no-pager", "-d", data.toString()));
        replay.addAll(c.replayArgs());
        return run(replay);
    }

    private static String fgraph(Case c) throws Exception {
        Path trace = work.resolve("t" + System.nanoTime());
        List<String> record = new ArrayList<>(List.of("record", "--no-progress", "-o", trace.toString()));
        record.addAll(c.recordArgs());
        record.add(GUEST.get(c.program()).toString());
        Cli.Outcome recorded = Cli.run(record.toArray(new String[0]));
        assertEquals(0, recorded.exitStatus(), recorded.toString());
        List<String> replay = new ArrayList<>(List.of("replay", "--format", "uftrace", trace.toString()));
        replay.addAll(c.replayArgs());
        Cli.Outcome replayed = Cli.run(replay.toArray(new String[0]));
        assertEquals(0, replayed.exitStatus(), replayed.toString());
        return replayed.stdout();
    }

    private static final Pattern CALL = Pattern.compile("([\\w.@]+)\\((.*?)\\)( = .*?)?( \\{|;)");
    private static final Pattern RETURN = Pattern.compile("\\} = (.*?); /\\*");
    private static final Pattern BACKTRACE = Pattern.compile("/\\* \\[ *\\d+\\] (\\S+) \\*/");

    /**
     * The replay's calls of own functions, one a line, indented by their own-function depth, in
     * order; backtrace lines as {@code BT name}. Library calls are dropped, their callees lifted.
     */
    static String normalise(String replay, Set<String> own) {
        return normalise(replay, own, false);
    }

    /** With {@code values}: an own call keeps its arguments and return value ({@code -A}, {@code -R}). */
    static String normalise(String replay, Set<String> own, boolean values) {
        StringBuilder out = new StringBuilder();
        List<Boolean> open = new ArrayList<>();
        for (String line : replay.split("\n")) {
            int bar = line.indexOf('|');
            if (line.startsWith("#") || bar < 0) {
                continue;
            }
            String columns = line.substring(0, bar);
            String body = line.substring(bar + 1).trim();
            if (columns.contains("backtrace")) {
                Matcher m = BACKTRACE.matcher(body);
                if (m.matches() && own.contains(m.group(1))) {
                    out.append("BT ").append(m.group(1)).append('\n');
                }
                continue;
            }
            if (body.startsWith("}")) {
                if (!open.isEmpty()) {
                    boolean wasOwn = open.remove(open.size() - 1);
                    Matcher r = RETURN.matcher(body);
                    if (values && wasOwn && r.lookingAt()) {
                        long depth = open.stream().filter(b -> b).count();
                        out.append("  ".repeat((int) depth)).append("} =").append(r.group(1)).append('\n');
                    }
                }
                continue;
            }
            Matcher m = CALL.matcher(body);
            if (!m.lookingAt()) {
                out.append("?? ").append(body).append('\n');
                continue;
            }
            String name = m.group(1);
            boolean isOwn = own.contains(name);
            if (isOwn) {
                long depth = open.stream().filter(b -> b).count();
                out.append("  ".repeat((int) depth)).append(name);
                if (values) {
                    out.append('(').append(m.group(2)).append(')').append(m.group(3) == null ? "" : m.group(3));
                }
                out.append('\n');
            }
            if (m.group(4).equals(" {")) {
                open.add(isOwn);
            }
        }
        return out.toString();
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), command.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        if (p.exitValue() != 0 && !text.contains("No data available")) {
            throw new AssertionError(command + " exited with " + p.exitValue() + ":\n" + text);
        }
        return text;
    }
}
