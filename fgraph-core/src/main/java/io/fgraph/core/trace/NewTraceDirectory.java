package io.fgraph.core.trace;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory claimed for one new recording. The claim is atomic: it is the creation of
 * {@code DIR/events} with {@link Files#createDirectory}, which fails if that exists, so of two
 * recorders started into the same directory at once exactly one goes on; the other fails before
 * writing anything. {@link #abandon()} removes what a recording that could not start left behind
 * (a half-written header, a reservation, the queue's first files), so that a retry finds the
 * directory as it was.
 */
final class NewTraceDirectory {
    private final Path dir;
    private final boolean created;

    private NewTraceDirectory(Path dir, boolean created) {
        this.dir = dir;
        this.created = created;
    }

    /**
     * Claims {@code dir}, which must not exist or be an empty directory; its parents are created.
     *
     * @throws IllegalArgumentException if {@code dir} is a file or a directory that is not empty
     *                                  (possibly because another recording just claimed it)
     * @throws IOException              if it cannot be created
     */
    static NewTraceDirectory claim(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("dir=" + dir + ": is a file, not a directory");
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean created;
        try {
            Files.createDirectory(dir);
            created = true;
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("dir=" + dir + ": is a file, not a directory");
            }
            created = false;
        }
        if (!created) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw notEmpty(dir);
                }
            }
        }
        try {
            Files.createDirectory(TraceFiles.events(dir));
        } catch (FileAlreadyExistsException e) {
            throw notEmpty(dir);
        } catch (IOException e) {
            if (created) {
                Files.deleteIfExists(dir);
            }
            throw e;
        }
        return new NewTraceDirectory(dir, created);
    }

    private static IllegalArgumentException notEmpty(Path dir) {
        return new IllegalArgumentException("dir=" + dir + ": not empty; a trace needs a new directory");
    }

    Path dir() {
        return dir;
    }

    /** Deletes everything in the claimed directory, and the directory itself if the claim created it. Best effort. */
    void abandon() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .filter(p -> created || !p.equals(dir))
                    .forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort: the recording's own failure is what the caller reports
        }
    }
}
