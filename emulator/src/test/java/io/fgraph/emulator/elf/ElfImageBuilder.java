package io.fgraph.emulator.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds small, valid ELF64 little-endian RISC-V executables, so tests can break exactly one
 * field of an otherwise correct file.
 *
 * <pre>
 *   0x00  Elf64_Ehdr                         64 bytes
 *   0x40  Elf64_Phdr x (segments [+ PT_NOTE]) 56 bytes each
 *         segment bytes, each 8-aligned
 *         [interpreter path]  (PT_INTERP)
 *         [.note.gnu.build-id]  namesz=4 descsz=N type=3 "GNU\0" desc
 *         [.note.ABI-tag]  namesz=4 descsz=16 type=1 "GNU\0" os major minor patch
 *         [__patchable_function_entries]  8 bytes per address
 *         [.symtab]  24 bytes per symbol, entry 0 is the null symbol
 *         [.strtab] [.shstrtab]
 *         Elf64_Shdr x sections, 8-aligned  64 bytes each, section 0 is SHT_NULL
 * </pre>
 *
 * The first segment is also described by a {@code .text} section (allocated, at the segment's
 * address), which defined symbols name in {@code st_shndx}. {@link Image} records where each structure landed.
 */
public final class ElfImageBuilder {

    public static final long DEFAULT_BASE = 0x8000_0000L;
    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    static final int STT_SECTION = 3;
    static final int SHN_ABS = 0xfff1;
    private static final int SHT_PROGBITS = 1;
    private static final long SHF_EXECINSTR = 0x4;
    private static final int STB_GLOBAL = 1;

    private record Segment(long paddr, long vaddr, byte[] bytes, long memsz, int flags) {
    }

    private record Sym(String name, long value, long size, int type, boolean defined) {
    }

    private long entry = DEFAULT_BASE;
    private int elfClass = ElfHeader.ELFCLASS64;
    private int dataEncoding = ElfHeader.ELFDATA2LSB;
    private int type = ElfHeader.ET_EXEC;
    private int machine = ElfHeader.EM_RISCV;
    private int flags = ElfFile.EF_RISCV_RVC;
    private boolean sections = true;
    private final List<Segment> segments = new ArrayList<>();
    private final List<Sym> symbols = new ArrayList<>();
    private long[] patchable;
    private byte[] buildId;
    private int osAbi;
    private int[] abiTag;
    private String interpreter;

    public ElfImageBuilder() {
    }

    /** An image with one 16-byte executable segment at 0x80000000 and a {@code main} symbol over it. */
    public static ElfImageBuilder minimal() {
        return new ElfImageBuilder()
                .segment(DEFAULT_BASE, DEFAULT_BASE, new byte[16], 16, LoadSegment.PF_R | LoadSegment.PF_X)
                .symbol("main", DEFAULT_BASE, 16, STT_FUNC);
    }

    public ElfImageBuilder entry(long value) {
        entry = value;
        return this;
    }

    public ElfImageBuilder elfClass(int value) {
        elfClass = value;
        return this;
    }

    public ElfImageBuilder dataEncoding(int value) {
        dataEncoding = value;
        return this;
    }

    public ElfImageBuilder type(int value) {
        type = value;
        return this;
    }

    public ElfImageBuilder machine(int value) {
        machine = value;
        return this;
    }

    public ElfImageBuilder flags(int value) {
        flags = value;
        return this;
    }

    /** Leaves out the section header table ({@code e_shoff = e_shnum = 0}). */
    public ElfImageBuilder withoutSections() {
        sections = false;
        return this;
    }

    public ElfImageBuilder segment(long paddr, long vaddr, byte[] bytes, long memsz, int segmentFlags) {
        segments.add(new Segment(paddr, vaddr, bytes.clone(), memsz, segmentFlags));
        return this;
    }

    /** A defined symbol (in {@code .text} if there is a segment, otherwise absolute). */
    public ElfImageBuilder symbol(String name, long value, long size, int symbolType) {
        symbols.add(new Sym(name, value, size, symbolType, true));
        return this;
    }

    /** An undefined symbol ({@code st_shndx = SHN_UNDEF}). */
    public ElfImageBuilder undefinedSymbol(String name) {
        symbols.add(new Sym(name, 0, 0, STT_NOTYPE, false));
        return this;
    }

