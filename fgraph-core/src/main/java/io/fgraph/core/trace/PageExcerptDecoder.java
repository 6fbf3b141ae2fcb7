package io.fgraph.core.trace;

import java.util.zip.CRC32C;

import static io.fgraph.core.trace.EventLayout.*;

/** The excerpts of a format version 3 trace: pages of compact records ({@link EventLayout}). */
final class PageExcerptDecoder implements ExcerptDecoder {
    private final RecordDecoder records = new RecordDecoder();
    private final CRC32C crc = new CRC32C();
    private byte[] page;
    private int limit;
    private int left;

    @Override
    public int open(byte[] body, int length) {
        if (length < PAGE_HEADER_LENGTH + RECORD_HEADER_LENGTH) {
            throw new Corrupted("length=" + length + ", less than a page header and a record");
        }
        int expected = LittleEndian.i32(body, PAGE_CRC_OFFSET);
        int actual = RecordDecoder.crc(crc, body, length);
        if (actual != expected) {
            throw new Corrupted(String.format("checksum 0x%08x, expected 0x%08x", actual, expected));
        }
        int count = RecordDecoder.count(body);
        if (count < 1) {
            throw new Corrupted("record count=" + count);
        }
        page = body;
        limit = length;
        left = count;
        records.wrap(body, length);
        return count;
    }

    @Override
    public boolean singleTask() {
        return RecordDecoder.singleTask(page);
    }

    @Override
    public int task() {
        return RecordDecoder.task(page);
    }

    @Override
    public boolean next(TraceEvent e) {
        if (left == 0) {
            return false;
        }
        int at = records.position();
        if (records.next(e) <= 0) {
            throw new Corrupted(at >= limit ? "record count=" + RecordDecoder.count(page) + " but the records end at "
                    + (RecordDecoder.count(page) - left)
                    : "record at page offset " + at + " has kind=" + LittleEndian.u8(page, at + KIND_OFFSET)
                    + " flags=0x" + Integer.toHexString(LittleEndian.u8(page, at + FLAGS_OFFSET))
                    + " and does not fit the page (length=" + limit + ")");
        }
        if (--left == 0 && records.position() != limit) {
            throw new Corrupted((limit - records.position()) + " bytes after the last record");
        }
        return true;
    }
}
