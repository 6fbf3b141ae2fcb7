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
     * A synchronous exception, before it is taken: true if a hook handled it (the hart goes on at
     * its pc, which the hook may have changed). The hook may also move the pc and return false.
     */
    default boolean interceptException(Hart hart, int cause, long value) {
        return false;
    }

    /**
     * A synchronous exception. Return true to deliver it to the guest's trap vector, false if the
     * environment has stopped the run instead (it then sets {@link Hart#requestLeave()}).
     */
    boolean deliverException(Hart hart, int cause, long value);

    /**
     * {@code sp} was just written by an instruction that may switch stacks ({@link Op#LD_SP},
     * {@link Op#ADDI_SP}, {@link Op#ADD_SP}); the hart's pc is the next instruction. Tracers that
     * keep a shadow stack per guest stack (coroutines) follow the switch here.
     */
    default void onStackSwitch(Hart hart, long oldSp, long newSp) {
    }

    /** True when harts run on several host threads (fences then become real memory fences). */
    boolean parallel();
}
