package io.fgraph.core;

/**
 * Counters of one fgraph instance, summed over its tasks.
 *
 * @param hijacks      return addresses replaced (one per hooked call, whatever the number of users)
 * @param returns      trips through the return trampoline
 * @param unwound      frames closed because a non-local exit skipped them
 * @param overrun      calls not hooked because a shadow stack was full
 * @param recursion    hooks hit while a callback ran on the same hart, not traced
 * @param failures     user callbacks that threw (each disabled its user)
 * @param dataOverruns entries a user did not get because its {@code reserveData} found no room
 */
public record FgraphStats(long hijacks, long returns, long unwound, long overrun, long recursion, long failures,
                          long dataOverruns) {
}
