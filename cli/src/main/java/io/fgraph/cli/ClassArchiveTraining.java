package io.fgraph.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run behind the launcher's class archive: the {@code fgraph} script runs this once
 * per jar and JVM with {@code -XX:ArchiveClassesAtExit}, so that the classes the commands load
 * (Chronicle Queue, the Disruptor, the emulator, the tracer) are read from a CDS archive on every
 * later start instead of being parsed and verified from the jar (docs/benchmarks.md: about 0.4 s
 * of each {@code fgraph record}).
 *
 * <p>It runs, in one JVM and with their output thrown away, the commands people run most: a live
 * function graph, a recording, and the replay, report and info of that recording. A command that
 * fails makes the training fail (exit status 1, the launcher then starts without an archive).
 *
 * <pre>java -XX:ArchiveClassesAtExit=A.jsa -cp fgraph.jar io.fgraph.cli.ClassArchiveTraining WORK_DIR GUEST.elf</pre>
 */
public final class ClassArchiveTraining {
    private ClassArchiveTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ClassArchiveTraining WORK_DIR GUEST_ELF");
            System.exit(2);
        }
        System.exit(train(Path.of(args[0]), args[1]) == 0 ? 0 : 1);
    }

    /** Runs the training commands on {@code guest} with {@code work} for their files; returns how many failed. */
    static int train(Path work, String guest) throws java.io.IOException {
        Files.createDirectories(work);
        String trace = work.resolve("training.trace").toString();
        String[][] commands = {
            {"run", "--trace", "function_graph", "-F", "main", guest},
            {"record", "--no-progress", "-o", trace, guest},
            {"replay", trace},
            {"report", trace},
            {"info", trace},
        };
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        int failed = 0;
        try {
            System.setOut(discard);
            System.setErr(discard);
            for (String[] command : commands) {
                if (Main.execute(command) != 0) {
                    failed++;
                    err.println("fgraph class archive training: 'fgraph " + String.join(" ", command) + "' failed");
                }
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return failed;
    }
}
