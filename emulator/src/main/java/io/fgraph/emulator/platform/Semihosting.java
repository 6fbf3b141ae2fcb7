package io.fgraph.emulator.platform;

import io.fgraph.emulator.StopReason;
import io.fgraph.emulator.VirtualClock;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.memory.Memory;
import io.fgraph.emulator.memory.MemoryFault;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Services RISC-V semihosting calls as picolibc's {@code --oslib=semihost} makes them: a0 holds the
 * operation, a1 points to a block of 64-bit parameters, and the result goes back in a0. Clock
 * calls read the virtual clock, so programs that time themselves stay deterministic.
 * Calls are serialized (harts on several host threads may call at once).
 */
public final class Semihosting {
    private static final int WORD = 8;
    private static final int MAX_STRING = 4096;

    private final Memory memory;
    private final HartControl control;
    private final SemihostingFiles files;
    private final String commandLine;
    private final long epochSeconds;

    /**
     * @param lineBufferedConsole pass console output on after every line ({@link SemihostingConsole})
     * @param commandLine what SYS_GET_CMDLINE returns: the program arguments joined by spaces
     *                    ({@link GuestCommandLine}; picolibc's crt0 supplies argv[0] itself)
     * @param epochSeconds the wall-clock time SYS_TIME reports at cycle 0
     */
    public Semihosting(Memory memory, HartControl control, Path fileRoot, InputStream in, OutputStream out,
                       OutputStream err, boolean lineBufferedConsole, String commandLine, long epochSeconds) {
        this.memory = memory;
        this.control = control;
        this.files = new SemihostingFiles(fileRoot, new SemihostingConsole(in, out, err, lineBufferedConsole));
        this.commandLine = commandLine;
        this.epochSeconds = epochSeconds;
    }

    /** True if the ebreak at {@code pc} is the middle of the semihosting sequence. */
    public boolean isSemihostingCall(long pc) {
        if (!memory.contains(pc - 4, 12)) {
            return false;
        }
        return (int) memory.load32(pc - 4) == SemihostingOp.ENTRY_NOP
                && (int) memory.load32(pc) == SemihostingOp.EBREAK
                && (int) memory.load32(pc + 4) == SemihostingOp.EXIT_NOP;
    }

    /** Performs the call for {@code hart} and writes the result to a0. */
    public synchronized void call(Hart hart) {
        long op = hart.x(Hart.A0);
        long a1 = hart.x(Hart.A0 + 1);
        long result;
        try {
            result = dispatch(hart, op, a1);
        } catch (MemoryFault fault) {
            files.errno = SemihostingFiles.EINVAL;
            result = -1;
        }
        if (hart.state() == io.fgraph.emulator.cpu.HartState.RUNNING) {
            hart.setX(Hart.A0, result);
        }
    }

    private long word(long block, int index) {
        return memory.load64(block + (long) index * WORD);
    }

    private String string(long address, long length) {
        if (length < 0 || length > MAX_STRING) {
            throw new MemoryFault(MemoryFault.Kind.LOAD, address);
        }
        return new String(memory.read(address, (int) length), StandardCharsets.UTF_8);
    }

