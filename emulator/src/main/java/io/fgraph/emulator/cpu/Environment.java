package io.fgraph.emulator.cpu;

import io.fgraph.emulator.hook.HookAction;

/**
 * What the interpreter needs from the machine around it: semihosting and breakpoints, Java traps,
 * and the policy for exceptions. Calls arrive with the hart's pc set to the instruction concerned.
 */
public interface Environment {
    /** An {@code ebreak}: a semihosting call or a breakpoint. UNHANDLED makes it a guest breakpoint exception. */
    HookAction onEbreak(Hart hart, int length);

    /** The trap-to-Java instruction with handler {@code id}. */
    HookAction onJavaTrap(Hart hart, int id);

    /**
     * A synchronous exception. Return true to deliver it to the guest's trap vector, false if the
     * environment has stopped the run instead (it then sets {@link Hart#requestLeave()}).
     */
    boolean deliverException(Hart hart, int cause, long value);

    /** True when harts run on several host threads (fences then become real memory fences). */
    boolean parallel();
}
