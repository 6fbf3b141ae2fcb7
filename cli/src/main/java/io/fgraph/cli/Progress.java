package io.fgraph.cli;

import io.fgraph.core.trace.TraceRecorder;
import io.fgraph.emulator.Machine;

import java.util.Locale;

/** A progress line on stderr (instructions, events, events/s), once a second, for long recordings. */
final class Progress {
    private final Thread thread;

    private Progress(Thread thread) {
        this.thread = thread;
    }

    static Progress start(String mode, Machine machine, TraceRecorder recorder) {
        boolean on = switch (mode) {
            case "true" -> true;
            case "false" -> false;
            case "auto" -> System.console() != null;
            default -> throw new UserError("--progress=" + mode + ": must be true, false or auto");
        };
        if (!on) {
            return new Progress(null);
        }
        Thread thread = new Thread(() -> report(machine, recorder), "fgraph-progress");
        thread.setDaemon(true);
        thread.start();
        return new Progress(thread);
    }

    private static void report(Machine machine, TraceRecorder recorder) {
        long start = System.nanoTime();
        long lastEvents = 0;
        long lastTime = start;
        try {
            while (true) {
                Thread.sleep(1000);
                long now = System.nanoTime();
                long events = recorder.eventsWritten();
                double rate = (events - lastEvents) / ((now - lastTime) / 1e9);
                System.err.printf(Locale.ROOT, "\rfgraph: %,d instructions, %,d events, %,.0f events/s   ",
                        machine.instructions(), events, rate);
                lastEvents = events;
                lastTime = now;
            }
        } catch (InterruptedException e) {
            System.err.print("\r");
        }
    }

    void stop() {
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
