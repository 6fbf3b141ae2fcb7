package io.fgraph.core.tracer;

import java.util.function.IntFunction;

/**
 * Per-task state of a tracer, indexed by task id. Each task is touched only by the hart running
 * it; growing the table is the only shared step and is synchronised.
 */
final class TaskStates<T> {
    private final IntFunction<T> factory;
    private volatile Object[] states = new Object[8];

    TaskStates(IntFunction<T> factory) {
        this.factory = factory;
    }

    @SuppressWarnings("unchecked")
    T of(int task) {
        Object[] current = states;
        if (task < current.length && current[task] != null) {
            return (T) current[task];
        }
        return create(task);
    }

    @SuppressWarnings("unchecked")
    private synchronized T create(int task) {
        Object[] current = states;
        if (task >= current.length) {
            current = java.util.Arrays.copyOf(current, Math.max(task + 1, current.length * 2));
        }
        if (current[task] == null) {
            current[task] = factory.apply(task);
        }
        states = current;
        return (T) current[task];
    }
}
