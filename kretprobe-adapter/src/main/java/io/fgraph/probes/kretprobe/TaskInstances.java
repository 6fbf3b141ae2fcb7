package io.fgraph.probes.kretprobe;

import java.util.Arrays;

/**
 * The classic kretprobe instances of one task in flight, newest on top (Linux keeps them on the
 * task's list). Only the hart running the task touches it.
 */
final class TaskInstances {
    private final int task;
    private ClassicInstance[] stack = new ClassicInstance[16];
    private int size;

    TaskInstances(int task) {
        this.task = task;
    }

    int task() {
        return task;
    }

    int size() {
        return size;
    }

    void push(ClassicInstance instance) {
        if (size == stack.length) {
            stack = Arrays.copyOf(stack, size * 2);
        }
        stack[size++] = instance;
    }

    /** Pops the top instance if it belongs to the frame entered with {@code sp}; else null. */
    ClassicInstance popFrame(long sp) {
        if (size == 0 || stack[size - 1].entryStackPointer() != sp) {
            return null;
        }
        ClassicInstance top = stack[--size];
        stack[size] = null;
        return top;
    }

    /** Pops the top instance if its frame was entered below {@code sp} (or at it, unless {@code strictly}). */
    ClassicInstance popBelow(long sp, boolean strictly) {
        if (size == 0) {
            return null;
        }
        long entered = stack[size - 1].entryStackPointer();
        int order = Long.compareUnsigned(entered, sp);
        if (order > 0 || (strictly && order == 0)) {
            return null;
        }
        ClassicInstance top = stack[--size];
        stack[size] = null;
        return top;
    }

    /** The newest instance of the frame entered with {@code sp}, or null. */
    ClassicInstance frame(long sp) {
        for (int i = size - 1; i >= 0; i--) {
            if (stack[i].entryStackPointer() == sp) {
                return stack[i];
            }
        }
        return null;
    }
}
