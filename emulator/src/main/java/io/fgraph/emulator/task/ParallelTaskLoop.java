package io.fgraph.emulator.task;

import io.fgraph.emulator.HartThreads;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.cpu.Hart;

/**
 * The parallel schedule of a {@link TaskScheduler}: one host thread per hart, each taking the next
 * ready task from the shared queue, running it a quantum at a time, and firing the timers its own
 * clock has passed. A hart with nothing to run waits on the scheduler's lock; when every hart
 * waits, time jumps to the first deadline (or the run stops: a deadlock). Not deterministic.
 */
final class ParallelTaskLoop {
    private static final long IDLE_WAIT_MILLIS = 1;

    private final TaskScheduler scheduler;
    private final Machine machine;
    private int idle;

    ParallelTaskLoop(TaskScheduler scheduler) {
        this.scheduler = scheduler;
        this.machine = scheduler.machine();
    }

    void run() {
        HartThreads.runEach(machine, this::runHart);
    }

    private void runHart(Hart hart) {
        try {
            while (!machine.stopped()) {
                Task task;
                int previous;
                synchronized (scheduler.lock()) {
                    task = scheduler.current(hart);
                    previous = -1;
                    if (task == null) {
                        task = waitForTask(hart);
                        if (task == null) {
                            return;
                        }
                        previous = scheduler.switchedFrom(hart, task);
                    }
                }
                if (previous >= 0) {
                    machine.taskSwitched(hart, previous, task.id());
                }
                long budget = scheduler.budget(hart, scheduler.quantum());
                if (budget <= 0) {
                    return;
                }
                long executed = machine.runSlice(hart, budget);
                synchronized (scheduler.lock()) {
                    scheduler.afterSlice(hart, task, executed, true);
                    scheduler.fireTimers(hart.cycle());
                }
            }
        } catch (RuntimeException e) {
            machine.requestStop(StopReason.HOOK_FAILURE, StopReason.HOOK_FAILURE.exitStatus(), hart,
                    "hart " + hart.id() + ": hart thread failed: " + e);
        } finally {
            synchronized (scheduler.lock()) {
                scheduler.lock().notifyAll(); // the others look at the stop
            }
        }
    }

    /** Under the lock: the next task for {@code hart}, waiting while there is none; null when the run ends. */
    private Task waitForTask(Hart hart) {
        Object lock = scheduler.lock();
        while (!machine.stopped()) {
            Task task = scheduler.pick(hart);
            if (task != null) {
                return task;
            }
            if (idle + 1 == machine.hartCount()) {
                if (scheduler.nothingLeft()) {
                    machine.requestStop(StopReason.ALL_HARTS_PARKED, StopReason.ALL_HARTS_PARKED.exitStatus(), hart,
                            "every thread has exited: nothing left to run");
                    lock.notifyAll();
                    return null;
                }
                if (!scheduler.hasTimers()) {
                    scheduler.deadlock(hart);
                    lock.notifyAll();
                    return null;
                }
                hart.advanceCycleTo(scheduler.firstDeadline()); // every hart waits: time jumps
                scheduler.fireTimers(hart.cycle());
                continue;
            }
            idle++;
            try {
                lock.wait(IDLE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } finally {
                idle--;
            }
        }
        return null;
    }
}
