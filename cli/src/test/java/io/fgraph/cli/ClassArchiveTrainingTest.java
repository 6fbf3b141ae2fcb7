package io.fgraph.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's class archive training runs its commands to the end (a failing one would leave every start slow). */
class ClassArchiveTrainingTest {

    @Test
    void everyTrainingCommandSucceedsOnAShippedGuest(@TempDir Path dir) throws Exception {
        Path guest = Cli.guest(dir, "chain");
        assertEquals(0, ClassArchiveTraining.train(dir.resolve("work"), guest.toString()));
        assertTrue(Files.isDirectory(dir.resolve("work").resolve("training.trace")), "the recording it replays");
    }

    @Test
    void aFailingCommandIsCounted(@TempDir Path dir) throws Exception {
        // no such guest: run and record fail, and so do replay, report and info of the missing trace
        assertEquals(5, ClassArchiveTraining.train(dir.resolve("work"), dir.resolve("missing.elf").toString()));
    }
}
