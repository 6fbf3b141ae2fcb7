package io.fgraph.core.trace;

/**
 * How a {@link TraceRecorder} records.
 *
 * @param backPressure what a hart does when no page is free
 * @param pages        pages that circulate between the harts and the writer; at least two per hart
 *                     are used, whatever this says
 * @param pageBytes    bytes per page: a hart's records go to the writer a page at a time
 * @param blockSize    Chronicle block size: queue files grow (sparsely) by this much
 */
public record RecordingOptions(BackPressure backPressure, int pages, int pageBytes, long blockSize) {

    public static final int DEFAULT_PAGES = 64;
    public static final int DEFAULT_PAGE_BYTES = 64 << 10;
    /** The smallest page: its header and the longest record. */
    public static final int MIN_PAGE_BYTES = EventLayout.PAGE_HEADER_LENGTH + EventLayout.MAX_RECORD_LENGTH;
    public static final int MAX_PAGE_BYTES = 16 << 20;

    public RecordingOptions {
        if (backPressure == null) {
            throw new IllegalArgumentException("backPressure=null: must be BLOCK or DROP");
        }
        if (pages < 2 || pages > (1 << 20)) {
            throw new IllegalArgumentException("pages=" + pages + ": must be 2.." + (1 << 20));
        }
        if (pageBytes < MIN_PAGE_BYTES || pageBytes > MAX_PAGE_BYTES) {
            throw new IllegalArgumentException("pageBytes=" + pageBytes + ": must be " + MIN_PAGE_BYTES + ".."
                    + MAX_PAGE_BYTES);
        }
        if (blockSize < (64 << 10)) {
            throw new IllegalArgumentException("blockSize=" + blockSize + ": must be >= " + (64 << 10));
        }
    }

    /** Lossless defaults: BLOCK, 64 pages of 64 KiB, 64 MiB blocks. */
    public static RecordingOptions defaults() {
        return new RecordingOptions(BackPressure.BLOCK, DEFAULT_PAGES, DEFAULT_PAGE_BYTES, TraceFiles.DEFAULT_BLOCK_SIZE);
    }

    public RecordingOptions withBackPressure(BackPressure value) {
        return new RecordingOptions(value, pages, pageBytes, blockSize);
    }

    public RecordingOptions withPages(int value) {
        return new RecordingOptions(backPressure, value, pageBytes, blockSize);
    }

    public RecordingOptions withPageBytes(int value) {
        return new RecordingOptions(backPressure, pages, value, blockSize);
    }

    public RecordingOptions withBlockSize(long value) {
        return new RecordingOptions(backPressure, pages, pageBytes, value);
    }

    /** The pages a recording of {@code harts} harts uses: at least two per hart. */
    int pagesFor(int harts) {
        return Math.max(pages, 2 * harts);
    }
}
