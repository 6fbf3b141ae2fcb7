package io.fgraph.emulator.hook;

/** What a Java hook tells the interpreter to do once it returns. */
public enum HookAction {
    /** Continue at the hart's current pc (the handler may have changed it: a redirect). */
    RESUME,
    /** Continue after the trapping instruction (pc + its length). */
    SKIP,
    /** The handler does not own this event; the next handler, or the default behaviour, applies. */
    UNHANDLED
}
