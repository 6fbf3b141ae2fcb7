package io.fgraph.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No function goes untraced without a word: run and record say how many cannot be hooked, and why when asked. */
class UntraceableFunctionsTest {
    @TempDir
    Path dir;

    @Test
    void runCountsTheFunctionsThatCannotBeTraced() {
        Cli.Outcome run = Cli.run("run", "--trace", "function_graph", "-F", "main", Cli.guest(dir, "libcalls").toString());
        assertEquals(0, run.exitStatus(), run.toString());
        assertEquals("fgraph: 1 function cannot be traced (--verbose lists them)\n", run.stderr());
    }

    @Test
    void verboseNamesThemWithTheReason() {
        Cli.Outcome run = Cli.run("record", "-v", "--no-progress", "-o", dir.resolve("t").toString(),
                Cli.guest(dir, "libcalls").toString());
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(run.stderr().startsWith("fgraph: 1 function cannot be traced:\nfgraph:   read_cycle: its first "
                + "instruction 0xc0002573 at 0x"), run.stderr());
        assertTrue(run.stderr().contains("cannot be displaced: a CSR instruction"), run.stderr());
    }

    @Test
    void namingOnlyUntraceableFunctionsIsAnErrorWithTheReason() {
        Path program = Cli.guest(dir, "libcalls");
        for (String[] option : new String[][] {{"--hook", "read_cycle"}, {"-F", "read_*"}}) {
            Cli.Outcome run = Cli.run("run", "--trace", "function_graph", option[0], option[1], program.toString());
            assertEquals(2, run.exitStatus(), run.toString());
            assertTrue(run.stderr().matches("fgraph: (--hook|-F/--filter) '" + option[1].replace("*", "\\*")
                    + "': read_cycle cannot be traced: its first instruction 0xc0002573 at 0x[0-9a-f]+ cannot be "
                    + "displaced: a CSR instruction \\(system instructions are not probed\\)\n"), run.stderr());
        }
    }

    @Test
    void aProgramWhoseFunctionsAllHookSaysNothing() {
        Cli.Outcome run = Cli.run("run", "--trace", "function_graph", "-F", "main", Cli.guest(dir, "chain").toString());
        assertEquals("", run.stderr());
    }
}
