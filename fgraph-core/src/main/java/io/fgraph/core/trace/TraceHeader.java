package io.fgraph.core.trace;

import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.Symbol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * What a trace says about itself, so that analysis needs no ELF file: the format version, the
 * recording's id, the program, its symbols, the harts, the clock and the options used. Stored in
 * the trace directory as {@link TraceFiles#HEADER_FILE}, little-endian:
 * <pre>
 *   0                               8               12              16              20
 *  +-------------------------------+---------------+---------------+---------------+------
 *  |  magic "FGTRACE\0"            |   version     |  body length  |  body CRC-32C | body
 *  +-------------------------------+---------------+---------------+---------------+------
 *  body:  string traceId (version 2 and later),
 *         string programName, string buildId, u32 harts, i64 clockHz,
 *         u32 optionCount, then optionCount x (string key, string value),
 *         u32 symbolCount, then symbolCount x (i64 address, i64 size, u8 isFunction, string name)
 *  string: u32 byte length, then UTF-8 bytes
 * </pre>
 * The trace id is random, one per recording ({@link #newTraceId()}); the recorder writes the same
 * id into the first excerpt of the events ({@link EventLayout#putIdentity}) and into the summary,
 * and the reader refuses a trace whose three parts disagree (a header or summary copied in from
 * another recording). Version 1 traces have no id ({@code ""}) and are read without that check.
 *
 * @param formatVersion the trace format version ({@link #FORMAT_VERSION} when written by this code)
 * @param programName   the program's name (usually its file name)
 * @param buildId       the program's build id ({@link ElfFile#buildId()})
 * @param symbols       the program's symbols, sorted by address
 * @param harts         the number of harts (1..{@link EventLayout#MAX_CPUS})
 * @param clockHz       the virtual clock frequency; event times are in virtual nanoseconds
 * @param options       the tracing options used, in the order given
 * @param traceId       the recording's id, {@link #TRACE_ID_LENGTH} bytes as lower-case hex, or
 *                      {@code ""} before the recorder assigns one (and in version 1 traces)
 */
public record TraceHeader(int formatVersion, String programName, String buildId, List<Symbol> symbols, int harts,
                          long clockHz, Map<String, String> options, String traceId) {

    /** The format this code writes; it reads this version and older. */
    public static final int FORMAT_VERSION = 2;
    /** The first version with a trace id (in the header, the first excerpt and the summary). */
    public static final int TRACE_ID_VERSION = 2;
    /** Bytes of a trace id. */
    public static final int TRACE_ID_LENGTH = 16;

    static final byte[] MAGIC = "FGTRACE\0".getBytes(StandardCharsets.US_ASCII);
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + MAGIC.length;
    static final int BODY_LENGTH_OFFSET = VERSION_OFFSET + Integer.BYTES;
    static final int BODY_CRC_OFFSET = BODY_LENGTH_OFFSET + Integer.BYTES;
    static final int PREFIX_LENGTH = BODY_CRC_OFFSET + Integer.BYTES;
    private static final SecureRandom RANDOM = new SecureRandom();

    public TraceHeader {
        Objects.requireNonNull(programName, "programName");
        Objects.requireNonNull(buildId, "buildId");
        if (formatVersion < 1) {
            throw new IllegalArgumentException("formatVersion=" + formatVersion + ": must be >= 1");
        }
        if (harts < 1 || harts > EventLayout.MAX_CPUS) {
            throw new IllegalArgumentException("harts=" + harts + ": must be 1.." + EventLayout.MAX_CPUS);
        }
        if (clockHz <= 0) {
            throw new IllegalArgumentException("clockHz=" + clockHz + ": must be > 0");
        }
        Objects.requireNonNull(traceId, "traceId");
        if (!traceId.isEmpty() && (traceId.length() != 2 * TRACE_ID_LENGTH || !traceId.matches("[0-9a-f]+"))) {
            throw new IllegalArgumentException("traceId=" + traceId + ": must be " + 2 * TRACE_ID_LENGTH
                    + " lower-case hex digits");
        }
        if (!traceId.isEmpty() && formatVersion < TRACE_ID_VERSION) {
            throw new IllegalArgumentException("traceId=" + traceId + ": format version " + formatVersion
                    + " has no trace id");
        }
        symbols = List.copyOf(symbols);
        options = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(options, "options")));
        options.forEach((k, v) -> Objects.requireNonNull(v, () -> "options[" + k + "]"));
    }

    /** A header of the current {@link #FORMAT_VERSION}, without a trace id yet (the recorder assigns one). */
    public static TraceHeader of(String programName, String buildId, List<Symbol> symbols, int harts, long clockHz,
                                 Map<String, String> options) {
        return new TraceHeader(FORMAT_VERSION, programName, buildId, symbols, harts, clockHz, options, "");
    }

    /** This header with {@code id} as its trace id. */
    public TraceHeader withTraceId(String id) {
        return new TraceHeader(formatVersion, programName, buildId, symbols, harts, clockHz, options, id);
    }

    /** A fresh random trace id. */
    public static String newTraceId() {
        byte[] id = new byte[TRACE_ID_LENGTH];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** The trace id as bytes (all zero when there is none). */
    public byte[] traceIdBytes() {
        return traceId.isEmpty() ? new byte[TRACE_ID_LENGTH] : HexFormat.of().parseHex(traceId);
    }

    /**
     * A header for a program read from an ELF file: its build id and all its symbols.
     *
     * @param options tracing options, kept in their iteration order
     */
    public static TraceHeader fromElf(ElfFile elf, String programName, int harts, long clockHz,
                                      Map<String, String> options) {
        return of(programName, elf.buildId(), elf.symbols().all(), harts, clockHz, options);
    }

    /** The serialised form described in the class comment. */
    public byte[] toBytes() {
        Writer body = new Writer();
        if (formatVersion >= TRACE_ID_VERSION) {
            body.string(traceId);
        }
        body.string(programName).string(buildId).u32(harts).i64(clockHz);
        body.u32(options.size());
        options.forEach((k, v) -> body.string(k).string(v));
        body.u32(symbols.size());
        for (Symbol s : symbols) {
            body.i64(s.address()).i64(s.size()).u8(s.function() ? 1 : 0).string(s.name());
        }
        byte[] bodyBytes = body.out.toByteArray();
        ByteBuffer all = ByteBuffer.allocate(PREFIX_LENGTH + bodyBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        all.put(MAGIC).putInt(formatVersion).putInt(bodyBytes.length).putInt(crc(bodyBytes)).put(bodyBytes);
        return all.array();
    }

    /**
     * Parses {@link #toBytes()}.
     *
     * @param source names the file in error messages
     * @throws TraceFormatException if the bytes are not a header, are truncated or corrupted, or
     *                              have a newer version
     */
    public static TraceHeader fromBytes(byte[] bytes, String source) {
        if (bytes.length < MAGIC.length || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new TraceFormatException("not a trace: " + source + " does not start with the trace magic");
        }
        if (bytes.length < PREFIX_LENGTH) {
            throw new TraceFormatException("truncated: header " + source + " is " + bytes.length + " bytes, less than "
                    + PREFIX_LENGTH);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int version = in.getInt(VERSION_OFFSET);
        if (version > FORMAT_VERSION) {
            throw new TraceFormatException("newer version: trace format " + version + " in " + source
                    + ", this reader reads up to " + FORMAT_VERSION);
        }
        if (version < 1) {
            throw new TraceFormatException("corrupted: header " + source + " has version=" + version);
        }
        long bodyLength = in.getInt(BODY_LENGTH_OFFSET) & 0xffffffffL;
        if (PREFIX_LENGTH + bodyLength > bytes.length) {
            throw new TraceFormatException("truncated: header " + source + " body length=" + bodyLength + " but "
                    + (bytes.length - PREFIX_LENGTH) + " bytes present");
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, PREFIX_LENGTH, PREFIX_LENGTH + (int) bodyLength);
        int expected = in.getInt(BODY_CRC_OFFSET);
        if (crc(body) != expected) {
            throw new TraceFormatException(String.format("corrupted: header %s checksum 0x%08x, expected 0x%08x",
                    source, crc(body), expected));
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
            String traceId = version >= TRACE_ID_VERSION ? string(b) : "";
            String program = string(b);
            String build = string(b);
            int harts = b.getInt();
            long clock = b.getLong();
            int optionCount = count(b, 2 * Integer.BYTES);
            Map<String, String> options = new LinkedHashMap<>();
            for (int i = 0; i < optionCount; i++) {
                options.put(string(b), string(b));
            }
            int symbolCount = count(b, 2 * Long.BYTES + 1 + Integer.BYTES);
            List<Symbol> symbols = new ArrayList<>(symbolCount);
            for (int i = 0; i < symbolCount; i++) {
                long address = b.getLong();
                long size = b.getLong();
                boolean function = b.get() != 0;
                symbols.add(new Symbol(string(b), address, size, function));
            }
            return new TraceHeader(version, program, build, symbols, harts, clock, options, traceId);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new TraceFormatException("corrupted: header " + source + " body does not parse ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    private static int count(ByteBuffer b, int minBytesEach) {
        int n = b.getInt();
        if (n < 0 || (long) n * minBytesEach > b.remaining()) {
            throw new IllegalArgumentException("count=" + n + " exceeds the body");
        }
        return n;
    }

    private static String string(ByteBuffer b) {
        int length = count(b, 1);
        byte[] bytes = new byte[length];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    private static final class Writer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);

        Writer u8(int v) {
            out.write(v);
            return this;
        }

        Writer u32(int v) {
            out.write(scratch.clear().putInt(v).array(), 0, Integer.BYTES);
            return this;
        }

        Writer i64(long v) {
            out.write(scratch.clear().putLong(v).array(), 0, Long.BYTES);
            return this;
        }

        Writer string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            u32(bytes.length);
            out.write(bytes, 0, bytes.length);
            return this;
        }
    }
}
