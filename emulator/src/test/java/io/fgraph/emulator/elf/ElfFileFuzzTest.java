package io.fgraph.emulator.elf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds {@link ElfFile#parse} mutated copies of the committed guest ELFs and random bytes. The
 * contract under test: any input either parses or throws {@link ElfFormatException} with a one-line
 * message; never another exception, an error (such as {@code OutOfMemoryError} from trusting a
 * size field) or a hang. Seeds are fixed, so a failure names a case that reproduces.
 *
 * <p>Mutations aim at the fields that steer the parser: the file header, the program and section
 * header tables and the symbol table are located through the unmutated original, then one to three
 * of byte flips, truncation, and overwrites of a field with a boundary value are applied.
 */
class ElfFileFuzzTest {

    private static final long SEED = 0x5EED_F00DL;
    private static final int MUTATIONS = 20_000;
    private static final int RANDOM_ARRAYS = 2_000;
    private static final int MAX_REPORTED = 10;
    private static final long[] BOUNDARY_VALUES = {
        0, 1, 2, 3, 7, 8, 0x18, 0x38, 0x40, 0x7f, 0x80, 0xff, 0x100, 0xfff, 0x1000, 0xffff, 0x10000,
        0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 0x1_0000_0000L, 0x1_0000_0001L, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2,
        -8, -56, -64
    };

    /** Where a parser-steering field lives in an original image, and how wide it is. */
    private record Field(int offset, int width) {
    }

    private final List<String> failures = new ArrayList<>();
    private int parsed;
    private int rejected;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard, not a performance assertion
    void mutatedGuestProgramsParseOrThrowElfFormatException() {
        List<byte[]> originals = GuestElfs.names().stream().map(GuestElfs::bytes).toList();
        List<List<Field>> fields = originals.stream().map(ElfFileFuzzTest::fieldsOf).toList();
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < MUTATIONS; i++) {
            int which = random.nextInt(originals.size());
            byte[] bytes = originals.get(which).clone();
            StringBuilder how = new StringBuilder(GuestElfs.names().get(which));
            int steps = 1 + random.nextInt(3);
            for (int s = 0; s < steps; s++) {
                bytes = mutate(bytes, fields.get(which), random, how);
            }
            check("mutation " + i + " [" + how + "]", bytes);
        }
        report("mutations");
        assertTrue(rejected > MUTATIONS / 4 && parsed > MUTATIONS / 20,
                "the mutations should both break files and leave some loadable: parsed=" + parsed + ", rejected=" + rejected);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a performance assertion
    void randomBytesThrowElfFormatException() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int i = 0; i < RANDOM_ARRAYS; i++) {
            byte[] bytes = new byte[random.nextInt(4096)];
            random.nextBytes(bytes);
            if (i % 2 == 1 && bytes.length >= ElfHeader.ELF_HEADER_LENGTH) {
                // Half get a valid identification and machine, so the parse goes past the header.
                bytes[0] = 0x7f;
                bytes[1] = 'E';
                bytes[2] = 'L';
                bytes[3] = 'F';
                bytes[ElfHeader.EI_CLASS_OFFSET] = ElfHeader.ELFCLASS64;
                bytes[ElfHeader.EI_DATA_OFFSET] = ElfHeader.ELFDATA2LSB;
                le(bytes).putShort(ElfHeader.E_TYPE_OFFSET, (short) ElfHeader.ET_EXEC)
                        .putShort(ElfHeader.E_MACHINE_OFFSET, (short) ElfHeader.EM_RISCV);
                if (random.nextBoolean()) {
                    le(bytes).putShort(ElfHeader.E_PHENTSIZE_OFFSET, (short) ProgramHeader.PROGRAM_HEADER_LENGTH)
                            .putShort(ElfHeader.E_SHENTSIZE_OFFSET, (short) SectionHeader.SECTION_HEADER_LENGTH)
                            .putLong(ElfHeader.E_PHOFF_OFFSET, random.nextInt(bytes.length))
                            .putLong(ElfHeader.E_SHOFF_OFFSET, random.nextInt(bytes.length))
                            .putShort(ElfHeader.E_PHNUM_OFFSET, (short) random.nextInt(8))
                            .putShort(ElfHeader.E_SHNUM_OFFSET, (short) random.nextInt(64));
                }
            }
            check("random array " + i + " (length " + bytes.length + ")", bytes);
        }
        report("random arrays");
    }

    private void check(String what, byte[] bytes) {
        try {
            ElfFile elf = ElfFile.parse(bytes);
            exercise(elf);
            parsed++;
        } catch (ElfFormatException e) {
            rejected++;
            String message = e.getMessage();
            if (message == null || message.isBlank() || message.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                fail(what + ": bad message '" + message + "'");
            }
        } catch (Throwable t) { // an OutOfMemoryError or StackOverflowError counts too
            fail(what + ": " + t);
        }
    }

    /** Uses the result the way the loader and the tracer do; none of this may throw either. */
    private static void exercise(ElfFile elf) {
        long total = 0;
        for (LoadSegment s : elf.loadSegments()) {
            total += s.fileSize();
            assertTrue(Long.compareUnsigned(s.fileSize(), s.memorySize()) <= 0, s.toString());
        }
        for (long entry : elf.patchableFunctionEntries()) {
            elf.symbols().describe(entry);
        }
        elf.symbols().describe(elf.entry());
        elf.symbols().functions().forEach(f -> elf.symbols().describe(f.end() - 1));
        assertTrue(total >= 0 && !elf.buildId().isEmpty(), elf.toString());
    }

    private void fail(String failure) {
        if (failures.size() < MAX_REPORTED) {
            failures.add(failure);
        }
    }

    private void report(String what) {
        assertTrue(failures.isEmpty(), what + " (seed " + SEED + "): parse threw something other than ElfFormatException:\n  "
                + String.join("\n  ", failures));
    }

    private static byte[] mutate(byte[] bytes, List<Field> fields, SplittableRandom random, StringBuilder how) {
        int kind = random.nextInt(10);
        if (bytes.length == 0) {
            return bytes;
        }
        if (kind < 3) {
            int flips = 1 + random.nextInt(8);
            for (int f = 0; f < flips; f++) {
                int at = random.nextBoolean() ? random.nextInt(bytes.length) : nearAField(fields, random, bytes.length);
                bytes[at] ^= (byte) (1 << random.nextInt(8));
            }
            how.append(" flip").append(flips);
            return bytes;
        }
        if (kind < 4) {
            int length = random.nextBoolean() ? random.nextInt(bytes.length)
                    : random.nextInt(Math.min(bytes.length, ElfHeader.ELF_HEADER_LENGTH * 4));
            how.append(" truncate@").append(length);
            return Arrays.copyOf(bytes, length);
        }
        Field field = fields.get(random.nextInt(fields.size()));
        if (field.offset() + field.width() > bytes.length) {
            return bytes;
        }
        long value = switch (random.nextInt(4)) {
            case 0 -> random.nextLong();
            case 1 -> bytes.length - random.nextInt(1, 65);
            default -> BOUNDARY_VALUES[random.nextInt(BOUNDARY_VALUES.length)];
        };
        ByteBuffer buffer = le(bytes);
        switch (field.width()) {
            case 1 -> buffer.put(field.offset(), (byte) value);
            case 2 -> buffer.putShort(field.offset(), (short) value);
            case 4 -> buffer.putInt(field.offset(), (int) value);
            default -> buffer.putLong(field.offset(), value);
        }
        how.append(String.format(" set@0x%x/%d=0x%x", field.offset(), field.width(), value));
        return bytes;
    }

    private static int nearAField(List<Field> fields, SplittableRandom random, int length) {
        Field field = fields.get(random.nextInt(fields.size()));
        return Math.min(length - 1, field.offset() + random.nextInt(field.width()));
    }

    /** The header, program header, section header and symbol fields of an unmutated image. */
    private static List<Field> fieldsOf(byte[] bytes) {
        ByteBuffer in = le(bytes);
        List<Field> fields = new ArrayList<>(List.of(
                new Field(ElfHeader.EI_CLASS_OFFSET, 1), new Field(ElfHeader.EI_DATA_OFFSET, 1),
                new Field(ElfHeader.E_TYPE_OFFSET, 2), new Field(ElfHeader.E_MACHINE_OFFSET, 2),
                new Field(ElfHeader.E_ENTRY_OFFSET, 8), new Field(ElfHeader.E_PHOFF_OFFSET, 8),
                new Field(ElfHeader.E_SHOFF_OFFSET, 8), new Field(ElfHeader.E_PHENTSIZE_OFFSET, 2),
                new Field(ElfHeader.E_PHNUM_OFFSET, 2), new Field(ElfHeader.E_SHENTSIZE_OFFSET, 2),
                new Field(ElfHeader.E_SHNUM_OFFSET, 2), new Field(ElfHeader.E_SHSTRNDX_OFFSET, 2)));
        int phoff = (int) in.getLong(ElfHeader.E_PHOFF_OFFSET);
        for (int i = 0; i < in.getShort(ElfHeader.E_PHNUM_OFFSET); i++) {
            int at = phoff + i * ProgramHeader.PROGRAM_HEADER_LENGTH;
            fields.add(new Field(at + ProgramHeader.P_TYPE_OFFSET, 4));
            for (int f = ProgramHeader.P_OFFSET_OFFSET; f <= ProgramHeader.P_MEMSZ_OFFSET; f += 8) {
                fields.add(new Field(at + f, 8));
            }
        }
        int shoff = (int) in.getLong(ElfHeader.E_SHOFF_OFFSET);
        int shnum = in.getShort(ElfHeader.E_SHNUM_OFFSET);
        for (int i = 0; i < shnum; i++) {
            int at = shoff + i * SectionHeader.SECTION_HEADER_LENGTH;
            fields.add(new Field(at + SectionHeader.SH_NAME_OFFSET, 4));
            fields.add(new Field(at + SectionHeader.SH_TYPE_OFFSET, 4));
            fields.add(new Field(at + SectionHeader.SH_OFFSET_OFFSET, 8));
            fields.add(new Field(at + SectionHeader.SH_SIZE_OFFSET, 8));
            fields.add(new Field(at + SectionHeader.SH_LINK_OFFSET, 4));
            fields.add(new Field(at + SectionHeader.SH_ADDRALIGN_OFFSET, 8));
            fields.add(new Field(at + SectionHeader.SH_ENTSIZE_OFFSET, 8));
            if (in.getInt(at + SectionHeader.SH_TYPE_OFFSET) == SectionHeader.SHT_SYMTAB) {
                int symtab = (int) in.getLong(at + SectionHeader.SH_OFFSET_OFFSET);
                int count = (int) (in.getLong(at + SectionHeader.SH_SIZE_OFFSET) / SymbolTableReader.SYMBOL_LENGTH);
                // A sample of symbols, so symbol fields are not drowned out.
                for (int s = 1; s < count; s += 7) {
                    int sym = symtab + s * SymbolTableReader.SYMBOL_LENGTH;
                    fields.add(new Field(sym + SymbolTableReader.ST_NAME_OFFSET, 4));
                    fields.add(new Field(sym + SymbolTableReader.ST_INFO_OFFSET, 1));
                    fields.add(new Field(sym + SymbolTableReader.ST_SHNDX_OFFSET, 2));
                    fields.add(new Field(sym + SymbolTableReader.ST_VALUE_OFFSET, 8));
                    fields.add(new Field(sym + SymbolTableReader.ST_SIZE_OFFSET, 8));
                }
            }
            if (in.getInt(at + SectionHeader.SH_TYPE_OFFSET) == SectionHeader.SHT_NOTE) {
                int note = (int) in.getLong(at + SectionHeader.SH_OFFSET_OFFSET);
                fields.add(new Field(note, 4));     // namesz
                fields.add(new Field(note + 4, 4)); // descsz
                fields.add(new Field(note + 8, 4)); // type
            }
        }
        return fields;
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
