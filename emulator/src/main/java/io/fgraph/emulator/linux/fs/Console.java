package io.fgraph.emulator.linux.fs;

import io.fgraph.emulator.linux.Errno;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The guest's standard input, output and error: fgraph's own. Output goes to the host stream at
 * each write (glibc buffers already), so the guest's stdout and stderr keep their order.
 */
public final class Console {
    private Console() {
    }

    private static final long TTY_RDEV = (136L << 8);

    /** Standard input. */
    public static final class Input extends OpenFile {
        private final InputStream in;
        private final boolean terminal;

        public Input(InputStream in, boolean terminal) {
            super(O_RDONLY);
            this.in = in;
            this.terminal = terminal;
        }

        @Override
        public long read(byte[] buffer, int length) {
            try {
                int n = in.read(buffer, 0, length);
                return n < 0 ? 0 : n;
            } catch (IOException e) {
                return -Errno.EIO;
            }
        }

        @Override
        public FileStatus status() {
            return FileStatus.synthetic(terminal ? FileStatus.S_IFCHR | 0620 : FileStatus.S_IFIFO | 0600,
                    terminal ? TTY_RDEV : 0, 3);
        }

        @Override
        public boolean isTerminal() {
            return terminal;
        }

        @Override
        public String describe() {
            return "standard input";
        }
    }

    /** Standard output or error. */
    public static final class Output extends OpenFile {
        private final OutputStream out;
        private final boolean terminal;
        private final String name;

        public Output(OutputStream out, boolean terminal, String name) {
            super(O_WRONLY);
            this.out = out;
            this.terminal = terminal;
            this.name = name;
        }

        @Override
        public long write(byte[] buffer, int length) {
            try {
                out.write(buffer, 0, length);
                out.flush();
                return length;
            } catch (IOException e) {
                return -Errno.EIO;
            }
        }

        @Override
        public FileStatus status() {
            return FileStatus.synthetic(terminal ? FileStatus.S_IFCHR | 0620 : FileStatus.S_IFIFO | 0600,
                    terminal ? TTY_RDEV : 0, 4);
        }

        @Override
        public boolean isTerminal() {
            return terminal;
        }

        @Override
        public String describe() {
            return name;
        }
    }
}
