package io.fgraph.core.trace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.fgraph.core.trace.EventLayout.*;

/**
 * The fields of a PROBE record: the values a probe's definition fetched, each a tag then its value
 * ({@link EventLayout}'s field tags), written by {@link RecordEncoder} and read by
 * {@link RecordDecoder} and {@link LegacyBatchDecoder} (versions 2 and 3 store them alike).
 */
final class ProbeFields {
    private ProbeFields() {
    }

    /**
     * Writes {@code fields} from {@code at}, at most up to {@code limit}: each a {@code Long}, a
     * {@code String}, a {@code long[]}, a {@code String[]} (null elements for faults), or null for a
     * fault (anything else as its {@code toString()}). Texts are cut to fit; a field that still does
     * not fit, and every one after it, is left out. Returns where the fields end.
     */
    static int put(byte[] buffer, int at, int limit, Object[] fields) {
        if (fields != null) {
            for (Object field : fields) {
                int next = putField(buffer, at, limit, field);
                if (next < 0) {
                    break; // no room left: the rest is left out
                }
                at = next;
            }
        }
        return at;
    }

    /** Writes one field at {@code at}; returns where the next goes, or -1 if it does not fit before {@code limit}. */
    private static int putField(byte[] buffer, int at, int limit, Object field) {
        if (field == null) {
            if (at + 1 > limit) {
                return -1;
            }
            LittleEndian.u8(buffer, at, FIELD_FAULT);
            return at + 1;
        }
        if (field instanceof Long number) {
            if (at + 1 + Long.BYTES > limit) {
                return -1;
            }
            LittleEndian.u8(buffer, at, FIELD_NUMBER);
            LittleEndian.i64(buffer, at + 1, number);
            return at + 1 + Long.BYTES;
        }
        if (field instanceof long[] numbers) {
            if (at + 2 > limit) {
                return -1;
            }
            int count = Math.min(numbers.length, Math.min(MAX_TEXT, (limit - at - 2) / Long.BYTES));
            LittleEndian.u8(buffer, at, FIELD_NUMBERS);
            LittleEndian.u8(buffer, at + 1, count);
            for (int i = 0; i < count; i++) {
                LittleEndian.i64(buffer, at + 2 + i * Long.BYTES, numbers[i]);
            }
            return at + 2 + count * Long.BYTES;
        }
        if (field instanceof String[] texts) {
            if (at + 2 > limit) {
                return -1;
            }
            LittleEndian.u8(buffer, at, FIELD_TEXTS);
            int next = at + 2;
            int count = 0;
            for (String text : texts) {
                if (count == MAX_TEXT || next + 1 > limit) {
                    break;
                }
                if (text == null) {
                    LittleEndian.u8(buffer, next, MAX_TEXT);
                    next++;
                } else {
                    next = putText(buffer, next, limit, text, MAX_TEXT - 1);
                }
                count++;
            }
            LittleEndian.u8(buffer, at + 1, count);
            return next;
        }
        if (at + 2 > limit) {
            return -1;
        }
        LittleEndian.u8(buffer, at, FIELD_TEXT);
        return putText(buffer, at + 1, limit, field.toString(), MAX_TEXT);
    }

    /** A length byte and the UTF-8 bytes of {@code text}, cut to fit {@code max} and {@code limit} (never inside a character). */
    private static int putText(byte[] buffer, int at, int limit, String text, int max) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, Math.min(max, limit - at - 1));
        while (length > 0 && length < bytes.length && (bytes[length] & 0xC0) == 0x80) {
            length--; // a UTF-8 continuation byte: cut before its character
        }
        LittleEndian.u8(buffer, at, length);
        System.arraycopy(bytes, 0, buffer, at + 1, length);
        return at + 1 + length;
    }

    /**
     * The fields stored in {@code buffer[start, end)}, decoded: {@code Long}, {@code String},
     * {@code long[]}, {@code String[]}, or null for a fault. A corrupted field ends the list.
     */
    static Object[] read(byte[] buffer, int start, int end) {
        List<Object> fields = new ArrayList<>();
        int at = start;
        try {
            while (at < end) {
                int tag = LittleEndian.u8(buffer, at);
                switch (tag) {
                    case FIELD_NUMBER -> {
                        fields.add(LittleEndian.i64(buffer, at + 1));
                        at += 1 + Long.BYTES;
                    }
                    case FIELD_TEXT -> {
                        int length = LittleEndian.u8(buffer, at + 1);
                        fields.add(new String(buffer, at + 2, length, StandardCharsets.UTF_8));
                        at += 2 + length;
                    }
                    case FIELD_FAULT -> {
                        fields.add(null);
                        at++;
                    }
                    case FIELD_NUMBERS -> {
                        long[] numbers = new long[LittleEndian.u8(buffer, at + 1)];
                        for (int i = 0; i < numbers.length; i++) {
                            numbers[i] = LittleEndian.i64(buffer, at + 2 + i * Long.BYTES);
                        }
                        fields.add(numbers);
                        at += 2 + numbers.length * Long.BYTES;
                    }
                    case FIELD_TEXTS -> {
                        String[] texts = new String[LittleEndian.u8(buffer, at + 1)];
                        int next = at + 2;
                        for (int i = 0; i < texts.length; i++) {
                            int length = LittleEndian.u8(buffer, next);
                            if (length == MAX_TEXT) {
                                next++;
                            } else {
                                texts[i] = new String(buffer, next + 1, length, StandardCharsets.UTF_8);
                                next += 1 + length;
                            }
                        }
                        fields.add(texts);
                        at = next;
                    }
                    default -> at = end; // not a field: stop
                }
            }
        } catch (IndexOutOfBoundsException e) {
            // a length that runs past the buffer: keep what was whole
        }
        if (at > end && !fields.isEmpty()) {
            fields.remove(fields.size() - 1); // the last field ran past the record
        }
        return fields.toArray();
    }
}
