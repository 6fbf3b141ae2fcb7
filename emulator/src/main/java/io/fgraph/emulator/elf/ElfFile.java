package io.fgraph.emulator.elf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A parsed, validated ELF64 little-endian RISC-V executable: what a bare-metal loader needs
 * (entry point, {@code PT_LOAD} segments) plus what a tracer needs (symbols, patchable function
 * entries, build ID).
 *
 * <p>{@link #parse(byte[])} treats its input as hostile: every offset and size read from the file
 * is checked against the file length with overflow-safe unsigned arithmetic, and nothing is
 * allocated based on a size field that has not been checked, so any malformed input produces an
 * {@link ElfFormatException} with a one-line message and never another exception.
 *
 * <p>Instances are immutable.
 */
public final class ElfFile {

    /** Largest file {@link #read(Path)} accepts: 256 MiB. */
    public static final long MAX_FILE_LENGTH = 256L << 20;
    /** {@code e_flags} bit: the program uses compressed (RVC) instructions. */
    public static final int EF_RISCV_RVC = 0x1;
    /** {@code e_flags} mask for the floating-point ABI (0 soft, 2 single, 4 double, 6 quad). */
    public static final int EF_RISCV_FLOAT_ABI_MASK = 0x6;

    private final long entry;
    private final int flags;
    private final List<LoadSegment> loadSegments;
    private final SymbolTable symbols;
    private final long[] patchableFunctionEntries;
    private final String buildId;
    private final TargetSystem targetSystem;
    private final ProgramHeaders programHeaders;

    /**
     * What a Linux loader needs of the program header table besides the segments.
     *
     * @param positionIndependent {@code e_type} is {@code ET_DYN} (a PIE, or a static PIE)
     * @param address     where the table lies once the segments are loaded ({@code PT_PHDR}, or the
     *                    {@code PT_LOAD} segment whose file bytes hold it), 0 when no segment does
     * @param count       {@code e_phnum}
     * @param interpreter the dynamic linker a {@code PT_INTERP} names, empty when there is none
     */
    public record ProgramHeaders(boolean positionIndependent, long address, int count, String interpreter) {
        /** {@code e_phentsize}: the size of one program header. */
        public static final int ENTRY_SIZE = ProgramHeader.PROGRAM_HEADER_LENGTH;
    }

    private ElfFile(long entry, int flags, List<LoadSegment> loadSegments, SymbolTable symbols,
                    long[] patchableFunctionEntries, String buildId, TargetSystem targetSystem,
                    ProgramHeaders programHeaders) {
        this.programHeaders = programHeaders;
        this.entry = entry;
        this.flags = flags;
        this.loadSegments = loadSegments;
        this.symbols = symbols;
        this.patchableFunctionEntries = patchableFunctionEntries;
        this.buildId = buildId;
        this.targetSystem = targetSystem;
    }

    /**
     * Parses and validates an ELF image held in memory.
     *
     * @param bytes the whole file; not modified and not retained
     * @return the parsed file
     * @throws ElfFormatException if the bytes are not a well-formed ELF64 little-endian RISC-V
     *                            executable; the message names the offending field
     */
    public static ElfFile parse(byte[] bytes) throws ElfFormatException {
        ElfBytes in = new ElfBytes(Objects.requireNonNull(bytes, "bytes"));
        ElfHeader header = ElfHeader.parse(in);
        List<ProgramHeader> programHeaders = ProgramHeader.readAll(in, header);
        List<LoadSegment> loads = new ArrayList<>();
        for (ProgramHeader ph : programHeaders) {
            if (ph.type() == ProgramHeader.PT_LOAD) {
                loads.add(ph.toLoadSegment(in));
            }
        }
        SectionTable sections = SectionTable.read(in, header);
        List<ElfNotes.Note> notes = ElfNotes.read(in, sections, programHeaders);
        return new ElfFile(header.entry(), header.flags(), Collections.unmodifiableList(loads),
                SymbolTableReader.read(in, sections), PatchableEntries.read(in, sections),
                BuildId.of(in, notes), TargetSystem.classify(in, programHeaders, notes),
                programHeaders(in, header, programHeaders));
    }

    private static final int PT_PHDR = 6;

    private static ProgramHeaders programHeaders(ElfBytes in, ElfHeader header, List<ProgramHeader> all)
            throws ElfFormatException {
        long address = 0;
        String interpreter = "";
        for (ProgramHeader ph : all) {
            if (ph.type() == PT_PHDR) {
                address = ph.vaddr();
            }
            if (ph.type() == ProgramHeader.PT_INTERP) {
                interpreter = TargetSystem.interpreter(in, ph);
            }
        }
        long offset = header.programHeaderOffset();
        for (ProgramHeader ph : all) {
            if (address == 0 && ph.type() == ProgramHeader.PT_LOAD && Long.compareUnsigned(offset, ph.offset()) >= 0
                    && Long.compareUnsigned(offset - ph.offset(), ph.filesz()) < 0) {
                address = ph.vaddr() + (offset - ph.offset());
            }
        }
        return new ProgramHeaders(header.type() == ElfHeader.ET_DYN, address, header.programHeaderCount(), interpreter);
    }

    /**
     * Reads and parses an ELF file.
     *
     * @param path the file
     * @return the parsed file
     * @throws ElfFormatException if the file is larger than {@link #MAX_FILE_LENGTH} or malformed
     * @throws IOException        if the file cannot be read
     */
    public static ElfFile read(Path path) throws ElfFormatException, IOException {
        long size = Files.size(path);
        if (size > MAX_FILE_LENGTH) {
            throw new ElfFormatException("file too large (size=" + size + "): limit is " + MAX_FILE_LENGTH + " bytes");
        }
        byte[] bytes;
        try (InputStream stream = Files.newInputStream(path)) {
            bytes = stream.readNBytes((int) MAX_FILE_LENGTH + 1);
        }
        if (bytes.length > MAX_FILE_LENGTH) {
            throw new ElfFormatException("file too large (size>" + MAX_FILE_LENGTH + "): it grew while being read");
        }
        return parse(bytes);
    }

    /** The entry point address ({@code e_entry}). */
    public long entry() {
        return entry;
    }

    /** The {@code PT_LOAD} segments in program header order. */
    public List<LoadSegment> loadSegments() {
        return loadSegments;
    }

    /** The symbols from {@code .symtab}; empty if the file has none (e.g. stripped). */
    public SymbolTable symbols() {
        return symbols;
    }

    /**
     * The addresses listed in {@code __patchable_function_entries}, sorted ascending (unsigned)
     * without duplicates; empty if the section is absent. Returns a fresh copy on every call.
     */
    public long[] patchableFunctionEntries() {
        return patchableFunctionEntries.clone();
    }

    /** The address of the symbol with this name, e.g. {@code "tohost"}. */
    public OptionalLong symbolAddress(String name) {
        return symbols.byName(name).map(s -> OptionalLong.of(s.address())).orElse(OptionalLong.empty());
    }

    /**
     * The lowercase hex {@code NT_GNU_BUILD_ID} note, or {@code "sha256:"} followed by the hex of
     * the first 16 bytes of the file's SHA-256 if the file has no build ID.
     */
    public String buildId() {
        return buildId;
    }

    /** Which system the program was built for (bare metal, Linux, another OS): what a platform switches on. */
    public TargetSystem targetSystem() {
        return targetSystem;
    }

    /** The program header table as a Linux loader sees it (AT_PHDR, AT_PHNUM, PT_INTERP). */
    public ProgramHeaders programHeaders() {
        return programHeaders;
    }

    /** The processor flags ({@code e_flags}): {@link #EF_RISCV_RVC}, {@link #EF_RISCV_FLOAT_ABI_MASK}. */
    public int flags() {
        return flags;
    }

    @Override
    public String toString() {
        return String.format("ElfFile[entry=0x%x, flags=0x%x, loadSegments=%d, symbols=%d, patchable=%d, buildId=%s, %s]",
                entry, flags, loadSegments.size(), symbols.size(), patchableFunctionEntries.length, buildId,
                targetSystem.kind());
    }
}
