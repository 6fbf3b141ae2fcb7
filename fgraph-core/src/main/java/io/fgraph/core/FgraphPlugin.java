package io.fgraph.core;

import java.io.PrintStream;

/**
 * A tracer plugin that the command line loads ({@code fgraph run|record --plugin JAR[:CLASS]}):
 * an {@link FgraphOps} that may also write records of its own into the trace and print a summary
 * at the end. A JAR names its plugins in {@code META-INF/services/io.fgraph.core.FgraphPlugin}
 * (or {@code io.fgraph.core.FgraphOps}, for a plain user), or the class is given after the colon;
 * it needs a public no-argument constructor.
 */
public interface FgraphPlugin extends FgraphOps {
    /** Called once, before the plugin is registered, with what it may use while it runs. */
    default void start(PluginContext context) {
    }

    /** Called once after the run (the program exited, stopped or was interrupted). */
    default void finish(PrintStream out) {
    }
}
