package io.fgraph.core.analysis;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How every output shows a plugin's record (a PAYLOAD event): its bytes as a quoted string when
 * they are printable UTF-8 text, otherwise as hex; after the plugin's name when the trace has it.
 */
public final class PayloadText {
    private PayloadText() {
    }

    /** {@code plugin NAME: "text"} or {@code plugin 3: 2a00...} */
    public static String describe(int plugin, String name, byte[] bytes, int offset, int length) {
        return "plugin " + (name != null ? name : Integer.toString(plugin)) + ": " + content(bytes, offset, length);
    }

    /** The record's bytes: {@code "text"} when printable UTF-8, else hex. */
    public static String content(byte[] bytes, int offset, int length) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length)).toString();
            if (!text.isEmpty() && text.chars().allMatch(c -> c >= 0x20 && c != 0x7f && c != '"' && c != '\\')) {
                return '"' + text + '"';
            }
        } catch (CharacterCodingException e) {
            // not text: hex below
        }
        StringBuilder hex = new StringBuilder(2 * length);
        for (int i = offset; i < offset + length; i++) {
            hex.append(Character.forDigit((bytes[i] >>> 4) & 15, 16)).append(Character.forDigit(bytes[i] & 15, 16));
        }
        return hex.toString();
    }

    /** The header option naming plugin {@code id}: {@code plugin.ID}. */
    public static String optionKey(int id) {
        return "plugin." + id;
    }
}
