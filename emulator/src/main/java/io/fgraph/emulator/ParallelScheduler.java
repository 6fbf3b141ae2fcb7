package io.fgraph.emulator;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.cpu.HartState;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs each hart on its own host thread. Not deterministic: this mode exists to exercise the
 * memory model (LR/SC, AMOs, fences) and tracer data structures under real concurrency. A parked
 * hart's thread polls its state every 100 microseconds; every thread checks for a stop after each
 * quantum, so the instruction limit is honoured to within one quantum per hart.
 */
final class ParallelScheduler {
    private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final Machine machine;
    private final AtomicLong executed = new AtomicLong();

    ParallelScheduler(Machine machine) {
        this.machine = machine;
    }

    void run() {
        HartThreads.runEach(machine, this::runHart);
    }

    private void runHart(Hart hart) {
        long limit = machine.instructionLimit();
        int quantum = machine.config().quantum();
        while (!machine.stopped()) {
            if (hart.state() != HartState.RUNNING) {
                if (allParked()) {
                    machine.reporter().allParked();
                    return;
                }
                LockSupport.parkNanos(PARK_NANOS);
                continue;
            }
            long budget = quantum;
            if (limit > 0) {
                budget = Math.min(budget, limit - executed.get());
                if (budget <= 0) {
                    machine.reporter().instructionLimit(hart, limit);
                    return;
                }
            }
            try {
                executed.addAndGet(machine.runSlice(hart, budget));
            } catch (RuntimeException e) {
                machine.hookFailed(hart, "hart thread", e);
                return;
            }
            machine.checkToHost(hart);
        }
    }

    private boolean allParked() {
        for (Hart hart : machine.harts()) {
            if (hart.state() == HartState.RUNNING) {
                return false;
            }
        }
        return true;
    }
}
