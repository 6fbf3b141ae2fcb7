package io.fgraph.emulator;

/**
 * A range of RAM that the platform keeps for itself rather than the program (the tracer trampoline
 * page): reports name addresses in it after the region, and a fault there says whose it is.
 *
 * @param name        names addresses in reports and backtraces ({@code "fgraph trampoline page+0x10"})
 * @param base        first address
 * @param end         exclusive end
 * @param explanation what a fault there means, for the report
 */
public record ReservedRegion(String name, long base, long end, String explanation) {
    public ReservedRegion {
        if (Long.compareUnsigned(base, end) >= 0) {
            throw new IllegalArgumentException(String.format("base=0x%x, end=0x%x: the region is empty", base, end));
        }
    }

    /** Whether {@code address} lies in the region (unsigned). */
    public boolean contains(long address) {
        return Long.compareUnsigned(address, base) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    /** {@code "name"} at the base, {@code "name+0x10"} above it. */
    public String describe(long address) {
        long offset = address - base;
        return offset == 0 ? name : name + "+0x" + Long.toHexString(offset);
    }
}
