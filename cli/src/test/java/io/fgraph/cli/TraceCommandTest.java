package io.fgraph.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fgraph run --trace function_graph} and {@code --profile}. */
class TraceCommandTest {
    @TempDir
    Path dir;

    @Test
    void tracesTheCallGraphBetweenWholeProgramLines() {
        Path chain = Cli.guest(dir, "chain");
        Cli.Outcome outcome = Cli.run("run", "--trace", "function_graph", "-F", "main", "-N", "printf", chain.toString());
        assertEquals(0, outcome.exitStatus(), outcome.toString());
        assertEquals("""
                # CPU  DURATION                  FUNCTION CALLS
                # |     |   |                     |   |   |   |
                 0)               |  main() {
                 0)               |    a() {
                 0)               |      b() {
                 0)   0.010 us    |        c(); /* = 0x25 */
                 0)   0.023 us    |      } /* b = 0x21 */
                 0)   0.036 us    |    } /* a = 0x42 */
                 0)   0.008 us    |    fails(); /* = -22 */
                 0)   0.014 us    |    sum8(); /* = 0x24 */
                a(5) = 66
                fails() = -22
                sum8(1, 2, 3, 4, 5, 6, 7, 8) = 36
                 0)   2.764 us    |  } /* main = 0x0 */
                """, outcome.stdout());
        assertEquals("", outcome.stderr());
    }

    @Test
    void writesTheTraceToAFileAndLeavesStdoutToTheProgram() throws Exception {
        Path chain = Cli.guest(dir, "chain");
        Path trace = dir.resolve("trace.txt");
        Cli.Outcome outcome = Cli.run("run", "--trace", "function_graph", "--trace-output", trace.toString(),
                "--hook", "a,b,c", "--no-retval", chain.toString());
        assertEquals(0, outcome.exitStatus(), outcome.toString());
        assertEquals("a(5) = 66\nfails() = -22\nsum8(1, 2, 3, 4, 5, 6, 7, 8) = 36\n", outcome.stdout());
        String text = Files.readString(trace, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("""
                 0)               |  a() {
                 0)               |    b() {
                 0)   0.010 us    |      c();
                 0)   0.023 us    |    }
                 0)   0.036 us    |  }
                """), text);
    }

    @Test
    void timeFilterKeepsOnlyLongCalls() {
        Path fib = Cli.guest(dir, "fib");
        Cli.Outcome outcome = Cli.run("run", "--trace", "function_graph", "--hook", "fib", "-t", "2us", fib.toString(), "10");
        assertEquals(0, outcome.exitStatus(), outcome.toString());
        assertTrue(outcome.stdout().contains("} /* fib = 0x37 */"), outcome.stdout());
        // whole calls, as uftrace keeps them: every call shown took at least 2 us, entries included
        java.util.regex.Matcher durations = java.util.regex.Pattern.compile("\\s([0-9]+\\.[0-9]{3}) us").matcher(outcome.stdout());
        int shown = 0;
        while (durations.find()) {
            assertTrue(Double.parseDouble(durations.group(1)) >= 2.0, "a short call was shown: " + durations.group());
            shown++;
        }
        assertTrue(shown > 1, outcome.stdout());
        long opened = outcome.stdout().lines().filter(l -> l.endsWith("fib() {")).count();
        long closed = outcome.stdout().lines().filter(l -> l.contains("} /* fib") || l.matches(".*\\|\\s+}$")).count();
        assertEquals(opened, closed, "every shown call has its entry and its return: " + outcome.stdout());
    }

    @Test
    void profilePrintsATableAfterTheProgram() {
        Path fib = Cli.guest(dir, "fib");
        Cli.Outcome outcome = Cli.run("run", "--profile", "--hook", "fib,main", fib.toString(), "10");
        assertEquals(0, outcome.exitStatus(), outcome.toString());
        String[] lines = outcome.stdout().split("\n");
        assertEquals("fib(10) = 55", lines[0]);
        assertTrue(lines[2].contains("total(us)") && lines[2].contains("function"), outcome.stdout());
        assertTrue(outcome.stdout().matches("(?s).* 177 .* fib\n.*"), "fib is called 177 times: " + outcome.stdout());
    }

    @Test
    void typedArgumentsAndReturnValuesShowInTheLiveGraph() {
        Path options = Cli.guest(dir, "options");
        Cli.Outcome outcome = Cli.run("run", "--trace", "function_graph", "-F", "text,many,letter", "-A", "text@arg1/s,arg2",
                "-R", "text@retval/x", "-A", "many@arg10,arg1/x", "-A", "letter@arg1/c", "-R", "letter@retval/c", options.toString());
        assertEquals(0, outcome.exitStatus(), outcome.toString());
        String out = outcome.stdout();
        assertTrue(out.contains("|  text(\"hello\", 2) {\n"), out);
        assertTrue(out.contains("|  } /* text = 0x7 */\n"), out);
        assertTrue(out.contains("|  many(0x1, 10); /* = 0x37 */\n"), out);
        assertTrue(out.contains("|  letter('a'); /* = 'b' */\n"), out);
    }

    @Test
    void badValueSpecsAreOneLineErrors() {
        Path options = Cli.guest(dir, "options");
        String[][] cases = {
            {"-A", "text"}, {"-A", "text@arg0"}, {"-A", "text@arg1/q"}, {"-R", "text@arg1"}, {"-A", "text@retval"},
            {"-A", "text@fparg1"}, {"-T", "text@arg1/z"}, {"-A", "@arg1"},
        };
        for (String[] spec : cases) {
            Cli.Outcome outcome = Cli.run("record", "--no-progress", "-o", dir.resolve("t" + System.nanoTime()).toString(),
                    spec[0], spec[1], options.toString());
            assertEquals(2, outcome.exitStatus(), String.join(" ", spec) + "\n" + outcome);
            assertTrue(outcome.stderr().startsWith("fgraph: "), outcome.toString());
            assertEquals(1, outcome.stderr().lines().count(), outcome.toString());
        }
        Cli.Outcome soft = Cli.run("run", "--trace", "function_graph", "-A", "text@fparg1", options.toString());
        assertEquals("fgraph: --argument='text@fparg1': the program is soft-float (lp64): its floating-point arguments "
                + "are in integer registers, read them as argN/f\n", soft.stderr());
    }

    @Test
    void badTracingOptionsAreOneLineErrors() {
        Path fib = Cli.guest(dir, "fib");
        String[][] cases = {
            {"--trace", "nope"}, {"--trace", "function_graph", "-t", "fast"}, {"--trace", "function_graph", "-D", "-1"},
            {"--trace", "function_graph", "--args", "9"}, {"--trace-output", dir.resolve("x").toString()},
            {"--trace", "function_graph", "--trace-output", dir.resolve("no/such/dir/x").toString()},
        };
        for (String[] options : cases) {
            String[] args = new String[options.length + 2];
            args[0] = "run";
            System.arraycopy(options, 0, args, 1, options.length);
            args[args.length - 1] = fib.toString();
            Cli.Outcome outcome = Cli.run(args);
            assertEquals(2, outcome.exitStatus(), String.join(" ", options) + "\n" + outcome);
            assertTrue(outcome.stderr().startsWith("fgraph: "), outcome.toString());
            assertEquals(1, outcome.stderr().lines().count(), outcome.toString());
        }
    }
}
