package io.fgraph.core;

/**
 * What a return callback sees (Linux's {@code ftrace_graph_ret}): the return value, how the call
 * ended, and the data the entry callback reserved.
 */
public interface ReturnContext extends CallInfo {
    /** The return value (a0); 0 for a call that did not return ({@link #unwound()}). */
    long returnValue();

    /** The second return register (a1, for 128-bit values); 0 when {@link #unwound()}. */
    long returnValueHigh();

    /** True when the call did not return but was skipped by a non-local exit (longjmp). */
    boolean unwound();

    /**
     * True for the second return of a {@code setjmp} (through a longjmp): its entry callback ran
     * long ago and its first return was reported already; it has no per-call data.
     */
    boolean secondReturn();

    /**
     * The data this user reserved at the entry. Null only when it reserved none, or for a
     * {@link #secondReturn()}.
     */
    DataBlock retrieveData();

    /** This user's data in the frame {@code depth} hooked calls out (1 = the caller), or null. */
    DataBlock retrieveParentData(int depth);
}
