package io.fgraph.emulator.cpu;

/**
 * The funct5 values of the A extension and the immediate encoding the decoder gives
 * {@link Op#ATOMIC}: bits 0-4 funct5, bit 5 set for the doubleword (.D) form.
 */
public final class AtomicFunction {
    private AtomicFunction() {
    }

    public static final int LR = 0b00010;
    public static final int SC = 0b00011;
    public static final int AMOSWAP = 0b00001;
    public static final int AMOADD = 0b00000;
    public static final int AMOXOR = 0b00100;
    public static final int AMOAND = 0b01100;
    public static final int AMOOR = 0b01000;
    public static final int AMOMIN = 0b10000;
    public static final int AMOMAX = 0b10100;
    public static final int AMOMINU = 0b11000;
    public static final int AMOMAXU = 0b11100;

    public static final int FUNCT5_MASK = 31;
    public static final int DOUBLEWORD_BIT = 1 << 5;

    public static boolean isValid(int funct5) {
        switch (funct5) {
            case LR: case SC: case AMOSWAP: case AMOADD: case AMOXOR: case AMOAND: case AMOOR:
            case AMOMIN: case AMOMAX: case AMOMINU: case AMOMAXU:
                return true;
            default:
                return false;
        }
    }

    public static long encode(int funct5, boolean doubleword) {
        return funct5 | (doubleword ? DOUBLEWORD_BIT : 0);
    }
}
