package io.fgraph.core.trace;

/**
 * Where a {@link RecordEncoder}'s pages come from and go: the slow path of every record. The
 * encoder writes into a hart's current page while it has room; when it has none, or the supply
 * stopped accepting, it asks {@link #refill}.
 */
interface PageSupply {
    /** Whether records are being accepted (a volatile read: the encoder checks it per record). */
    boolean accepting();

    /**
     * The hart's page is missing or has less than {@code length} bytes left, or the supply is not
     * accepting: hand the full page on and return the new page to write a record of {@code task}
     * at {@code time} into, or null if this record is not written (dropped or refused, and counted).
     */
    byte[] refill(PageWriter writer, int task, long time, int length);

    /** Whether {@link #written} must be called after each record. */
    default boolean immediate() {
        return false;
    }

    /** A record was committed to {@code writer}'s page (only if {@link #immediate()}). */
    default void written(PageWriter writer) {
    }

    /** A record was refused before it was written: its arguments were invalid. */
    void refused();
}
