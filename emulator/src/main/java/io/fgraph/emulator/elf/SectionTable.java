package io.fgraph.emulator.elf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The section header table with names resolved through {@code .shstrtab}.
 *
 * <p>Reading checks that every header lies inside the file, that {@code e_shstrndx} names a string
 * table inside the file and that every {@code sh_name} is a valid index into it. Section contents
 * are checked against the file size only when a reader asks for them via
 * {@link SectionHeader#dataOffset}.
 */
final class SectionTable {

    /** {@code e_shstrndx} value meaning "no section name string table". */
    static final int SHN_UNDEF = 0;

    private final List<SectionHeader> sections;

    private SectionTable(List<SectionHeader> sections) {
        this.sections = sections;
    }

    /**
     * Reads and validates the section header table described by {@code header}.
     *
     * @throws ElfFormatException if a header extends past the end of the file or a name is invalid
     */
    static SectionTable read(ElfBytes in, ElfHeader header) throws ElfFormatException {
        int count = header.sectionHeaderCount();
        int[] nameIndices = new int[count];
        List<SectionHeader> unnamed = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long entryOffset = header.sectionHeaderOffset() + (long) i * SectionHeader.SECTION_HEADER_LENGTH;
            if (Long.compareUnsigned(entryOffset, header.sectionHeaderOffset()) < 0) {
                throw new ElfFormatException(String.format(
                        "truncated: section header %d offset overflows (e_shoff=0x%x)", i, header.sectionHeaderOffset()));
            }
            int at = in.region(entryOffset, SectionHeader.SECTION_HEADER_LENGTH, "section header " + i);
            nameIndices[i] = (int) in.u32(at + SectionHeader.SH_NAME_OFFSET);
            unnamed.add(new SectionHeader(i, "",
                    (int) in.u32(at + SectionHeader.SH_TYPE_OFFSET),
                    in.u64(at + SectionHeader.SH_FLAGS_OFFSET),
                    in.u64(at + SectionHeader.SH_ADDR_OFFSET),
                    in.u64(at + SectionHeader.SH_OFFSET_OFFSET),
                    in.u64(at + SectionHeader.SH_SIZE_OFFSET),
                    in.u32(at + SectionHeader.SH_LINK_OFFSET),
                    in.u64(at + SectionHeader.SH_ADDRALIGN_OFFSET),
                    in.u64(at + SectionHeader.SH_ENTSIZE_OFFSET)));
        }
        return new SectionTable(Collections.unmodifiableList(name(in, header, unnamed, nameIndices)));
    }

    private static List<SectionHeader> name(ElfBytes in, ElfHeader header, List<SectionHeader> unnamed,
                                            int[] nameIndices) throws ElfFormatException {
        int names = header.sectionNameTableIndex();
        if (unnamed.isEmpty() || names == SHN_UNDEF) {
            return unnamed;
        }
        if (names >= unnamed.size()) {
            throw new ElfFormatException("bad section name string table index (e_shstrndx=" + names
                    + ", e_shnum=" + unnamed.size() + ")");
        }
        StringTable strings = StringTable.of(in, unnamed.get(names));
        List<SectionHeader> named = new ArrayList<>(unnamed.size());
        for (SectionHeader s : unnamed) {
            String name = strings.get(Integer.toUnsignedLong(nameIndices[s.index()]));
            named.add(new SectionHeader(s.index(), name, s.type(), s.flags(), s.address(), s.offset(), s.size(),
                    s.link(), s.alignment(), s.entrySize()));
        }
        return named;
    }

    /** All sections in table order (index 0 is the null section). */
    List<SectionHeader> all() {
        return sections;
    }

    /** Number of sections. */
    int size() {
        return sections.size();
    }

    /** The section at {@code index}. */
    SectionHeader get(int index) {
        return sections.get(index);
    }

    /** The first section of the given type. */
    Optional<SectionHeader> firstOfType(int type) {
        return sections.stream().filter(s -> s.type() == type).findFirst();
    }

    /** All sections with the given name, in table order. */
    List<SectionHeader> named(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** All sections of the given type, in table order. */
    List<SectionHeader> ofType(int type) {
        return sections.stream().filter(s -> s.type() == type).toList();
    }
}
