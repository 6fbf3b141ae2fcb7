package io.fgraph.core;

import io.fgraph.emulator.cpu.Hart;

/**
 * What both phases of a call show a user: the hart and task, the function, the time, and the
 * user's per-task variable. Entry callbacks get an {@link EntryContext}, return callbacks a
 * {@link ReturnContext}; one flyweight per hart serves both, valid only during the callback.
 */
public interface CallInfo {
    /** The hart running the call (stopped in the hook: its registers are the call's). */
    Hart hart();

    /** The hart's id. */
    int cpu();

    /** The task whose shadow stack holds the call: a hart on bare metal, a thread, or a fiber. */
    int task();

    /** The function's entry address. */
    long function();

    /** The function's public name. */
    String functionName();

    /** Nesting depth of the call on its task's shadow stack: 0 for the outermost hooked call. */
    int depth();

    /** Virtual time of the entry, ns. */
    long entryTime();

    /** Virtual time now, ns (the entry time in an entry callback). */
    long time();

    /** The real return address of the call (never the trampoline). */
    long returnAddress();

    /** Stack pointer at the function's entry. */
    long entryStackPointer();

    /** Calls of this task not hooked so far because its shadow stack was full. */
    long overrun();

    /** The index (0..15) of the user being called back. */
    int userIndex();

    /**
     * This user's variable for this task (Linux's {@code fgraph_get_task_var}): 0 until set, and 0
     * again for the next registration that gets the same index. Touched only by the hart running
     * the task, so it needs no synchronisation.
     */
    long taskVariable();

    /** Sets this user's variable for this task. */
    void setTaskVariable(long value);

    /** This user's object for this task (null until set; cleared for a new registration of the index). */
    Object taskObject();

    /** Sets this user's object for this task. */
    void setTaskObject(Object value);
}
