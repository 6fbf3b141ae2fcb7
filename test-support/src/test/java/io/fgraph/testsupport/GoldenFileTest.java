package io.fgraph.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.opentest4j.AssertionFailedError;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ResourceLock("system properties")
class GoldenFileTest {
    @TempDir
    Path dir;

    @Test
    void aMissingGoldenFileFailsAndIsNotWritten() {
        Path golden = dir.resolve("missing.txt");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> GoldenFile.assertMatches(golden, "text\n"));
        assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("-Dgolden.update=true"), e.getMessage());
        assertFalse(Files.exists(golden), "a failing comparison must not create the golden file");
    }

    @Test
    void aDifferentOutputFails() throws Exception {
        Path golden = dir.resolve("g.txt");
        Files.writeString(golden, "old\n", StandardCharsets.UTF_8);
        assertThrows(AssertionFailedError.class, () -> GoldenFile.assertMatches(golden, "new\n"));
        assertEquals("old\n", Files.readString(golden), "a failing comparison leaves the golden file alone");
    }

    @Test
    void theSameOutputPasses() throws Exception {
        Path golden = dir.resolve("g.txt");
        Files.writeString(golden, "same\n", StandardCharsets.UTF_8);
        GoldenFile.assertMatches(golden, "same\n");
    }

    @Test
    void theUpdatePropertyWritesTheGoldenFile() throws Exception {
        Path golden = dir.resolve("sub/new.txt");
        System.setProperty(GoldenFile.UPDATE_PROPERTY, "true");
        try {
            GoldenFile.assertMatches(golden, "fresh\n");
        } finally {
            System.clearProperty(GoldenFile.UPDATE_PROPERTY);
        }
        assertEquals("fresh\n", Files.readString(golden, StandardCharsets.UTF_8));
    }
}
