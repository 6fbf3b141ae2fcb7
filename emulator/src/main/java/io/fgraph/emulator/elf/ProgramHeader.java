package io.fgraph.emulator.elf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One entry of the program header table ({@code Elf64_Phdr}); all 64-bit fields are unsigned.
 *
 * @param index  position in the program header table
 * @param type   {@code p_type}, e.g. {@link #PT_LOAD}
 * @param flags  {@code p_flags}: {@link LoadSegment#PF_R}, {@link LoadSegment#PF_W}, {@link LoadSegment#PF_X}
 * @param offset {@code p_offset}: where the segment's bytes start in the file
 * @param vaddr  {@code p_vaddr}: run-time address
 * @param paddr  {@code p_paddr}: load address
 * @param filesz {@code p_filesz}: bytes present in the file
 * @param memsz  {@code p_memsz}: bytes occupied in memory
 */
record ProgramHeader(int index, int type, int flags, long offset, long vaddr, long paddr, long filesz, long memsz) {

    static final int PROGRAM_HEADER_LENGTH = 56;
    static final int P_TYPE_OFFSET = 0;
    static final int P_FLAGS_OFFSET = 4;
    static final int P_OFFSET_OFFSET = 8;
    static final int P_VADDR_OFFSET = 16;
    static final int P_PADDR_OFFSET = 24;
    static final int P_FILESZ_OFFSET = 32;
    static final int P_MEMSZ_OFFSET = 40;

    static final int PT_LOAD = 1;
    static final int PT_DYNAMIC = 2;
    static final int PT_INTERP = 3;
    static final int PT_NOTE = 4;

    /** Largest accepted {@code p_memsz}: 4 GiB. */
    static final long MAX_MEMORY_SIZE = 1L << 32;

    /**
     * Reads the whole program header table, checking that every entry lies inside the file.
     *
     * @throws ElfFormatException if an entry extends past the end of the file
     */
    static List<ProgramHeader> readAll(ElfBytes in, ElfHeader header) throws ElfFormatException {
        int count = header.programHeaderCount();
        List<ProgramHeader> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long entryOffset = header.programHeaderOffset() + (long) i * PROGRAM_HEADER_LENGTH;
            if (Long.compareUnsigned(entryOffset, header.programHeaderOffset()) < 0) {
                throw new ElfFormatException(String.format(
                        "truncated: program header %d offset overflows (e_phoff=0x%x)", i,
                        header.programHeaderOffset()));
            }
            int at = in.region(entryOffset, PROGRAM_HEADER_LENGTH, "program header " + i);
            result.add(new ProgramHeader(i,
                    (int) in.u32(at + P_TYPE_OFFSET),
                    (int) in.u32(at + P_FLAGS_OFFSET),
                    in.u64(at + P_OFFSET_OFFSET),
                    in.u64(at + P_VADDR_OFFSET),
                    in.u64(at + P_PADDR_OFFSET),
                    in.u64(at + P_FILESZ_OFFSET),
                    in.u64(at + P_MEMSZ_OFFSET)));
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * Validates this {@code PT_LOAD} entry and copies its file bytes.
     *
     * @throws ElfFormatException if sizes are inconsistent or absurd, the segment wraps the
     *                            address space, or its bytes extend past the end of the file
     */
    LoadSegment toLoadSegment(ElfBytes in) throws ElfFormatException {
        String what = "PT_LOAD segment (program header " + index + ")";
        if (Long.compareUnsigned(filesz, memsz) > 0) {
            throw new ElfFormatException(String.format("%s: p_filesz=0x%x exceeds p_memsz=0x%x", what, filesz, memsz));
        }
        if (Long.compareUnsigned(memsz, MAX_MEMORY_SIZE) > 0) {
            throw new ElfFormatException(String.format("%s: p_memsz=0x%x exceeds the 4 GiB limit", what, memsz));
        }
        checkNoWrap(what, "p_vaddr", vaddr);
        checkNoWrap(what, "p_paddr", paddr);
        int at = in.region(offset, filesz, what);
        return new LoadSegment(paddr, vaddr, in.copy(at, (int) filesz), memsz, flags);
    }

    private void checkNoWrap(String what, String field, long address) throws ElfFormatException {
        if (Long.compareUnsigned(memsz, -1L - address) > 0) {
            throw new ElfFormatException(String.format(
                    "%s overflows the 64-bit address space (%s=0x%x, p_memsz=0x%x)", what, field, address, memsz));
        }
    }
}
