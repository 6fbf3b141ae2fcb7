package io.fgraph.cli;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.StopReason;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT, or SIGTERM) while a guest runs. The JVM answers a signal by running its shutdown
 * hooks and halting, which would cut the command off in the middle: no statistics, no profile, a
 * trace without a summary. This hook stops the machine instead, then waits until the command has
 * printed what it gathered and closed its trace ({@link #close()}), and only then lets the JVM
 * exit (with status 130 for SIGINT).
 * <pre>
 *  try (Interruption interruption = Interruption.stopOnSignal(machine)) {
 *      RunResult result = machine.run();   // ends with StopReason.INTERRUPTED on Ctrl-C
 *      ... print, close the trace ...
 *  }                                       // flushes stdout/stderr; the JVM may exit now
 * </pre>
 */
final class Interruption implements AutoCloseable {
    /** How long the hook waits for the command to finish its output. */
    private static final long GRACE_SECONDS = 30;

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean interrupted;

    private Interruption(Machine machine) {
        this.hook = new Thread(() -> {
            interrupted = true;
            machine.requestStop(StopReason.INTERRUPTED, StopReason.INTERRUPTED.exitStatus(), null, "interrupted");
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fgraph-interrupt");
    }

    /** Installs the hook for {@code machine}'s run. */
    static Interruption stopOnSignal(Machine machine) {
        Interruption interruption = new Interruption(machine);
        Runtime.getRuntime().addShutdownHook(interruption.hook);
        return interruption;
    }

    /** Whether a signal stopped the run. */
    boolean interrupted() {
        return interrupted;
    }

    /** The command is done: flushes its output and lets an interrupted JVM exit; removes the hook otherwise. */
    @Override
    public void close() {
        try {
            System.out.flush();
        } catch (OutputFailedException e) {
            // the command reports its output's failure, or main does
        } finally {
            System.err.flush();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the command is done
            }
        }
    }
}
