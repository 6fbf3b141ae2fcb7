package io.fgraph.emulator.platform;

/** A program that is a valid ELF file but cannot be placed on this machine (e.g. does not fit in RAM). */
public final class ProgramLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProgramLoadException(String message) {
        super(message);
    }
}
