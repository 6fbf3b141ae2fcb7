package io.fgraph.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code --plugin JAR[:CLASS]}, for {@code run} and {@code record}. */
final class PluginOptions {
    @Option(names = "--plugin", paramLabel = "JAR[:CLASS]",
            description = "Load a tracer plugin (an FgraphOps or FgraphPlugin) from JAR: the class named, or those "
                    + "the JAR lists in META-INF/services. Repeatable.")
    List<String> plugins = new ArrayList<>();
}
