package io.fgraph.core.analysis;

/** How a call seen by a {@link CallTreeWalker} ended: every call is reported once, whatever happened to it. */
public enum CallEnd {
    /** A return was recorded for the recorded entry. */
    RETURNED(""),
    /** A non-local exit (longjmp) skipped the call; the recorder closed it as unwound. */
    UNWOUND("unwound"),
    /** A return without its entry: threshold-mode traces record only returns, or the entry was lost. */
    NO_ENTRY("entry not recorded"),
    /** An entry whose return is missing (lost events): closed when an outer call returned. */
    NO_RETURN("return not recorded"),
    /** Still running when the trace ended. */
    OPEN("still running");

    private final String note;

    CallEnd(String note) {
        this.note = note;
    }

    /** A short note for the outputs, empty for {@link #RETURNED}. */
    public String note() {
        return note;
    }
}
