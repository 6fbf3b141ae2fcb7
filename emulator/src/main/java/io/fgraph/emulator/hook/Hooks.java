package io.fgraph.emulator.hook;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registry of Java hooks of one machine: breakpoint handlers (asked in registration order),
 * trap-to-Java handlers by id, stack-switch and task-switch handlers (all told, in registration
 * order), exception interceptors and the single-step handler.
 */
public final class Hooks {
    private final List<BreakpointHandler> breakpointHandlers = new CopyOnWriteArrayList<>();
    private final List<StackSwitchHandler> stackSwitchHandlers = new CopyOnWriteArrayList<>();
    private final List<ExceptionInterceptor> exceptionInterceptors = new CopyOnWriteArrayList<>();
    private final List<TaskSwitchHandler> taskSwitchHandlers = new CopyOnWriteArrayList<>();
    private final JavaTrapHandler[] trapHandlers = new JavaTrapHandler[JavaTrap.MAX_ID + 1];
    private volatile StepHandler stepHandler;

    public void addBreakpointHandler(BreakpointHandler handler) {
        breakpointHandlers.add(handler);
    }

    public void removeBreakpointHandler(BreakpointHandler handler) {
        breakpointHandlers.remove(handler);
    }

    public List<BreakpointHandler> breakpointHandlers() {
        return breakpointHandlers;
    }

    public void addExceptionInterceptor(ExceptionInterceptor interceptor) {
        exceptionInterceptors.add(interceptor);
    }

    public List<ExceptionInterceptor> exceptionInterceptors() {
        return exceptionInterceptors;
    }

    public void addStackSwitchHandler(StackSwitchHandler handler) {
        stackSwitchHandlers.add(handler);
    }

    public void removeStackSwitchHandler(StackSwitchHandler handler) {
        stackSwitchHandlers.remove(handler);
    }

    public List<StackSwitchHandler> stackSwitchHandlers() {
        return stackSwitchHandlers;
    }

    public void addTaskSwitchHandler(TaskSwitchHandler handler) {
        taskSwitchHandlers.add(handler);
    }

    public void removeTaskSwitchHandler(TaskSwitchHandler handler) {
        taskSwitchHandlers.remove(handler);
    }

    public List<TaskSwitchHandler> taskSwitchHandlers() {
        return taskSwitchHandlers;
    }

    /** Installs {@code handler} for trap id {@code id}; throws if the id is taken. */
    public synchronized void registerTrap(int id, JavaTrapHandler handler) {
        JavaTrap.encode(id); // validates the range
        if (trapHandlers[id] != null) {
            throw new IllegalStateException("trap id=" + id + " is already registered");
        }
        trapHandlers[id] = handler;
    }

    /** Installs {@code handler} under the lowest free id and returns the id. */
    public synchronized int allocateTrap(JavaTrapHandler handler) {
        for (int id = 1; id <= JavaTrap.MAX_ID; id++) {
            if (trapHandlers[id] == null) {
                trapHandlers[id] = handler;
                return id;
            }
        }
        throw new IllegalStateException("all " + JavaTrap.MAX_ID + " trap ids are in use");
    }

    public synchronized void unregisterTrap(int id) {
        trapHandlers[id] = null;
    }

    public JavaTrapHandler trapHandler(int id) {
        return trapHandlers[id];
    }

    public void setStepHandler(StepHandler handler) {
        this.stepHandler = handler;
    }

    public StepHandler stepHandler() {
        return stepHandler;
    }
}
