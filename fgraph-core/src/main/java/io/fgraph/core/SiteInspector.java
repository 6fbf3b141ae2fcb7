package io.fgraph.core;

import io.fgraph.emulator.hook.JavaTrap;
import io.fgraph.emulator.memory.Memory;

/** Reads the code at a function entry and decides how fgraph can hook it ({@link EntrySite}). */
final class SiteInspector {
    private static final int C_NOP = 0x0001;
    private static final int NOP = 0x0000_0013;
    private static final int C_EBREAK = 0x9002;
    /** {@code slli x0, x0, 0x1f}: the first instruction of a semihosting sequence, which must stay in place. */
    private static final int SEMIHOSTING_ENTRY = 0x01f0_1013;
    private static final int OPCODE_AUIPC = 0x17;
    private static final int OPCODE_JAL = 0x6f;
    private static final int OPCODE_BRANCH = 0x63;

    private final Memory memory;

    SiteInspector(Memory memory) {
        this.memory = memory;
    }

    /** The site for {@code function}, or null if its entry is not in RAM. */
    EntrySite inspect(TraceableFunction function) {
        long entry = function.entry();
        if (!memory.contains(entry, 4) || (entry & 1) != 0) {
            return null;
        }
        int low = memory.fetch16(entry);
        int high = memory.fetch16(entry + 2);
        if (function.patchable() && ((low == C_NOP && high == C_NOP) || (low | (high << 16)) == NOP)) {
            return new EntrySite(function, EntrySite.Kind.NOPS, memory.read(entry, 4), EntrySite.Displaced.NONE);
        }
        if ((low & 3) == 3) {
            int word = low | (high << 16);
            int opcode = word & 0x7f;
            EntrySite.Displaced displaced;
            if (opcode == OPCODE_AUIPC) {
                displaced = EntrySite.Displaced.EMULATE_AUIPC;
            } else if (opcode == OPCODE_JAL) {
                displaced = EntrySite.Displaced.EMULATE_JAL;
            } else if (opcode == OPCODE_BRANCH || word == SEMIHOSTING_ENTRY) {
                displaced = EntrySite.Displaced.NONE;
            } else {
                displaced = EntrySite.Displaced.OUT_OF_LINE;
            }
            return new EntrySite(function, EntrySite.Kind.TRAP, memory.read(entry, 4), displaced);
        }
        int quadrant = low & 3;
        int funct3 = (low >>> 13) & 7;
        boolean pcRelative = quadrant == 1 && (funct3 == 5 || funct3 == 6 || funct3 == 7);
        boolean unusable = low == 0 || low == C_EBREAK;
        EntrySite.Displaced displaced = pcRelative || unusable ? EntrySite.Displaced.NONE : EntrySite.Displaced.OUT_OF_LINE;
        return new EntrySite(function, EntrySite.Kind.BREAKPOINT, memory.read(entry, 2), displaced);
    }

    static String reason(EntrySite site) {
        return String.format("first instruction 0x%0" + (site.originalLength() * 2) + "x cannot be displaced "
                + "(a PC-relative branch, a breakpoint or a semihosting sequence)", site.originalWord());
    }

    /** What replaces the entry while hooked. */
    static byte[] hookBytes(EntrySite site, int entryTrapId) {
        if (site.kind == EntrySite.Kind.BREAKPOINT) {
            return new byte[] {(byte) C_EBREAK, (byte) (C_EBREAK >>> 8)};
        }
        return JavaTrap.bytes(entryTrapId);
    }

    /** The sign-extended offset of a JAL instruction. */
    static long jalOffset(int word) {
        int imm = ((word >>> 31) << 20) | (((word >>> 12) & 0xff) << 12) | (((word >>> 20) & 1) << 11)
                | (((word >>> 21) & 0x3ff) << 1);
        return ((long) imm << 43) >> 43;
    }
}
