package io.fgraph.emulator.platform;

/**
 * A program that is a valid ELF file but cannot be placed on this machine (it does not fit in RAM,
 * it was built for an operating system, its arguments cannot be passed).
 */
public final class ProgramLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean largerRamWouldFit;

    public ProgramLoadException(String message) {
        this(message, false);
    }

    /**
     * @param largerRamWouldFit whether a larger {@code MachineConfig.ramSize} would let the program load
     *                          (a front end can then say which of its options sets it)
     */
    public ProgramLoadException(String message, boolean largerRamWouldFit) {
        super(message);
        this.largerRamWouldFit = largerRamWouldFit;
    }

    /** Whether a larger {@code ramSize} would let the program load. */
    public boolean largerRamWouldFit() {
        return largerRamWouldFit;
    }
}
