package io.fgraph.emulator.task;

import io.fgraph.emulator.cpu.HartContext;

/**
 * A thread of control that harts run in turns: its architectural state while it is off a hart
 * ({@link #context()}), its scheduling state, and the platform's data about it
 * ({@link #attachment()}). Created and changed by a {@link TaskScheduler} under its lock.
 */
public final class Task {
    /** No deadline: the task waits until it is woken. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private final int id;
    private final Object attachment;
    final HartContext context;
    TaskState state = TaskState.READY;
    /** The hart whose registers hold this task, or -1 when its state is in {@link #context}. */
    int hart = -1;
    /** Virtual time at which it became ready: a hart that picks it up is at least that late. */
    long readyTime;
    long deadline = NO_DEADLINE;
    TimeoutAction onTimeout;
    String waitingFor = "";
    /** The a0 a wake-up gives it (written into its context once its hart has saved it). */
    long wakeResult;
    boolean hasWakeResult;
    /** Woken to run its call again before its hart saved it. */
    boolean retryPending;
    boolean yieldRequested;
    /** Order of arrival among tasks with the same deadline (timers fire deterministically). */
    long timerSequence;
    long instructions;

    Task(int id, HartContext context, long readyTime, Object attachment) {
        this.id = id;
        this.context = context;
        this.readyTime = readyTime;
        this.attachment = attachment;
    }

    public int id() {
        return id;
    }

    /** The platform's data about this task (a Linux thread's clear_child_tid, signal mask...). */
    public Object attachment() {
        return attachment;
    }

    /**
     * The saved registers: valid while the task is off a hart. A platform writes a new thread's
     * registers here before it is started.
     */
    public HartContext context() {
        return context;
    }

    public TaskState state() {
        return state;
    }

    /** Instructions it retired so far (updated after each of its time slices). */
    public long instructions() {
        return instructions;
    }

    /** What a blocked task waits for ({@code "futex 0x7ffc10"}), for reports; empty otherwise. */
    public String waitingFor() {
        return waitingFor;
    }

    @Override
    public String toString() {
        return "task " + id + " " + state + (waitingFor.isEmpty() ? "" : " (" + waitingFor + ")");
    }
}
