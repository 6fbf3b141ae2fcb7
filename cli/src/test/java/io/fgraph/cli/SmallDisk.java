package io.fgraph.cli;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small file system mounted for a test, to fill up: a tmpfs, or an ext4 image on a loop device.
 * Needs root (CI runs as root); where it cannot mount, the test is skipped. Always close it:
 * {@code try (SmallDisk disk = SmallDisk.tmpfs(dir, "4m")) { ... }}.
 */
final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** A tmpfs of {@code size} (mount's syntax: "1m") at {@code dir}/mnt. */
    static SmallDisk tmpfs(Path dir, String size) throws IOException, InterruptedException {
        Path mnt = Files.createDirectories(dir.resolve("mnt"));
        mount("tmpfs", List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mnt.toString()));
        return new SmallDisk(mnt);
    }

    /** An ext4 file system of {@code megabytes} on a loop device at {@code dir}/mnt (its image in {@code dir}). */
    static SmallDisk ext4(Path dir, int megabytes) throws IOException, InterruptedException {
        Path image = dir.resolve("ext4.img");
        try (var file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            file.setLength((long) megabytes << 20);
        }
        Assumptions.assumeTrue(exec(List.of("mkfs.ext4", "-q", "-F", image.toString())) == 0, "mkfs.ext4 not usable");
        Path mnt = Files.createDirectories(dir.resolve("mnt"));
        mount("ext4", List.of("mount", "-o", "loop", image.toString(), mnt.toString()));
        return new SmallDisk(mnt);
    }

    private static void mount(String what, List<String> command) throws IOException, InterruptedException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a " + what + " needs root");
        Assumptions.assumeTrue(exec(command) == 0, "cannot mount a " + what + " here: " + command);
    }

    private static int exec(List<String> command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1; // no such command
        }
    }

    /** Where it is mounted. */
    Path path() {
        return mountPoint;
    }

    /** Fills what is left with a file, so that the disk is full. */
    void fill() throws IOException {
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(mountPoint.resolve("filler"))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // full now
        }
    }

    /** Frees the space {@link #fill()} took. */
    void free() throws IOException {
        Files.deleteIfExists(mountPoint.resolve("filler"));
    }

    @Override
    public void close() throws InterruptedException {
        for (int attempt = 0; attempt < 10 && exec(List.of("umount", mountPoint.toString())) != 0; attempt++) {
            Thread.sleep(200); // a child JVM may still be letting go of its files
        }
    }
}
