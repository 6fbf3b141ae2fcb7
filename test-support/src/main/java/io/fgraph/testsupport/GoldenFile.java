package io.fgraph.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Golden-file comparison for text outputs. A missing golden file fails the test: writing one is an
 * explicit act, {@code -Dgolden.update=true}, after which the diff is reviewed like any change.
 */
public final class GoldenFile {
    /** The system property that (re)writes golden files instead of comparing with them. */
    public static final String UPDATE_PROPERTY = "golden.update";

    private GoldenFile() {
    }

    /**
     * Asserts that {@code actual} equals the contents of {@code file} (UTF-8); with
     * {@code -Dgolden.update=true}, writes {@code actual} to {@code file} instead.
     *
     * @throws org.opentest4j.AssertionFailedError if the file is missing or differs
     */
    public static void assertMatches(Path file, String actual) throws IOException {
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            fail("golden file " + file + " is missing: create it with -D" + UPDATE_PROPERTY
                    + "=true (e.g. mvn test -pl MODULE -Dtest=TEST -D" + UPDATE_PROPERTY + "=true) and review it");
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, file.toString());
    }
}
