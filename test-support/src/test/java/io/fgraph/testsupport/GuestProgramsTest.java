package io.fgraph.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuestProgramsTest {
    /** The committed directory itself, as the surefire working directory (this module) sees it. */
    private static final Path ELF_DIRECTORY = Path.of("../guest/elf");

    @Test
    void namesAreEveryElfFileOfTheGuestDirectoryTailcallIncluded() throws IOException {
        List<String> onDisk;
        try (Stream<Path> files = Files.list(ELF_DIRECTORY)) {
            onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".elf"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
        assertEquals(onDisk, GuestPrograms.names());
        assertTrue(GuestPrograms.names().contains("tailcall"), GuestPrograms.names().toString());
    }

    @Test
    void bytesAreTheCommittedFile() throws IOException {
        for (String name : GuestPrograms.names()) {
            assertArrayEquals(Files.readAllBytes(ELF_DIRECTORY.resolve(name + ".elf")), GuestPrograms.bytes(name), name);
        }
    }

    @Test
    void linuxProgramsAreTheirOwnSetAndNotAmongTheBareMetalOnes() throws IOException {
        Path linux = Path.of("../guest/linux/elf");
        List<String> onDisk;
        try (Stream<Path> files = Files.list(linux)) {
            onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".elf"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
        assertEquals(onDisk, GuestPrograms.linux().list());
        assertTrue(onDisk.contains("threads"), onDisk.toString());
        for (String name : onDisk) {
            assertArrayEquals(Files.readAllBytes(linux.resolve(name + ".elf")), GuestPrograms.linux().read(name), name);
        }
        assertTrue(GuestPrograms.names().stream().noneMatch(n -> n.equals("linux") || n.equals("threads")),
                GuestPrograms.names().toString());
    }

    @Test
    void anUnknownProgramIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GuestPrograms.bytes("nosuch"));
        assertTrue(e.getMessage().contains("nosuch") && e.getMessage().contains("fib"), e.getMessage());
    }

    @Test
    void copyToWritesTheProgramIntoADirectory(@TempDir Path dir) throws IOException {
        Path copy = GuestPrograms.copyTo(dir, "chain");
        assertEquals(dir.resolve("chain.elf"), copy);
        assertArrayEquals(GuestPrograms.bytes("chain"), Files.readAllBytes(copy));
    }
}
