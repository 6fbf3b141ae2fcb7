package io.fgraph.emulator.task;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.Hart;

/**
 * The deterministic schedule of a {@link TaskScheduler}: on the calling thread, rounds of one
 * quantum; in each round every hart in turn runs its task until the hart's clock reaches the end
 * of the round, taking the next ready task when its task blocks or exits, and idling to the end of
 * the round when none is ready. Timers fire at the end of each round. Nothing here depends on the
 * host, so the schedule is the same on every run.
 */
final class DeterministicTaskLoop {
    private final TaskScheduler scheduler;
    private final Machine machine;

    DeterministicTaskLoop(TaskScheduler scheduler) {
        this.scheduler = scheduler;
        this.machine = scheduler.machine();
    }

    void run() {
        int harts = machine.hartCount();
        long roundEnd = 0;
        for (int i = 0; i < harts; i++) {
            roundEnd = Math.max(roundEnd, machine.hart(i).cycle());
        }
        while (!machine.stopped()) {
            roundEnd += scheduler.quantum();
            boolean anyRan = false;
            for (int i = 0; i < harts && !machine.stopped(); i++) {
                anyRan |= runHart(machine.hart(i), roundEnd);
            }
            if (machine.stopped()) {
                return;
            }
            synchronized (scheduler.lock()) {
                scheduler.fireTimers(roundEnd);
                if (anyRan || scheduler.hasReady()) {
                    continue;
                }
                if (scheduler.nothingLeft()) {
                    machine.requestStop(StopReason.ALL_HARTS_PARKED, StopReason.ALL_HARTS_PARKED.exitStatus(),
                            machine.hart(0), "every thread has exited: nothing left to run");
                    return;
                }
                if (!scheduler.hasTimers()) {
                    scheduler.deadlock(machine.hart(0));
                    return;
                }
                // Every task sleeps: time jumps to the first deadline, on every hart.
                long deadline = scheduler.firstDeadline();
                for (int i = 0; i < harts; i++) {
                    machine.hart(i).advanceCycleTo(deadline);
                }
                roundEnd = Math.max(roundEnd, deadline);
                scheduler.fireTimers(roundEnd);
            }
        }
    }

    /** Runs {@code hart} up to {@code roundEnd}; true if it ran a task at all. */
    private boolean runHart(Hart hart, long roundEnd) {
        boolean ran = false;
        while (!machine.stopped() && hart.cycle() < roundEnd) {
            Task task;
            int previous;
            synchronized (scheduler.lock()) {
                task = scheduler.current(hart);
                previous = -1;
                if (task == null) {
                    task = scheduler.pick(hart);
                    if (task == null) {
                        hart.advanceCycleTo(roundEnd); // idle until the round ends
                        return ran;
                    }
                    previous = scheduler.switchedFrom(hart, task);
                }
            }
            if (previous >= 0) {
                machine.taskSwitched(hart, previous, task.id());
            }
            ran = true;
            long budget = scheduler.budget(hart, roundEnd - hart.cycle());
            if (budget <= 0) {
                return ran;
            }
            long executed = machine.runSlice(hart, budget);
            synchronized (scheduler.lock()) {
                scheduler.afterSlice(hart, task, executed, hart.cycle() >= roundEnd);
            }
        }
        return ran;
    }
}
