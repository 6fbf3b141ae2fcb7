package io.fgraph.core.trace;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.fgraph.core.trace.EventLayout.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * docs/trace-format.md cannot drift from the code: its diagrams are the javadoc diagrams of
 * {@link EventLayout} and {@link LegacyEventLayout} (which {@link EventLayoutTest} and
 * {@link LegacyEventLayoutTest} check against the constants), and its table of record sizes is
 * generated from the constants. Each generated part sits between
 * {@code <!-- generated: NAME -->} and {@code <!-- end: NAME -->}; {@code -Dgolden.update=true}
 * rewrites them, and the diff is reviewed like any change.
 */
class TraceFormatDocTest {
    private static final Path DOC = Path.of("../docs/trace-format.md");
    private static final Path LEGACY = Path.of("src/main/java/io/fgraph/core/trace/LegacyEventLayout.java");

    /** The {@code <pre>} blocks of a class's javadoc, as plain text. */
    static List<String> diagrams(Path source) throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : Files.readAllLines(source)) {
            String text = line.replaceFirst("^\\s*\\* ?", "");
            if (text.trim().equals("<pre>")) {
                block = new StringBuilder();
            } else if (text.trim().equals("</pre>")) {
                blocks.add(block.toString().replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&"));
                block = null;
            } else if (block != null) {
                block.append(text).append('\n');
            }
        }
        return blocks;
    }

    private static String fenced(String text) {
        return "```\n" + text + "```\n";
    }

    /** Every generated part of the document, by name. */
    static Map<String, String> generated() throws IOException {
        List<String> current = diagrams(EventLayoutTest.SOURCE);
        List<String> legacy = diagrams(LEGACY);
        assertEquals(4, current.size(), "EventLayout: page, records, probe fields, identity");
        assertEquals(2, legacy.size(), "LegacyEventLayout: records, batch");
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("page", fenced(current.get(0)));
        parts.put("records", fenced(current.get(1)));
        parts.put("probe-fields", fenced(current.get(2)));
        parts.put("identity", fenced(current.get(3)));
        parts.put("sizes", sizes());
        parts.put("legacy-records", fenced(legacy.get(0)));
        parts.put("legacy-batch", fenced(legacy.get(1)));
        return parts;
    }

    /** The table of record sizes, from the constants. */
    static String sizes() {
        int retval32 = RETURN_LENGTH + Integer.BYTES;
        return String.join("\n",
                "| record | bytes | with every extra |",
                "|---|---|---|",
                "| function entry, no arguments | " + ENTRY_LENGTH + " | " + MAX_ENTRY_LENGTH + " (8 arguments, WIDE, TASK, TIME) |",
                "| each argument | " + ARG_LENGTH + " | |",
                "| function return, no return value | " + RETURN_LENGTH + " | " + MAX_RETURN_LENGTH + " |",
                "| function return with a return value that fits 32 bits | " + retval32 + " | |",
                "| one traced call (entry + return with a return value) | " + (ENTRY_LENGTH + retval32)
                        + ", i.e. **" + (ENTRY_LENGTH + retval32) / 2 + " per event** | |",
                "| lost / task switch | " + LOST_LENGTH + " / " + SWITCH_LENGTH
                        + " | " + MAX_LOST_LENGTH + " / " + MAX_SWITCH_LENGTH + " |",
                "| probe hit | " + PROBE_LENGTH + " + its fields (" + (1 + Long.BYTES)
                        + " per number, 2 + length per text) | " + MAX_PROBE_LENGTH + " |",
                "| payload | " + PAYLOAD_LENGTH + " + length | " + MAX_PAYLOAD_LENGTH + " |",
                "| call values (`-A`, `-R`) | " + VALUES_LENGTH + " + values (" + (VALUE_HEAD_LENGTH + Long.BYTES)
                        + " per number) | " + MAX_VALUES_LENGTH + " |",
                "| extras: WIDE / TASK / TIME | " + WIDE_LENGTH + " / " + TASK_EXTRA_LENGTH + " / " + TIME_EXTRA_LENGTH
                        + " | |",
                "| per page (excerpt) | " + PAGE_HEADER_LENGTH + " (page header) + 4 (Chronicle excerpt header) | |",
                "");
    }

    @Test
    void theDocumentShowsWhatTheCodeSays() throws IOException {
        String doc = Files.readString(DOC);
        Map<String, String> parts = generated();
        StringBuilder updated = new StringBuilder(doc);
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> part : parts.entrySet()) {
            String open = "<!-- generated: " + part.getKey() + " -->\n";
            String close = "<!-- end: " + part.getKey() + " -->";
            Matcher m = Pattern.compile(Pattern.quote(open) + "(.*?)" + Pattern.quote(close), Pattern.DOTALL)
                    .matcher(updated);
            assertTrue(m.find(), DOC + " has no part " + open.trim());
            if (!m.group(1).equals(part.getValue())) {
                stale.add(part.getKey());
                updated.replace(m.start(1), m.end(1), part.getValue());
            }
        }
        if (Boolean.getBoolean(io.fgraph.testsupport.GoldenFile.UPDATE_PROPERTY)) {
            Files.writeString(DOC, updated);
            return;
        }
        assertEquals(List.of(), stale, DOC + " differs from EventLayout (regenerate with -Dgolden.update=true)");
    }
}
