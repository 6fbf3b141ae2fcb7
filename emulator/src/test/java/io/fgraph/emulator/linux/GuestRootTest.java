package io.fgraph.emulator.linux;

import io.fgraph.emulator.linux.fs.GuestRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way out of the root a path or a link could take ends inside it. */
class GuestRootTest {
    @TempDir
    Path top;
    private Path root;
    private Path secret;
    private GuestRoot guestRoot;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectory(top.resolve("root"));
        secret = Files.writeString(top.resolve("secret.txt"), "SECRET");
        Files.createDirectories(root.resolve("dir/sub"));
        Files.writeString(root.resolve("inside.txt"), "inside");
        Files.createSymbolicLink(root.resolve("absolute"), secret);
        Files.createSymbolicLink(root.resolve("up"), Path.of("../secret.txt"));
        Files.createSymbolicLink(root.resolve("dir/upup"), Path.of("../../../.."));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        Files.createSymbolicLink(root.resolve("good"), Path.of("dir/../inside.txt"));
        Files.createSymbolicLink(root.resolve("rooted"), Path.of("/inside.txt"));
        guestRoot = new GuestRoot(root);
    }

    private GuestRoot.Resolved resolve(String path) {
        return guestRoot.resolve(List.of(), path, true);
    }

    private void assertInside(GuestRoot.Resolved resolved) throws IOException {
        if (resolved.errno() == 0) {
            assertTrue(resolved.host().startsWith(root.toRealPath()), resolved.host().toString());
        }
    }

    @Test
    void dotDotAtTheRootStaysAtTheRoot() throws IOException {
        GuestRoot.Resolved resolved = resolve("../../../secret.txt");
        assertEquals(root.toRealPath().resolve("secret.txt"), resolved.host());
        assertEquals("/secret.txt", resolved.guestPath());
        assertEquals(List.of(), resolve("/..").components());
        assertEquals(List.of("dir"), guestRoot.resolve(List.of("dir", "sub"), "..", true).components());
    }

    @Test
    void anAbsoluteLinkResolvesFromTheGuestRoot() throws IOException {
        GuestRoot.Resolved resolved = resolve("absolute");
        assertEquals(Errno.ENOENT, resolved.errno(), "the secret's host path, taken as a guest path, does not exist");
        Files.createDirectories(root.resolve(secret.getParent().toString().substring(1)));
        resolved = resolve("absolute");
        assertEquals(root.toRealPath().resolve(secret.toString().substring(1)), resolved.host());
        assertInside(resolved);
        assertTrue(!Files.exists(resolved.host()));
    }

    @Test
    void relativeLinksCannotClimbOut() throws IOException {
        GuestRoot.Resolved up = resolve("up");
        assertInside(up);
        assertEquals("/secret.txt", up.guestPath());
        GuestRoot.Resolved upup = resolve("dir/upup/secret.txt");
        assertInside(upup);
        assertEquals("/secret.txt", upup.guestPath());
    }

    @Test
    void linksInsideTheRootWork() throws IOException {
        assertEquals(root.toRealPath().resolve("inside.txt"), resolve("good").host());
        assertEquals(root.toRealPath().resolve("inside.txt"), resolve("rooted").host());
        assertEquals("inside", Files.readString(resolve("/dir/sub/../../good").host()));
    }

    @Test
    void aLinkLoopIsEloop() {
        assertEquals(Errno.ELOOP, resolve("loop").errno());
        assertEquals(Errno.ELOOP, resolve("loop/x").errno());
    }

    @Test
    void theLastLinkIsNotFollowedWhenAskedNot() throws IOException {
        GuestRoot.Resolved link = guestRoot.resolve(List.of(), "absolute", false);
        assertEquals(root.toRealPath().resolve("absolute"), link.host());
        assertTrue(Files.isSymbolicLink(link.host()));
        GuestRoot.Resolved trailing = guestRoot.resolve(List.of(), "dir/upup/", false);
        assertEquals(List.of(), trailing.components(), "a trailing slash follows the last link");
    }

    @Test
    void missingAndNonDirectoryComponentsFail() {
        assertEquals(Errno.ENOENT, resolve("nope/file").errno());
        assertEquals(Errno.ENOTDIR, resolve("inside.txt/file").errno());
        assertEquals(Errno.ENOENT, resolve("").errno());
        assertEquals(Errno.ENAMETOOLONG, resolve("x".repeat(256)).errno());
        assertEquals(Errno.ENAMETOOLONG, resolve("a/".repeat(2100)).errno());
        assertEquals(0, resolve("missing-last").errno(), "the last component may be created");
    }
}
