package io.fgraph.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes the guest's console output on a line at a time, so that a live trace printed to the same
 * stream never cuts a program line in two.
 */
final class LineBufferedOutputStream extends OutputStream {
    private final OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineBufferedOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            flushLine();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        flushLine();
    }

    private void flushLine() throws IOException {
        line.writeTo(out);
        line.reset();
        out.flush();
    }
}
