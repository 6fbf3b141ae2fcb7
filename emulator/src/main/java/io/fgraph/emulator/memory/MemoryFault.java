package io.fgraph.emulator.memory;

/**
 * An access outside guest RAM (or a misaligned atomic access). Thrown on the rare fault path only;
 * it carries no stack trace so that the interpreter can turn it into a guest trap cheaply.
 */
public final class MemoryFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of access faulted. */
    public enum Kind { LOAD, STORE, FETCH, MISALIGNED_ATOMIC }

    private final long address;
    private final Kind kind;

    public MemoryFault(Kind kind, long address) {
        super(null, null, false, false);
        this.kind = kind;
        this.address = address;
    }

    public long address() {
        return address;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String getMessage() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " access fault at 0x" + Long.toHexString(address);
    }
}
