package io.fgraph.core.analysis;

import io.fgraph.core.trace.TraceHeader;
import io.fgraph.emulator.elf.Symbol;
import org.agrona.collections.Int2ObjectHashMap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Writes calls as a {@code uftrace.data} directory that {@code uftrace replay/report/graph/dump -d DIR}
 * reads (checked against uftrace 0.13): task {@code T} becomes tid {@code T + 1} of pid 1.
 * <pre>
 *  info          file header (below), then "key:value" text lines, one group per info_mask bit
 *  task.txt      SESS and TASK lines
 *  sid-S.map     the program's text mapping (as /proc/PID/maps), S = the session id
 *  PROGRAM.sym   symbols, "%016x T name" by address relative to the mapping ("nm" style)
 *  TID.dat       one 16-byte record per entry/exit/lost, in time order per task
 *
 *  info header, little-endian (40 bytes)          record (16 bytes)
 *   0  magic "Ftrace!\0"        8                  0  time (ns)                  u64
 *   8  version = 4              u32                8  type      bits 0-1  (0 entry, 1 exit, 2 lost)
 *  12  header size = 40         u16                   more      bit  2    (0: no argument data)
 *  14  endian = 1 (little)      u8                    magic     bits 3-5  (= 5)
 *  15  class = 2 (64-bit)       u8                    depth     bits 6-15
 *  16  feature mask             u64                   address   bits 16-63 (lost: the count)
 *  24  info mask                u64
 *  32  max stack, 2 unused      u16 u16 u32
 * </pre>
 * uftrace's format has no "unwound" mark: unwound calls get no exit, so uftrace shows them open, as
 * it shows what its own recording saw of a longjmp (replay them with {@code fgraph replay} to see
 * the mark). The typed arguments and return values of {@code record -A/-R} are exported as uftrace
 * records them: the entry (exit) record has its {@code more} bit set and is followed by the values
 * in argument order, each a number of its size or a string ({@code u16} length, bytes), each padded
 * to 4 bytes and the whole to 8; the specs go in the info's {@code argspec} group with each
 * function's exact name ({@link UftraceValueSpecs}). The {@code --args N} registers are not exported.
 */
public final class UftraceDataWriter implements CallListener, AutoCloseable {
    static final byte[] MAGIC = "Ftrace!\0".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 4;
    static final int HEADER_LENGTH = 40;
    static final int RECORD_LENGTH = 16;
    static final int RECORD_MAGIC = 5;
    static final int TYPE_ENTRY = 0;
    static final int TYPE_EXIT = 1;
    static final int TYPE_LOST = 2;
    static final int TYPE_BITS = 2;
    static final int MORE_BITS = 1;
    static final int MAGIC_SHIFT = TYPE_BITS + MORE_BITS;
    static final int MAGIC_BITS = 3;
    static final int DEPTH_SHIFT = MAGIC_SHIFT + MAGIC_BITS;
    static final int DEPTH_BITS = 10;
    static final int ADDRESS_SHIFT = DEPTH_SHIFT + DEPTH_BITS;
    static final long ADDRESS_MASK = (1L << (Long.SIZE - ADDRESS_SHIFT)) - 1;
    static final int MAX_DEPTH = (1 << DEPTH_BITS) - 1;
    /** Feature bit: the trace has task and session files. */
    static final long FEATURE_TASK_SESSION = 1L << 1;
    /** Feature bit: symbol addresses are relative to the start of their mapping. */
    static final long FEATURE_SYM_REL_ADDR = 1L << 5;
    static final long INFO_EXE_NAME = 1L;
    static final long INFO_EXIT_STATUS = 1L << 2;
    static final long INFO_CMDLINE = 1L << 3;
    static final long INFO_TASKINFO = 1L << 7;
    static final long INFO_ARG_SPEC = 1L << 10;
    static final long INFO_PATTERN_TYPE = 1L << 12;
    /** Feature bits: entry records may carry arguments, exit records return values. */
    static final long FEATURE_ARGUMENT = 1L << 3;
    static final long FEATURE_RETVAL = 1L << 4;
    static final int PID = 1;
    static final String SESSION_ID = "f9a7ace0f9a7ace0";

