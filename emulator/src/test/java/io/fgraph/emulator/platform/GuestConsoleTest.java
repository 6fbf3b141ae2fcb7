package io.fgraph.emulator.platform;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.StopReason;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guest's console: end of input reaches the guest, output is buffered on the host side and keeps its order. */
class GuestConsoleTest {
    /** A guard against today's hang, not a performance limit: cat needs a few thousand instructions. */
    private static final long LIMIT = 20_000_000;

    /** Counts the write calls that reach the host stream. */
    private static final class CountingStream extends ByteArrayOutputStream {
        int writes;

        @Override
        public synchronized void write(int b) {
            writes++;
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            super.write(b, off, len);
        }
    }

    private record Run(RunResult result, byte[] stdout) {
        String text() {
            return new String(stdout, StandardCharsets.ISO_8859_1);
        }
    }

    private static Run run(String guest, InputStream in, OutputStream out, MachineConfig config, String... args)
            throws ProgramLoadException {
        MachineConfig c = config.withMaxInstructions(LIMIT).withArguments(List.of(args))
                .withConsole(in, out, OutputStream.nullOutputStream());
        Machine machine = BareMetalPlatform.boot(GuestRunner.elf(guest), c);
        RunResult result = machine.run();
        return new Run(result, out instanceof ByteArrayOutputStream b ? b.toByteArray() : new byte[0]);
    }

    private static InputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void readingStdinToEndOfFileWithReadEnds() throws Exception {
        Run run = run("cat", input("hello\nworld"), new ByteArrayOutputStream(), MachineConfig.defaults());
        assertEquals(StopReason.EXIT, run.result().reason(), run.result().toString());
        assertEquals(0, run.result().exitCode());
        assertEquals("cat: hello\nworld\n11 bytes\n", run.text());
    }

    @Test
    void readingStdinToEndOfFileWithGetcharStopsTheRunInsteadOfSpinningForEver() throws Exception {
        Run run = run("cat", input("ab"), new ByteArrayOutputStream(), MachineConfig.defaults(), "getchar");
        assertEquals(StopReason.READ_PAST_END_OF_INPUT, run.result().reason(), run.result().toString());
        assertEquals(127, run.result().reason().exitStatus());
        assertTrue(run.result().message().startsWith("hart 0: the guest reads stdin again after its end: SYS_READC "
                + "cannot report end of file"), run.result().message());
        assertArrayEquals(new byte[] {'c', 'a', 't', ':', ' ', 'a', 'b', (byte) 0xff}, run.stdout(),
                "picolibc's getchar() turned the one -1 into 0xff; the next read stopped the run");
    }

    @Test
    void outputIsPassedOnBeforeTheGuestReadsStdin() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder seenAtFirstRead = new StringBuilder();
        InputStream in = new InputStream() {
            @Override
            public int read() {
                return read(new byte[1], 0, 1);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (seenAtFirstRead.length() == 0) {
                    seenAtFirstRead.append('[').append(out.toString(StandardCharsets.ISO_8859_1)).append(']');
                }
                return -1;
            }
        };
        run("cat", in, out, MachineConfig.defaults());
        assertEquals("[cat: ]", seenAtFirstRead.toString(), "the prompt must show before the guest waits for input");
    }

    @Test
    void consoleOutputReachesTheHostInOneWriteNotOnePerByte() throws Exception {
        CountingStream out = new CountingStream();
        Run run = run("hello", InputStream.nullInputStream(), out, MachineConfig.defaults());
        assertEquals("hello, world\nargv[0] = program-name\n", run.text());
        assertEquals(1, out.writes, "picolibc writes byte by byte (SYS_WRITEC); the host stream gets one write at exit");
    }

    @Test
    void aLineBufferedConsolePassesEachLineOn() throws Exception {
        CountingStream out = new CountingStream();
        run("hello", InputStream.nullInputStream(), out, MachineConfig.defaults().withLineBufferedConsole(true), "x");
        assertEquals(3, out.writes, "three lines, three writes");
    }

    @Test
    void stdoutAndStderrKeepTheirOrderThroughTheBuffers() throws IOException {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        SemihostingConsole console = new SemihostingConsole(InputStream.nullInputStream(), both, both, false);
        console.write(false, "out1 ".getBytes(StandardCharsets.US_ASCII));
        console.write(true, "err ".getBytes(StandardCharsets.US_ASCII));
        assertEquals("out1 ", both.toString(StandardCharsets.US_ASCII), "switching to stderr passed stdout on");
        console.write(false, "out2".getBytes(StandardCharsets.US_ASCII));
        assertEquals("out1 err ", both.toString(StandardCharsets.US_ASCII), "switching back passed stderr on");
        console.flush();
        assertEquals("out1 err out2", both.toString(StandardCharsets.US_ASCII));
    }
}
