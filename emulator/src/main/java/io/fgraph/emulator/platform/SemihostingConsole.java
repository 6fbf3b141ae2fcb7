package io.fgraph.emulator.platform;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The guest's console: the host's stdin, stdout and stderr, buffered on the host side.
 *
 * <p>Output: picolibc prints through {@code SYS_WRITEC}, one call per byte; passed straight on to
 * an auto-flushing stream that costs a {@code write(2)} per byte (100 MB of output took 102 s). The
 * buffered bytes are passed on when the buffer fills, when the guest switches between stdout and
 * stderr (so the two keep their order), before the host reads stdin for the guest (so a prompt
 * shows before the user is asked), at exit and at the end of the run, and in line mode after
 * every write that ends a line (for a terminal, or a live trace printed on the same stream).
 * Stdin is read a buffer at a time, so a guest copying a pipe byte by byte does not pass its
 * output on byte by byte either.
 *
 * <p>End of input: {@code SYS_READ} reports it with the right count (0 bytes read). {@code SYS_READC}
 * returns -1, which picolibc's {@code getchar()} masks to the byte 0xff, so a guest reading to end
 * of file that way can never see it; {@link #readChar} tells the caller when the guest asks again
 * after being told, so the run can stop instead of spinning for ever.
 */
final class SemihostingConsole {
    /** Output buffer per stream, and the input buffer. */
    static final int BUFFER_LENGTH = 64 << 10;
    /** {@link #readChar} result: the end of input was already reported and the guest reads again. */
    static final int READ_PAST_END = -2;

    private final InputStream in;
    private final OutputStream out;
    private final OutputStream err;
    private final boolean lineBuffered;
    private final byte[] input = new byte[BUFFER_LENGTH];
    private int inputPosition;
    private int inputLength;
    private OutputStream lastWritten;
    private boolean endOfInputReported;

    SemihostingConsole(InputStream in, OutputStream out, OutputStream err, boolean lineBuffered) {
        this.in = in;
        this.out = new BufferedOutputStream(out, BUFFER_LENGTH);
        this.err = new BufferedOutputStream(err, BUFFER_LENGTH);
        this.lineBuffered = lineBuffered;
    }

    /** Buffers {@code data} for stdout or stderr. */
    void write(boolean toStderr, byte[] data) throws IOException {
        OutputStream stream = toStderr ? err : out;
        if (lastWritten != null && lastWritten != stream) {
            lastWritten.flush();
        }
        lastWritten = stream;
        stream.write(data);
        if (lineBuffered && endsALine(data)) {
            stream.flush();
        }
    }

    private static boolean endsALine(byte[] data) {
        for (byte b : data) {
            if (b == '\n') {
                return true;
            }
        }
        return false;
    }

    /** One byte of stdin, -1 at its end, or {@link #READ_PAST_END} if the end was already reported. */
    int readChar() throws IOException {
        if (endOfInputReported) {
            return READ_PAST_END;
        }
        if (!fill()) {
            endOfInputReported = true;
            return -1;
        }
        return input[inputPosition++] & 0xff;
    }

    /** Up to {@code length} bytes of stdin (at least one unless at its end: then none). */
    byte[] read(int length) throws IOException {
        if (length == 0 || !fill()) {
            return new byte[0];
        }
        int n = Math.min(length, inputLength - inputPosition);
        byte[] bytes = Arrays.copyOfRange(input, inputPosition, inputPosition + n);
        inputPosition += n;
        return bytes;
    }

    /**
     * Makes sure some input is buffered; false at the end of input. Only when the buffer is empty,
     * and the host may have to wait for more, is the output passed on first.
     */
    private boolean fill() throws IOException {
        if (inputPosition < inputLength) {
            return true;
        }
        flush();
        inputPosition = 0;
        inputLength = Math.max(0, in.read(input, 0, input.length));
        return inputLength > 0;
    }

    /** Passes the buffered output on. */
    void flush() throws IOException {
        IOException failure = null;
        for (OutputStream stream : new OutputStream[] {out, err}) {
            try {
                stream.flush();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
