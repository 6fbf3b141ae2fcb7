package io.fgraph.core;

/**
 * What a {@link FgraphPlugin} may use while it runs: its id, and a way to write records of its own
 * (PAYLOAD records in a recorded trace, where {@code replay} and {@code dump} show them; lines of
 * the live trace under {@code run}). Safe to call from callbacks on any hart.
 */
public interface PluginContext {
    /** The plugin's id in the trace (its records carry it; the trace header names it). */
    int pluginId();

    /**
     * Writes a record of {@code length} bytes (at most {@link io.fgraph.core.event.EventSink#MAX_PAYLOAD})
     * for the call being called back, at the call's current time and task. Text (UTF-8) shows as
     * text in every output, anything else as hex.
     *
     * @throws IllegalArgumentException when it is longer than {@code MAX_PAYLOAD}
     */
    void write(CallInfo call, byte[] bytes, int offset, int length);
}
