package io.fgraph.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What would record 0 events without a word: patterns that match no function, and a program without symbols. */
class FunctionPatternWarningTest {
    private static final int E_SHOFF_OFFSET = 0x28;
    private static final int E_SHNUM_OFFSET = 0x3c;
    private static final int SECTION_HEADER_LENGTH = 64;
    private static final int SH_TYPE_OFFSET = 4;
    private static final int SHT_PROGBITS = 1;
    private static final int SHT_SYMTAB = 2;

    @TempDir
    Path dir;

    @Test
    void aMisspelledFilterWarnsWithTheClosestNames() {
        Path chain = Cli.guest(dir, "chain");
        Cli.Outcome run = Cli.run("record", "-o", dir.resolve("t").toString(), "-F", "mian", chain.toString());
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(run.stderr().startsWith("fgraph: warning: -F/--filter 'mian' matches no function of " + chain
                + " (closest: main)\n"), run.stderr());
    }

    @Test
    void aHookThatMatchesNothingWarns() {
        Path chain = Cli.guest(dir, "chain");
        Cli.Outcome run = Cli.run("run", "--trace", "function_graph", "--hook", "nosuch", chain.toString());
        assertEquals(0, run.exitStatus(), run.toString());
        assertEquals("fgraph: warning: --hook 'nosuch' matches no function of " + chain + "\n", run.stderr());
    }

    @Test
    void aProfileHookThatMatchesNothingWarns() {
        Path fib = Cli.guest(dir, "fib");
        Cli.Outcome run = Cli.run("run", "--profile", "--hook", "fbi", fib.toString(), "5");
        assertEquals(0, run.exitStatus(), run.toString());
        assertEquals("fgraph: warning: --hook 'fbi' matches no function of " + fib + " (closest: fib)\n", run.stderr());
    }

    @Test
    void patternsThatMatchSayNothing() {
        Path chain = Cli.guest(dir, "chain");
        Cli.Outcome run = Cli.run("record", "-o", dir.resolve("t").toString(), "-F", "ma*", "-N", "printf",
                "--hook", "a,b,c,main", "--no-hook", "su?8", chain.toString());
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(run.stderr().startsWith("fgraph: recorded "), run.stderr());
    }

    @Test
    void aStrippedProgramWarnsThatNothingCanBeTraced() throws IOException {
        Path stripped = strip(Cli.guest(dir, "chain"));
        Cli.Outcome run = Cli.run("record", "-o", dir.resolve("t").toString(), stripped.toString());
        assertEquals(0, run.exitStatus(), run.toString());
        assertTrue(run.stderr().startsWith("fgraph: warning: " + stripped + " has no function symbols (a stripped "
                + "ELF?): no function can be traced\n"), run.stderr());
        assertTrue(run.stderr().contains("recorded 0 events"), run.stderr());
    }

    /** What strip does, as far as fgraph can see: the symbol table section is gone (here: no longer a symbol table). */
    private static Path strip(Path elf) throws IOException {
        byte[] bytes = Files.readAllBytes(elf);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(E_SHOFF_OFFSET);
        int shnum = b.getShort(E_SHNUM_OFFSET) & 0xffff;
        for (int i = 0; i < shnum; i++) {
            int type = (int) shoff + i * SECTION_HEADER_LENGTH + SH_TYPE_OFFSET;
            if (b.getInt(type) == SHT_SYMTAB) {
                b.putInt(type, SHT_PROGBITS);
            }
        }
        Path stripped = elf.resolveSibling("stripped.elf");
        Files.write(stripped, bytes);
        return stripped;
    }
}
