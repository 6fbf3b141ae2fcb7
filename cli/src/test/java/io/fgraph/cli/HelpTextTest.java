package io.fgraph.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every command's help is printed whole: picocli formats option descriptions with
 * {@code String.format}, so a lone {@code %} (as in {@code SYMBOL%return}) makes it print a
 * warning on stderr and the raw text instead.
 */
class HelpTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"run", "record", "replay", "report", "graph", "info", "export", "dump"})
    void helpPrintsNoFormatWarning(String command) {
        Cli.Outcome help = Cli.run(command, "--help");
        assertEquals(0, help.exitStatus(), help.toString());
        assertEquals("", help.stderr(), help.toString());
        assertFalse(help.stdout().contains("%%"), help.stdout());
    }
}
