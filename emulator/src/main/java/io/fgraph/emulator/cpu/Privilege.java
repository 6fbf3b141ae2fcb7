package io.fgraph.emulator.cpu;

/** Privilege levels implemented: machine and user. */
public final class Privilege {
    private Privilege() {
    }

    public static final int USER = 0;
    public static final int MACHINE = 3;
}
