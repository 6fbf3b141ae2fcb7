package io.fgraph.emulator.linux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A guest tries to read a host file outside its root through {@code ..}, absolute paths and
 * symbolic links that point out of the root: it never gets it.
 */
class ConfinementTest {
    @TempDir
    Path top;

    @Test
    void theGuestNeverReadsAHostFileOutsideItsRoot() throws IOException {
        Path root = Files.createDirectory(top.resolve("root"));
        Path secret = Files.writeString(top.resolve("secret.txt"), "SECRET\n");
        Files.writeString(root.resolve("inside.txt"), "inside\n");
        Files.createDirectory(root.resolve("dir"));
        Files.createSymbolicLink(root.resolve("absolute"), secret);
        Files.createSymbolicLink(root.resolve("up"), Path.of("../secret.txt"));
        Files.createSymbolicLink(root.resolve("dir/upup"), Path.of("../../.."));
        Files.createSymbolicLink(root.resolve("hostroot"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        Files.createSymbolicLink(root.resolve("good"), Path.of("dir/../inside.txt"));
        String host = secret.toString();
        List<String> attempts = List.of(
                "../secret.txt",
                "../../../../../.." + host,
                host,
                "/.." + host,
                "absolute",
                "up",
                "dir/upup/secret.txt",
                "dir/upup" + host,
                "hostroot" + host,
                "hostroot/etc/passwd",
                "/etc/passwd",
                "loop",
                "good",
                "/dir/../inside.txt",
                "/proc/self/exe/../../secret.txt");
        LinuxRun.Outcome run = LinuxRun.run(root, "paths", attempts);
        assertEquals(0, run.exitStatus(), run.toString());
        assertFalse(run.stdout().contains("SECRET"), run.stdout());
        assertEquals(String.join("\n",
                "../secret.txt: No such file or directory",
                "../../../../../.." + host + ": No such file or directory",
                host + ": No such file or directory",
                "/.." + host + ": No such file or directory",
                "absolute: No such file or directory",
                "up: No such file or directory",
                "dir/upup/secret.txt: No such file or directory",
                "dir/upup" + host + ": No such file or directory",
                "hostroot" + host + ": No such file or directory",
                "hostroot/etc/passwd: No such file or directory",
                "/etc/passwd: No such file or directory",
                "loop: Too many levels of symbolic links",
                "good: inside",
                "/dir/../inside.txt: inside",
                "/proc/self/exe/../../secret.txt: No such file or directory") + "\n", run.stdout());
    }

    @Test
    void theSpecialFilesAreThereWhateverTheRootHolds() throws IOException {
        Path root = Files.createDirectory(top.resolve("empty"));
        LinuxRun.Outcome run = LinuxRun.run(root, "paths", List.of("/dev/null", "/dev/zero", "/dev/urandom", "/proc/self/exe"));
        String[] lines = run.stdout().split("\n");
        assertEquals("/dev/null: ", lines[0]);
        assertEquals("/dev/zero: ", lines[1], "zeros: an empty C string");
        assertEquals(4, lines.length, run.stdout());
        assertEquals(true, lines[3].startsWith("/proc/self/exe: \u007fELF"), lines[3]);
    }
}