    public ElfImageBuilder patchableEntries(long... addresses) {
        patchable = addresses.clone();
        return this;
    }

    /** Adds a GNU build ID note, as a {@code .note.gnu.build-id} section and a {@code PT_NOTE} segment. */
    public ElfImageBuilder buildId(byte[] id) {
        buildId = id.clone();
        return this;
    }

    /** Sets {@code EI_OSABI} (0 by default: System V). */
    public ElfImageBuilder osAbi(int value) {
        osAbi = value;
        return this;
    }

    /** Adds a GNU ABI tag note ({@code .note.ABI-tag} and a {@code PT_NOTE}), as glibc's crt1.o does. */
    public ElfImageBuilder abiTag(int os, int major, int minor, int patch) {
        abiTag = new int[] {os, major, minor, patch};
        return this;
    }

    /** Adds a {@code PT_INTERP} segment naming a dynamic linker. */
    public ElfImageBuilder interpreter(String path) {
        interpreter = path;
        return this;
    }

    public Image build() {
        Layout out = new Layout();
        int noteCount = (buildId != null ? 1 : 0) + (abiTag != null ? 1 : 0);
        int phnum = segments.size() + noteCount + (interpreter != null ? 1 : 0);
        out.skip(ElfHeader.ELF_HEADER_LENGTH + phnum * ProgramHeader.PROGRAM_HEADER_LENGTH);

        int[] segmentOffsets = new int[segments.size()];
        for (int i = 0; i < segments.size(); i++) {
            out.align(8);
            segmentOffsets[i] = out.put(segments.get(i).bytes());
        }

        int interpreterAt = 0;
        byte[] interpreterBytes = interpreter == null ? new byte[0] : (interpreter + "\0").getBytes(StandardCharsets.US_ASCII);
        if (interpreter != null) {
            interpreterAt = out.put(interpreterBytes);
        }

        Map<String, int[]> sectionData = new LinkedHashMap<>(); // name -> {offset, size, type, link, entsize, align}
        if (!segments.isEmpty()) {
            sectionData.put(".text", new int[] {segmentOffsets[0], segments.get(0).bytes().length, SHT_PROGBITS, 0, 0, 4});
        }
        if (buildId != null) {
            out.align(4);
            ByteBuffer note = le(pad4(BuildId.NOTE_HEADER_LENGTH + 4 + buildId.length));
            note.putInt(4).putInt(buildId.length).putInt(BuildId.NT_GNU_BUILD_ID).put("GNU\0".getBytes(StandardCharsets.US_ASCII)).put(buildId);
            int at = out.put(note.array());
            sectionData.put(BuildId.SECTION_NAME, new int[] {at, note.capacity(), SectionHeader.SHT_NOTE, 0, 0, 4});
        }
        if (abiTag != null) {
            out.align(4);
            ByteBuffer note = le(BuildId.NOTE_HEADER_LENGTH + 4 + 16);
            note.putInt(4).putInt(16).putInt(TargetSystem.NT_GNU_ABI_TAG).put("GNU\0".getBytes(StandardCharsets.US_ASCII));
            for (int word : abiTag) {
                note.putInt(word);
            }
            int at = out.put(note.array());
            sectionData.put(".note.ABI-tag", new int[] {at, note.capacity(), SectionHeader.SHT_NOTE, 0, 0, 4});
        }
        if (patchable != null) {
            out.align(8);
            ByteBuffer table = le(patchable.length * PatchableEntries.ENTRY_LENGTH);
            for (long address : patchable) {
                table.putLong(address);
            }
            int at = out.put(table.array());
            sectionData.put(PatchableEntries.SECTION_NAME, new int[] {at, table.capacity(), SHT_PROGBITS, 0, 0, 8});
        }

        Strings strtab = new Strings();
        ByteBuffer symtab = le((symbols.size() + 1) * SymbolTableReader.SYMBOL_LENGTH);
        symtab.position(SymbolTableReader.SYMBOL_LENGTH);
        int textIndex = segments.isEmpty() ? -1 : 1;
        for (Sym s : symbols) {
            int shndx = !s.defined() ? SymbolTableReader.SHN_UNDEF : textIndex > 0 ? textIndex : SHN_ABS;
            symtab.putInt(strtab.add(s.name())).put((byte) (STB_GLOBAL << 4 | s.type())).put((byte) 0)
                    .putShort((short) shndx).putLong(s.value()).putLong(s.size());
        }
        if (sections) {
            out.align(8);
            int symAt = out.put(symtab.array());
            int strAt = out.put(strtab.bytes());
            int strIndex = sectionData.size() + 2; // null section + those so far + .symtab
            sectionData.put(".symtab", new int[] {symAt, symtab.capacity(), SectionHeader.SHT_SYMTAB, strIndex,
                    SymbolTableReader.SYMBOL_LENGTH, 8});
            sectionData.put(".strtab", new int[] {strAt, strtab.bytes().length, SectionHeader.SHT_STRTAB, 0, 0, 1});
        }

        Strings shstrtab = new Strings();
        Map<String, Integer> sectionIndex = new LinkedHashMap<>();
        int shnum = 0;
        int shstrndx = 0;
        int shoff = 0;
        if (sections) {
            for (String name : sectionData.keySet()) {
                shstrtab.add(name);
            }
            shstrtab.add(".shstrtab");
            int shstrAt = out.put(shstrtab.bytes());
            sectionData.put(".shstrtab", new int[] {shstrAt, shstrtab.bytes().length, SectionHeader.SHT_STRTAB, 0, 0, 1});
            shnum = sectionData.size() + 1;
            shstrndx = shnum - 1;
            out.align(8);
            ByteBuffer headers = le(shnum * SectionHeader.SECTION_HEADER_LENGTH);
            headers.position(SectionHeader.SECTION_HEADER_LENGTH);
            int index = 1;
            for (Map.Entry<String, int[]> e : sectionData.entrySet()) {
                int[] d = e.getValue();
                boolean text = e.getKey().equals(".text");
                headers.putInt(shstrtab.add(e.getKey())).putInt(d[2])
                        .putLong(text ? SectionHeader.SHF_ALLOC | SHF_EXECINSTR : 0)
                        .putLong(text ? segments.get(0).vaddr() : 0)
                        .putLong(d[0]).putLong(d[1]).putInt(d[3]).putInt(e.getKey().equals(".symtab") ? 1 : 0)
                        .putLong(d[5]).putLong(d[4]);
                sectionIndex.put(e.getKey(), index++);
            }
            shoff = out.put(headers.array());
        }

        ByteBuffer file = le(out.size());
        file.put(0, (byte) 0x7f).put(1, (byte) 'E').put(2, (byte) 'L').put(3, (byte) 'F');
        file.put(ElfHeader.EI_CLASS_OFFSET, (byte) elfClass).put(ElfHeader.EI_DATA_OFFSET, (byte) dataEncoding)
                .put(6, (byte) 1).put(ElfHeader.EI_OSABI_OFFSET, (byte) osAbi);
        file.putShort(ElfHeader.E_TYPE_OFFSET, (short) type).putShort(ElfHeader.E_MACHINE_OFFSET, (short) machine)
                .putInt(20, 1).putLong(ElfHeader.E_ENTRY_OFFSET, entry)
                .putLong(ElfHeader.E_PHOFF_OFFSET, phnum == 0 ? 0 : ElfHeader.ELF_HEADER_LENGTH)
                .putLong(ElfHeader.E_SHOFF_OFFSET, shoff).putInt(ElfHeader.E_FLAGS_OFFSET, flags)
                .putShort(52, (short) ElfHeader.ELF_HEADER_LENGTH)
                .putShort(ElfHeader.E_PHENTSIZE_OFFSET, (short) ProgramHeader.PROGRAM_HEADER_LENGTH)
                .putShort(ElfHeader.E_PHNUM_OFFSET, (short) phnum)
                .putShort(ElfHeader.E_SHENTSIZE_OFFSET, (short) SectionHeader.SECTION_HEADER_LENGTH)
                .putShort(ElfHeader.E_SHNUM_OFFSET, (short) shnum)
                .putShort(ElfHeader.E_SHSTRNDX_OFFSET, (short) shstrndx);
        file.position(ElfHeader.ELF_HEADER_LENGTH);
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            putProgramHeader(file, ProgramHeader.PT_LOAD, s.flags(), segmentOffsets[i], s.vaddr(), s.paddr(),
                    s.bytes().length, s.memsz());
        }
        if (interpreter != null) {
            putProgramHeader(file, ProgramHeader.PT_INTERP, LoadSegment.PF_R, interpreterAt, 0, 0,
                    interpreterBytes.length, interpreterBytes.length);
        }
        for (String name : new String[] {BuildId.SECTION_NAME, ".note.ABI-tag"}) {
            int[] note = sectionData.get(name);
            if (note != null) {
                putProgramHeader(file, ProgramHeader.PT_NOTE, LoadSegment.PF_R, note[0], 0, 0, note[1], note[1]);
            }
        }
        out.copyInto(file);

