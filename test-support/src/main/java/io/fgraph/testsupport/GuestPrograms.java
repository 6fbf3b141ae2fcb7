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
 * classpath as {@code /guest/NAME.elf}, and the Linux programs {@code guest/linux/elf/NAME.elf}, on
 * the classpath as {@code /guest/linux/NAME.elf} ({@link #linux()}). The one place that finds, lists
 * and reads them, for the tests of every module and for the benchmarks.
 */
public final class GuestPrograms {
    static final String DIRECTORY = "guest";
    static final String SUFFIX = ".elf";
    private static final GuestPrograms LINUX = new GuestPrograms(DIRECTORY + "/linux");

    private final String directory;

    private GuestPrograms(String directory) {
        this.directory = directory;
    }

    /** The Linux guest programs (static glibc, {@code guest/linux/elf}). */
    public static GuestPrograms linux() {
        return LINUX;
    }

    /** The name of every Linux program, sorted. */
    public List<String> list() {
        return names(directory);
    }

    /** The bytes of Linux program {@code NAME.elf}. */
    public byte[] read(String name) {
        return bytes(directory, name);
    }

    /** Copies Linux program {@code NAME.elf} into {@code dir}. */
    public Path copy(Path dir, String name) {
        return copyTo(directory, dir, name);
    }

    /**
     * The name (without {@code .elf}) of every program in the directory, sorted; listed from the
     * classpath directory (a build directory or the guest jar), not from a hand-kept list.
     */
    public static List<String> names() {
        return names(DIRECTORY);
    }

    private static List<String> names(String directory) {
        URI uri = directory(directory);
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return list(jar.getPath("/" + directory));
            } catch (FileSystemAlreadyExistsException e) {
                return list(FileSystems.getFileSystem(uri).getPath("/" + directory));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the guest programs in " + uri, e);
            }
        }
        return list(Path.of(uri));
    }

    /** The bytes of {@code NAME.elf}. */
    public static byte[] bytes(String name) {
        return bytes(DIRECTORY, name);
    }

    private static byte[] bytes(String directory, String name) {
        try (InputStream in = open(directory, name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read guest program " + name, e);
        }
    }

    /** Copies {@code NAME.elf} into {@code dir} (for tests that hand a file to the command line). */
    public static Path copyTo(Path dir, String name) {
        return copyTo(DIRECTORY, dir, name);
    }

    private static Path copyTo(String directory, Path dir, String name) {
        Path file = dir.resolve(name + SUFFIX);
        try (InputStream in = open(directory, name)) {
            Files.copy(in, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy guest program " + name + " to " + dir, e);
        }
    }

    private static InputStream open(String directory, String name) {
        InputStream in = GuestPrograms.class.getResourceAsStream("/" + directory + "/" + name + SUFFIX);
        if (in == null) {
            throw new IllegalArgumentException("guest program " + name + " is not on the classpath (/" + directory + "/"
                    + name + SUFFIX + "; known: " + names(directory) + ")");
        }
        return in;
    }

    private static URI directory(String directory) {
        URL url = GuestPrograms.class.getClassLoader().getResource(directory + "/");
        if (url == null) {
            throw new IllegalStateException("no guest programs on the classpath: /" + directory
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
