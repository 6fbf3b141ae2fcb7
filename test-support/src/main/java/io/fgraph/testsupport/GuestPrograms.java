package io.fgraph.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The committed guest programs: {@code guest/elf/NAME.elf}, which module {@code guest} puts on the
 * classpath as {@code /guest/NAME.elf}. The one place that finds, lists and reads them, for the
 * tests of every module and for the benchmarks.
 */
public final class GuestPrograms {
    static final String DIRECTORY = "guest";
    static final String SUFFIX = ".elf";

    private GuestPrograms() {
    }

    /**
     * The name (without {@code .elf}) of every program in the directory, sorted; listed from the
     * classpath directory (a build directory or the guest jar), not from a hand-kept list.
     */
    public static List<String> names() {
        URI uri = directory();
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return list(jar.getPath("/" + DIRECTORY));
            } catch (FileSystemAlreadyExistsException e) {
                return list(FileSystems.getFileSystem(uri).getPath("/" + DIRECTORY));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the guest programs in " + uri, e);
            }
        }
        return list(Path.of(uri));
    }

    /** The bytes of {@code NAME.elf}. */
    public static byte[] bytes(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read guest program " + name, e);
        }
    }

    /** Copies {@code NAME.elf} into {@code dir} (for tests that hand a file to the command line). */
    public static Path copyTo(Path dir, String name) {
        Path file = dir.resolve(name + SUFFIX);
        try (InputStream in = open(name)) {
            Files.copy(in, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy guest program " + name + " to " + dir, e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = GuestPrograms.class.getResourceAsStream("/" + DIRECTORY + "/" + name + SUFFIX);
        if (in == null) {
            throw new IllegalArgumentException("guest program " + name + " is not on the classpath (guest/elf/"
                    + name + SUFFIX + "; known: " + names() + ")");
        }
        return in;
    }

    private static URI directory() {
        URL url = GuestPrograms.class.getClassLoader().getResource(DIRECTORY + "/");
        if (url == null) {
            throw new IllegalStateException("no guest programs on the classpath: /" + DIRECTORY
                    + "/ comes from module fgraph-guest");
        }
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad classpath URL " + url, e);
        }
    }

    private static List<String> list(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(SUFFIX))
                    .map(f -> f.substring(0, f.length() - SUFFIX.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the guest programs in " + directory, e);
        }
    }
}