        Map<String, Integer> dataOffsets = new LinkedHashMap<>();
        sectionData.forEach((name, d) -> dataOffsets.put(name, d[0]));
        return new Image(file.array(), shoff, sectionIndex, dataOffsets);
    }

    private static void putProgramHeader(ByteBuffer file, int phType, int phFlags, long offset, long vaddr,
                                         long paddr, long filesz, long memsz) {
        file.putInt(phType).putInt(phFlags).putLong(offset).putLong(vaddr).putLong(paddr).putLong(filesz)
                .putLong(memsz).putLong(8);
    }

    private static int pad4(int n) {
        return (n + 3) & -4;
    }

    private static ByteBuffer le(int length) {
        return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A built image and where its structures are, for targeted corruption. {@link #bytes()} is a
     * fresh copy; the {@code put*} helpers write little-endian fields into such a copy.
     */
    public record Image(byte[] image, int sectionHeaderTableOffset, Map<String, Integer> sectionIndex,
                 Map<String, Integer> sectionDataOffset) {

        public byte[] bytes() {
            return image.clone();
        }

        /** File offset of program header {@code index}. */
        int programHeader(int index) {
            return ElfHeader.ELF_HEADER_LENGTH + index * ProgramHeader.PROGRAM_HEADER_LENGTH;
        }

        /** File offset of the section header of the section called {@code name}. */
        int sectionHeader(String name) {
            Integer index = sectionIndex.get(name);
            if (index == null) {
                throw new IllegalArgumentException("no section " + name + " in " + sectionIndex.keySet());
            }
            return sectionHeaderTableOffset + index * SectionHeader.SECTION_HEADER_LENGTH;
        }

        /** File offset of the contents of the section called {@code name}. */
        int sectionData(String name) {
            return sectionDataOffset.get(name);
        }

        /** File offset of symbol {@code index} (1 is the first symbol added to the builder). */
        int symbol(int index) {
            return sectionData(".symtab") + index * SymbolTableReader.SYMBOL_LENGTH;
        }

        static byte[] put8(byte[] b, int at, int value) {
            b[at] = (byte) value;
            return b;
        }

        static byte[] put16(byte[] b, int at, int value) {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
            return b;
        }

        static byte[] put32(byte[] b, int at, long value) {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) value);
            return b;
        }

        static byte[] put64(byte[] b, int at, long value) {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, value);
            return b;
        }
    }

    /** Appends blobs after the headers and remembers where each went. */
    private static final class Layout {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int start;

        void skip(int headerLength) {
            start = headerLength;
        }

        int size() {
            return start + body.size();
        }

        void align(int alignment) {
            while (size() % alignment != 0) {
                body.write(0);
            }
        }

        int put(byte[] bytes) {
            int at = size();
            body.writeBytes(bytes);
            return at;
        }

        void copyInto(ByteBuffer file) {
            file.put(start, body.toByteArray());
        }
    }

    /** A string table under construction: index 0 is the empty string. */
    private static final class Strings {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Map<String, Integer> indices = new LinkedHashMap<>();

        Strings() {
            bytes.write(0);
            indices.put("", 0);
        }

        int add(String s) {
            return indices.computeIfAbsent(s, k -> {
                int at = bytes.size();
                bytes.writeBytes(k.getBytes(StandardCharsets.UTF_8));
                bytes.write(0);
                return at;
            });
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

}
