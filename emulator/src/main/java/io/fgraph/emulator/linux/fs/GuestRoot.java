package io.fgraph.emulator.linux.fs;

import io.fgraph.emulator.linux.Errno;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The directory a guest sees as {@code /}, and the one place guest paths become host paths.
 *
 * <p>Confinement: a guest path is walked one component at a time from the root (an absolute path)
 * or from a guest directory (a relative one), never by handing the host the guest's string.
 * {@code ..} at the root stays at the root. Each component is looked at on the host with
 * {@code lstat} semantics ({@link LinkOption#NOFOLLOW_LINKS}) below directories already resolved;
 * a symbolic link is read and its target is walked the same way, an absolute target from the guest
 * root, so neither {@code ..} nor a link can lead outside it. At most {@link #MAX_LINKS} links are
 * followed ({@code ELOOP}). The host path returned is the root joined with the resolved components,
 * none of which is a link but possibly the last (when the caller asked not to follow it), so the
 * host opens it with {@code NOFOLLOW_LINKS} and cannot be sent elsewhere by it.
 *
 * <p>Not covered: another host process that replaces a directory inside the root by a link while
 * the guest runs (the walk and the open are two steps). The guest itself cannot make links.
 */
public final class GuestRoot {
    public static final int MAX_LINKS = 40;
    public static final int PATH_MAX = 4096;
    public static final int NAME_MAX = 255;

    private final Path root;

    /** @throws IOException if {@code directory} does not exist or is not a directory */
    public GuestRoot(Path directory) throws IOException {
        Path real = directory.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new IOException(directory + ": not a directory");
        }
        this.root = real;
    }

    /** The host directory that is the guest's {@code /}. */
    public Path hostRoot() {
        return root;
    }

    /**
     * A resolved guest path: its components below the root, and the host path; {@code errno} is
     * non-zero when it could not be resolved.
     */
    public record Resolved(List<String> components, Path host, int errno) {
        /** The guest path, {@code "/dir/file"}. */
        public String guestPath() {
            return "/" + String.join("/", components);
        }

        boolean failed() {
            return errno != 0;
        }

        static Resolved error(int errno) {
            return new Resolved(List.of(), null, errno);
        }
    }

    /** Splits a guest path such as {@code "/a/b"} (absolute, normalised) into its components. */
    public static List<String> components(String guestDirectory) {
        List<String> parts = new ArrayList<>();
        for (String part : guestDirectory.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    /**
     * Resolves {@code path} relative to the guest directory {@code base} (its components; ignored
     * for an absolute path). The last component need not exist (for a create); when it is a link it
     * is followed if {@code followLast}, or when the path ends with a slash.
     */
    public Resolved resolve(List<String> base, String path, boolean followLast) {
        if (path.isEmpty()) {
            return Resolved.error(Errno.ENOENT);
        }
        if (path.length() >= PATH_MAX) {
            return Resolved.error(Errno.ENAMETOOLONG);
        }
        boolean mustBeDirectory = path.endsWith("/");
        Deque<String> resolved = new ArrayDeque<>(path.startsWith("/") ? List.of() : base);
        Deque<String> todo = new ArrayDeque<>(components(path));
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.pollLast();
                }
                continue;
            }
            if (name.length() > NAME_MAX) {
                return Resolved.error(Errno.ENAMETOOLONG);
            }
            boolean last = onlyDotsLeft(todo);
            Path candidate = host(resolved).resolve(name);
            if (Files.isSymbolicLink(candidate) && (!last || followLast || mustBeDirectory)) {
                if (++links > MAX_LINKS) {
                    return Resolved.error(Errno.ELOOP);
                }
                String target;
                try {
                    target = Files.readSymbolicLink(candidate).toString();
                } catch (IOException | UnsupportedOperationException e) {
                    return Resolved.error(Errno.EACCES);
                }
                if (target.isEmpty()) {
                    return Resolved.error(Errno.ENOENT);
                }
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                List<String> parts = components(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
                continue;
            }
            if (!last || mustBeDirectory) {
                if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    return Resolved.error(Errno.ENOENT);
                }
                if (!Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    return Resolved.error(Errno.ENOTDIR);
                }
            }
            resolved.addLast(name);
        }
        List<String> parts = new ArrayList<>(resolved);
        return new Resolved(parts, host(parts), 0);
    }

    private static boolean onlyDotsLeft(Deque<String> todo) {
        for (String name : todo) {
            if (!name.equals(".")) {
                return false;
            }
        }
        return true;
    }

    private Path host(Iterable<String> components) {
        Path path = root;
        for (String component : components) {
            path = path.resolve(component);
        }
        return path;
    }
}