    private final Path dir;
    private final TraceHeader header;
    private final Int2ObjectHashMap<OutputStream> files = new Int2ObjectHashMap<>();
    private final TreeSet<Integer> tasks = new TreeSet<>();
    private final ByteBuffer record = ByteBuffer.allocate(RECORD_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private long lastTime;
    /** Per task, the entry not written yet: its typed arguments follow it in the trace. */
    private final Int2ObjectHashMap<Call> pendingEntries = new Int2ObjectHashMap<>();
    private final UftraceValueSpecs specs = new UftraceValueSpecs();
    private java.util.Map<Long, String> exportedNames;

    /** Creates {@code dir} (it must not exist or be empty) and writes records as calls arrive. */
    public UftraceDataWriter(Path dir, TraceHeader header) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var list = Files.list(dir)) {
                if (list.findAny().isPresent()) {
                    throw new IOException("uftrace directory " + dir + " is not empty");
                }
            }
        } else if (Files.exists(dir)) {
            throw new IOException(dir + " exists and is not a directory");
        }
        Files.createDirectories(dir);
        this.dir = dir;
        this.header = header;
    }

    /** The task's uftrace thread id. */
    public static int tid(int task) {
        return task + 1;
    }

    private String exename() {
        return "/" + header.programName();
    }

    private OutputStream file(int task) {
        OutputStream out = files.get(task);
        if (out == null) {
            try {
                out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(tid(task) + ".dat")), 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files.put(task, out);
            tasks.add(task);
        }
        return out;
    }

    private void write(int task, long time, int type, int depth, long address, byte[] data, int dataLength) {
        long word = type | ((long) RECORD_MAGIC << MAGIC_SHIFT) | ((long) Math.min(Math.max(depth, 0), MAX_DEPTH) << DEPTH_SHIFT)
                | ((address & ADDRESS_MASK) << ADDRESS_SHIFT) | (dataLength > 0 ? 1L << TYPE_BITS : 0);
        record.clear();
        record.putLong(time).putLong(word);
        lastTime = Math.max(lastTime, time);
        try {
            OutputStream out = file(task);
            out.write(record.array(), 0, RECORD_LENGTH);
            if (dataLength > 0) {
                out.write(data, 0, dataLength);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(int task, long time, int type, int depth, long address) {
        write(task, time, type, depth, address, null, 0);
    }

    /** Writes the task's held entry, with its arguments (complete now that the next event of the task came). */
    private void flushEntry(int task) {
        Call call = pendingEntries.remove(task);
        if (call == null) {
            return;
        }
        byte[] data = specs.arguments(call.function, exportedName(call.function), call.argumentValues());
        write(call.task, call.entryTime, TYPE_ENTRY, call.depth, call.function, data, data.length);
    }

    private String exportedName(long address) {
        if (exportedNames == null) {
            exportedNames = new java.util.HashMap<>();
            for (Symbol f : exportedFunctions()) {
                exportedNames.put(f.address(), f.name());
            }
        }
        return exportedNames.get(address);
    }

    @Override
    public void entry(Call call) {
        flushEntry(call.task);
        pendingEntries.put(call.task, call);
    }

    /**
     * An unwound call gets no exit: uftrace leaves a frame a longjmp skipped open, as its own
     * recording does; a return whose entry is not in the trace (setjmp's second return) is written
     * as uftrace writes it, an exit alone.
     */
    @Override
    public void exit(Call call) {
        flushEntry(call.task);
        if (call.end() == CallEnd.UNWOUND) {
            return;
        }
        byte[] data = specs.returnValue(call.function, exportedName(call.function), call.returnValue());
        write(call.task, call.exitTime, TYPE_EXIT, call.depth, call.function, data, data.length);
    }

    @Override
    public void lost(int task, int cpu, long time, long count) {
        flushEntry(task);
        write(task, time, TYPE_LOST, 0, count);
    }

    @Override
    public void end() {
        close();
    }

    /** Flushes the data files and writes info, task.txt, the map and the symbol file. */
    @Override
    public void close() {
        for (int task : new ArrayList<>(pendingEntries.keySet())) {
            flushEntry(task);
        }
        IOException failure = null;
        for (OutputStream out : files.values()) {
            try {
                out.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        files.clear();
        if (failure != null) {
            throw new UncheckedIOException(failure);
        }
        try {
            writeInfo();
            writeTasks();
            Files.writeString(dir.resolve("sid-" + SESSION_ID + ".map"), map(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(header.programName() + ".sym"), symbols(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the data files without finishing the directory: the export failed elsewhere. */
    public void abandon() {
        for (OutputStream out : files.values()) {
            try {
                out.close();
            } catch (IOException e) {
                // the failure that made us abandon is what gets reported
            }
        }
        files.clear();
    }

    private void writeInfo() throws IOException {
        ByteBuffer head = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        long infoMask = INFO_EXE_NAME | INFO_EXIT_STATUS | INFO_CMDLINE | INFO_TASKINFO;
        long features = FEATURE_TASK_SESSION | FEATURE_SYM_REL_ADDR;
        if (!specs.isEmpty()) {
            infoMask |= INFO_ARG_SPEC | INFO_PATTERN_TYPE;
            features |= FEATURE_ARGUMENT | FEATURE_RETVAL;
        }
        head.put(MAGIC).putInt(VERSION).putShort((short) HEADER_LENGTH).put((byte) 1).put((byte) 2)
                .putLong(features).putLong(infoMask).putShort((short) 0).putShort((short) 0).putInt(0);
        List<String> tids = new ArrayList<>();
        for (int task : tasks) {
            tids.add(Integer.toString(tid(task)));
        }
        String arguments = header.options().getOrDefault("arguments", "");
        String text = "exename:" + exename() + "\n"
                + "exit_status:0\n"
                + "cmdline:fgraph record " + header.programName() + (arguments.isEmpty() ? "" : " " + arguments) + "\n"
                + "taskinfo:lines=2\n"
                + "taskinfo:nr_tid=" + tids.size() + "\n"
                + "taskinfo:tids=" + String.join(",", tids) + "\n"
                + specs.infoLines()
                + (specs.isEmpty() ? "" : "pattern_type:simple\n");
        try (OutputStream out = Files.newOutputStream(dir.resolve("info"))) {
            out.write(head.array());
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void writeTasks() throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("SESS timestamp=0.000000000 pid=").append(PID).append(" sid=").append(SESSION_ID)
                .append(" exename=\"").append(exename()).append("\"\n");
        for (int task : tasks) {
            s.append("TASK timestamp=0.000000000 tid=").append(tid(task)).append(" pid=").append(PID).append('\n');
        }
        Files.writeString(dir.resolve("task.txt"), s, StandardCharsets.UTF_8);
    }

    /** The lowest and highest function address, page aligned: the text mapping. */
    private long[] text() {
        long low = Long.MAX_VALUE;
        long high = 0;
        for (Symbol s : header.symbols()) {
            if (s.function()) {
                low = Math.min(low, s.address());
                high = Math.max(high, s.end());
            }
        }
        if (low > high) {
            low = 0;
            high = 0x1000;
        }
        return new long[] {low & ~0xfffL, (high + 0xfff) & ~0xfffL};
    }

    /** The text mapping, then a stack mapping above it: uftrace reads the maps up to the [stack] line. */
    private String map() {
        long[] text = text();
        long stack = Math.max(0x7ffffffde000L, text[1] + 0x1000);
        return String.format(Locale.ROOT, "%08x-%08x r-xp 00000000 00:00 0                          %s%n"
                + "%08x-%08x rw-p 00000000 00:00 0                          [stack]%n",
                text[0], text[1], exename(), stack, stack + 0x21000);
    }

    /** The functions of the symbol file: one per address, the public name among aliases. */
    private List<Symbol> exportedFunctions() {
        List<Symbol> functions = new ArrayList<>();
        for (Symbol s : header.symbols()) {
            if (s.function() && !s.name().isEmpty()) {
                functions.add(s);
            }
        }
        // one name per address, the public one among aliases (uftrace would pick any)
        functions.sort(Comparator.comparingLong(Symbol::address).thenComparing(Symbol::name, Symbol.PUBLIC_NAME_FIRST));
        List<Symbol> unique = new ArrayList<>();
        for (Symbol f : functions) {
            if (unique.isEmpty() || unique.get(unique.size() - 1).address() != f.address()) {
                unique.add(f);
            }
        }
        return unique;
    }

    private String symbols() {
        List<Symbol> functions = exportedFunctions();
        StringBuilder s = new StringBuilder();
        s.append("# symbols: ").append(functions.size()).append('\n');
        s.append("# path name: ").append(exename()).append('\n');
        long base = text()[0];
        long end = base;
        for (Symbol f : functions) {
            s.append(String.format(Locale.ROOT, "%016x T %s%n", f.address() - base, f.name()));
            end = Math.max(end, f.end());
        }
        s.append(String.format(Locale.ROOT, "%016x ? __sym_end%n", end - base));
        return s.toString();
    }
}
