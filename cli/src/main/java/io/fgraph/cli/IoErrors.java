package io.fgraph.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The reason of an I/O error, in words. {@code java.nio.file} exceptions often carry only the file
 * name as their message ({@code fgraph: -o /proc/foo: /proc/foo}); the reason is their type or
 * their {@link FileSystemException#getReason()}.
 */
final class IoErrors {
    private IoErrors() {
    }

    /**
     * True when the error is about the path the user gave (missing, not a directory, not allowed,
     * read-only): bad input, exit 2. False for the disk itself failing (full, quota, I/O error).
     */
    static boolean isAboutThePath(IOException e) {
        if (e instanceof NoSuchFileException || e instanceof AccessDeniedException || e instanceof NotDirectoryException
                || e instanceof FileAlreadyExistsException || e instanceof DirectoryNotEmptyException) {
            return true;
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            String reason = fs.getReason().toLowerCase(java.util.Locale.ROOT);
            return reason.contains("not a directory") || reason.contains("read-only") || reason.contains("is a directory");
        }
        return false;
    }

    /**
     * "no such file or directory", "permission denied", "read-only file system", followed by the
     * file the error is about when that is not {@code given} (the path the user named).
     */
    static String reason(IOException e, Path given) {
        if (!(e instanceof FileSystemException fs)) {
            String message = e.getMessage();
            return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        }
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof FileAlreadyExistsException && fs.getFile() != null
                && java.nio.file.Files.exists(Path.of(fs.getFile())) && !java.nio.file.Files.isDirectory(Path.of(fs.getFile()))
                && given != null && !Path.of(fs.getFile()).normalize().equals(given.normalize())) {
            reason = "not a directory"; // a plain file where a directory of the path should be
        } else if (e instanceof FileAlreadyExistsException) {
            reason = "already exists";
        } else if (e instanceof NotDirectoryException) {
            reason = "not a directory";
        } else if (e instanceof DirectoryNotEmptyException) {
            reason = "directory not empty";
        } else if (fs.getReason() != null && !fs.getReason().isBlank()) {
            String os = fs.getReason();
            reason = Character.toLowerCase(os.charAt(0)) + os.substring(1); // "Not a directory" as the others
        } else {
            reason = e.getClass().getSimpleName();
        }
        String file = fs.getFile();
        boolean sameFile = file == null || given != null && Path.of(file).normalize().equals(given.normalize());
        return sameFile ? reason : reason + ": " + file;
    }
}
