package io.fgraph.emulator.linux.fs;

import io.fgraph.emulator.linux.Errno;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An open directory: a base for the {@code *at} calls, and its entries for {@code getdents64},
 * sorted by name (so listings are the same on every run), after {@code .} and {@code ..}.
 */
public final class HostDirectory extends OpenFile {
    /** {@code struct linux_dirent64}: d_ino(8) d_off(8) d_reclen(2) d_type(1) d_name[], 8-byte aligned. */
    static final int DIRENT_HEADER = 19;

    private final Path host;
    private final List<String> components;
    private List<String> names;
    private int position;

    public HostDirectory(Path host, List<String> components, int statusFlags) {
        super(statusFlags);
        this.host = host;
        this.components = List.copyOf(components);
    }

    @Override
    public List<String> directory() {
        return components;
    }

    @Override
    public long read(byte[] buffer, int length) {
        return -Errno.EISDIR;
    }

    @Override
    public long seek(long offset, int whence) {
        if (whence != 0 || offset < 0) {
            return -Errno.EINVAL;
        }
        position = (int) Math.min(offset, Integer.MAX_VALUE);
        return position;
    }

    /** Fills {@code out} with as many whole {@code linux_dirent64} records as fit; -EINVAL if not even one does. */
    public long readEntries(byte[] out) {
        try {
            if (names == null) {
                names = new ArrayList<>(List.of(".", ".."));
                List<String> listed = new ArrayList<>();
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(host)) {
                    for (Path entry : entries) {
                        listed.add(entry.getFileName().toString());
                    }
                }
                listed.sort(null);
                names.addAll(listed);
            }
        } catch (IOException e) {
            return -IoErrno.of(e);
        }
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        while (position < names.size()) {
            String name = names.get(position);
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            int length = (DIRENT_HEADER + bytes.length + 1 + 7) & ~7;
            if (b.remaining() < length) {
                if (b.position() == 0) {
                    return -Errno.EINVAL;
                }
                break;
            }
            long inode = 0;
            int type = 0;
            try {
                // ".." of the guest root is the root itself: nothing above it is looked at
                Path entry = name.equals(".") || (name.equals("..") && components.isEmpty()) ? host
                        : name.equals("..") ? host.getParent() : host.resolve(name);
                FileStatus status = FileStatus.of(entry, false);
                inode = status.inode();
                type = status.directoryEntryType();
            } catch (IOException e) {
                // removed since the listing: still listed, with unknown type
            }
            int start = b.position();
            b.putLong(inode).putLong(position + 1).putShort((short) length).put((byte) type).put(bytes).put((byte) 0);
            while (b.position() < start + length) {
                b.put((byte) 0);
            }
            position++;
        }
        return b.position();
    }

    @Override
    public FileStatus status() throws IOException {
        return FileStatus.of(host, false);
    }

    @Override
    public String describe() {
        return "/" + String.join("/", components);
    }
}
