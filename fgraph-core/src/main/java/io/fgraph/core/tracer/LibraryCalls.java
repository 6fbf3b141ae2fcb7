package io.fgraph.core.tracer;

/**
 * Which calls into the library are shown, uftrace's three modes. A static program's own functions
 * are those its compiler gave patchable entries ({@code -fpatchable-function-entry}, as uftrace's
 * {@code -pg}); the library's are the rest (picolibc, the start-up code).
 */
public enum LibraryCalls {
    /** Every call (uftrace's {@code --nest-libcall}): library functions and what they call. */
    NEST,
    /**
     * uftrace's default: a library function is shown when the program's own code calls it, as a
     * leaf unless it calls the program back (qsort's comparison function); what library functions
     * call among themselves is not shown.
     */
    LIBCALL,
    /** uftrace's {@code --no-libcall}: no library function is shown; the program's own functions are. */
    NONE;

    /** {@code nest}, {@code libcall} or {@code none}, as trace headers record it. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static LibraryCalls parse(String key) {
        for (LibraryCalls mode : values()) {
            if (mode.key().equals(key)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("libcall='" + key + "': must be nest, libcall or none");
    }
}
