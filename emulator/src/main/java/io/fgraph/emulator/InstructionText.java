package io.fgraph.emulator;

import io.fgraph.emulator.memory.Memory;

/** Formats instruction bits for reports and explains why an encoding is illegal. */
final class InstructionText {
    private InstructionText() {
    }

    /** "bits 0x00a50533", or "bits 0x4501 (compressed)", or "" if pc is outside guest memory. */
    static String bitsAt(Memory memory, long pc) {
        if (!memory.contains(pc, 2)) {
            return "";
        }
        byte[] parcel = memory.read(pc, 2);
        int low = (parcel[0] & 0xFF) | (parcel[1] & 0xFF) << 8;
        if ((low & 3) != 3) {
            return String.format("bits 0x%04x (compressed)", low);
        }
        if (!memory.contains(pc, 4)) {
            return String.format("bits 0x%04x (truncated)", low);
        }
        byte[] high = memory.read(pc + 2, 2);
        return String.format("bits 0x%08x", (low | (high[0] & 0xFF) << 16 | (high[1] & 0xFF) << 24) & 0xFFFFFFFFL);
    }

    /** The bits of an illegal instruction; {@code fpuOff} tells whether mstatus.FS was Off when it trapped. */
    static String describeIllegal(long bits, boolean fpuOff) {
        boolean compressed = (bits & 3) != 3;
        String text = compressed ? String.format("bits 0x%04x (compressed)", bits & 0xFFFF)
                : String.format("bits 0x%08x", bits & 0xFFFFFFFFL);
        if (isFloatingPoint(bits)) {
            return text + (fpuOff
                    ? " (floating-point instruction while the FPU is off: mstatus.FS is 0, the program's start-up code did not enable it)"
                    : " (floating-point instruction: a reserved encoding or rounding mode, or a format other than F and D)");
        }
        return text;
    }

    static boolean isFloatingPoint(long bits) {
        if ((bits & 3) != 3) {
            int quadrant = (int) (bits & 3);
            int funct3 = (int) ((bits >>> 13) & 7);
            // C.FLD, C.FSD (quadrant 0) and C.FLDSP, C.FSDSP (quadrant 2).
            return (quadrant == 0 || quadrant == 2) && (funct3 == 1 || funct3 == 5);
        }
        int opcode = (int) (bits & 0x7F);
        switch (opcode) {
            case 0b0000111: case 0b0100111: case 0b1000011: case 0b1000111:
            case 0b1001011: case 0b1001111: case 0b1010011:
                return true;
            default:
                return false;
        }
    }
}