    private long dispatch(Hart hart, long op, long a1) {
        switch ((int) op) {
            case SemihostingOp.SYS_OPEN:
                return files.open(string(word(a1, 0), word(a1, 2)), word(a1, 1));
            case SemihostingOp.SYS_CLOSE:
                return files.close(word(a1, 0));
            case SemihostingOp.SYS_WRITEC:
                return files.write(consoleOut(), memory.read(a1, 1)) == 0 ? 0 : -1;
            case SemihostingOp.SYS_WRITE0:
                return files.write(consoleOut(), SemihostingFiles.utf8(memory.readCString(a1, 1 << 20))) == 0 ? 0 : -1;
            case SemihostingOp.SYS_WRITE: {
                long length = word(a1, 2);
                if (length < 0 || length > Integer.MAX_VALUE) {
                    return -1;
                }
                return files.write(word(a1, 0), memory.read(word(a1, 1), (int) length));
            }
            case SemihostingOp.SYS_READ:
                return read(word(a1, 0), word(a1, 1), word(a1, 2));
            case SemihostingOp.SYS_READC: {
                int c = files.readConsoleChar();
                if (c == SemihostingConsole.READ_PAST_END) {
                    control.stop(hart, StopReason.READ_PAST_END_OF_INPUT, "hart " + hart.id()
                            + ": the guest reads stdin again after its end: SYS_READC cannot report end of file "
                            + "(picolibc's getchar() returns 0xff there for ever; read(0, ...) returns 0)");
                    return -1;
                }
                return c;
            }
            case SemihostingOp.SYS_ISERROR:
                return word(a1, 0) < 0 ? 1 : 0;
            case SemihostingOp.SYS_ISTTY:
                return files.isTty(word(a1, 0));
            case SemihostingOp.SYS_SEEK:
                return files.seek(word(a1, 0), word(a1, 1));
            case SemihostingOp.SYS_FLEN:
                return files.length(word(a1, 0));
            case SemihostingOp.SYS_TMPNAM:
                return tmpnam(word(a1, 0), word(a1, 1), word(a1, 2));
            case SemihostingOp.SYS_REMOVE:
                return files.remove(string(word(a1, 0), word(a1, 1)));
            case SemihostingOp.SYS_RENAME:
                return files.rename(string(word(a1, 0), word(a1, 1)), string(word(a1, 2), word(a1, 3)));
            case SemihostingOp.SYS_CLOCK:
                return hart.cycle() / (VirtualClock.FREQUENCY_HZ / 100);
            case SemihostingOp.SYS_TIME:
                return epochSeconds + hart.cycle() / VirtualClock.FREQUENCY_HZ;
            case SemihostingOp.SYS_SYSTEM:
                files.errno = SemihostingFiles.ENOSYS;
                return -1;
            case SemihostingOp.SYS_ERRNO:
                return files.errno;
            case SemihostingOp.SYS_GET_CMDLINE:
                return commandLine(a1);
            case SemihostingOp.SYS_HEAPINFO: {
                long block = word(a1, 0);
                for (int i = 0; i < 4; i++) {
                    memory.store64(block + (long) i * WORD, 0);
                }
                return 0;
            }
            case SemihostingOp.SYS_EXIT:
            case SemihostingOp.SYS_EXIT_EXTENDED: {
                long reason = word(a1, 0);
                long code = reason == SemihostingOp.ADP_STOPPED_APPLICATION_EXIT ? word(a1, 1) : 1;
                files.flush();
                control.exit(hart, (int) code);
                return 0;
            }
            case SemihostingOp.SYS_ELAPSED:
                memory.store64(a1, hart.cycle());
                return 0;
            case SemihostingOp.SYS_TICKFREQ:
                return VirtualClock.FREQUENCY_HZ;
            case SemihostingOp.FGRAPH_HART_START:
                return control.startHart(hart, word(a1, 0), word(a1, 1), word(a1, 2), word(a1, 3));
            case SemihostingOp.FGRAPH_HART_STOP:
                control.stopHart(hart);
                return 0;
            case SemihostingOp.FGRAPH_HART_STATUS:
                return control.hartStatus(word(a1, 0));
            case SemihostingOp.FGRAPH_HART_COUNT:
                return control.hartCount();
            default:
                files.errno = SemihostingFiles.ENOSYS;
                return -1;
        }
    }

    private long consoleOut() {
        // WRITEC/WRITE0 always go to the console: open (or reuse) a stdout handle.
        if (consoleHandle == 0) {
            consoleHandle = files.open(":tt", 4);
        }
        return consoleHandle;
    }

    private long consoleHandle;

    private long read(long handle, long buffer, long length) {
        if (length < 0 || length > (1 << 26)) {
            files.errno = SemihostingFiles.EINVAL;
            return -1;
        }
        byte[] data = files.read(handle, (int) length);
        if (data == null) {
            return -1;
        }
        memory.write(buffer, data);
        return length - data.length;
    }

    private long commandLine(long block) {
        long buffer = word(block, 0);
        long capacity = word(block, 1);
        byte[] bytes = commandLine.getBytes(StandardCharsets.UTF_8);
        if (bytes.length + 1 > capacity) {
            return -1;
        }
        memory.write(buffer, bytes);
        memory.store8(buffer + bytes.length, 0);
        memory.store64(block + WORD, bytes.length);
        return 0;
    }

    private long tmpnam(long buffer, long id, long length) {
        byte[] name = SemihostingFiles.utf8("fgraph-tmp-" + (id & 0xFF));
        if (name.length + 1 > length) {
            return -1;
        }
        memory.write(buffer, name);
        memory.store8(buffer + name.length, 0);
        return 0;
    }

    /** Flushes the console and closes host files (end of run). */
    public synchronized void close() {
        files.closeAll();
    }
}
