package io.fgraph.emulator.cpu;

/**
 * A synchronous exception raised by a slow-path helper (CSR access, atomics, system instructions).
 * Stackless: the interpreter catches it and enters the guest trap handler, or stops the run.
 */
public final class GuestTrap extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int cause;
    private final long value;

    public GuestTrap(int cause, long value) {
        super(null, null, false, false);
        this.cause = cause;
        this.value = value;
    }

    public int cause() {
        return cause;
    }

    /** The value for {@code mtval}: a faulting address or the instruction bits. */
    public long value() {
        return value;
    }

    @Override
    public String getMessage() {
        return TrapCause.describe(cause) + " (mtval=0x" + Long.toHexString(value) + ")";
    }
}
