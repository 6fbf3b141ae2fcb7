package io.fgraph.emulator.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For reading what the translator wrote: with the system property {@value #PROPERTY} set to a
 * directory, every unit's class file is written there as {@code unit-PC.class} ({@code javap -c} reads it).
 */
final class UnitDump {
    static final String PROPERTY = "fgraph.translate.dump";
    private static final String DIRECTORY = System.getProperty(PROPERTY);

    private UnitDump() {
    }

    static void write(byte[] code, long pc) {
        if (DIRECTORY == null) {
            return;
        }
        try {
            Path directory = Path.of(DIRECTORY);
            Files.createDirectories(directory);
            Files.write(directory.resolve("unit-" + Long.toHexString(pc) + ".class"), code);
        } catch (IOException e) {
            throw new UncheckedIOException(PROPERTY + "=" + DIRECTORY + ": cannot write the unit", e);
        }
    }
}
