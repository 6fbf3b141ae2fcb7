package io.fgraph.emulator;

import io.fgraph.emulator.cpu.Hart;

import java.util.function.Consumer;

/**
 * Parallel mode's threads: one host thread per hart, each running {@code body} on its hart, and
 * the caller waiting for them all. An interrupted wait stops the machine with a report.
 */
public final class HartThreads {
    private HartThreads() {
    }

    public static void runEach(Machine machine, Consumer<Hart> body) {
        Thread[] threads = new Thread[machine.hartCount()];
        for (int i = 0; i < threads.length; i++) {
            Hart hart = machine.hart(i);
            threads[i] = new Thread(() -> body.accept(hart), "hart-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                machine.requestStop(StopReason.HOOK_FAILURE, StopReason.HOOK_FAILURE.exitStatus(), null,
                        "interrupted while waiting for hart threads");
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
