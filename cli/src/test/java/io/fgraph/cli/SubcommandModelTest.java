package io.fgraph.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A command line built for one subcommand (Main.commandLine) describes it exactly as the full one does. */
class SubcommandModelTest {

    @Test
    void eachSubcommandAloneHasTheFullCommandLinesOptionsAndHelp() {
        CommandLine full = Main.commandLine(null);
        List<String> names = List.copyOf(full.getSubcommands().keySet());
        assertEquals(List.of("run", "record", "info", "replay", "report", "graph", "dump", "export", "help"), names);
        for (String name : names) {
            if (name.equals("help")) {
                continue;
            }
            CommandLine alone = Main.commandLine(name);
            assertEquals(List.of(name), List.copyOf(alone.getSubcommands().keySet()), name);
            assertEquals(full.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF),
                    alone.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF), name);
        }
    }

    @Test
    void helpAndUnknownCommandsGetEverySubcommand() {
        assertEquals(9, Main.commandLine("help").getSubcommands().size());
        assertEquals(9, Main.commandLine("recrod").getSubcommands().size());
        assertEquals(9, Main.commandLine("--version").getSubcommands().size());
        Cli.Outcome help = Cli.run("help", "replay");
        assertEquals(0, help.exitStatus(), help.toString());
        assertTrue(help.stdout().startsWith("Usage: fgraph replay"), help.toString());
    }
}
