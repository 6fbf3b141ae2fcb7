package io.fgraph.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code fgraph} in a child JVM ({@link Main#main}, with the test JVM's flags and classpath),
 * for what cannot happen inside the test JVM: a crash, a signal, a real standard output that fails.
 */
final class ChildFgraph {
    private ChildFgraph() {
    }

    /** A process builder for {@code fgraph args...}, working in {@code workDir} (where a JVM crash log would go). */
    static ProcessBuilder builder(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle")).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile());
    }

    /** What a finished child did. */
    record Outcome(int exitStatus, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitStatus + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** Runs {@code fgraph args...} to the end, stdout and stderr captured into files of {@code workDir}. */
    static Outcome run(Path workDir, String... args) throws IOException, InterruptedException {
        Path out = workDir.resolve("child.out");
        Path err = workDir.resolve("child.err");
        Process p = builder(workDir, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int status = p.waitFor();
        return new Outcome(status, java.nio.file.Files.readString(out), java.nio.file.Files.readString(err));
    }
}
