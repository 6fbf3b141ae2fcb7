package io.fgraph.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fgraph export}: Chrome JSON nesting and durations, SVG geometry, folded stacks, uftrace.data. */
class ExportTest {

    private static Path export(String trace, String option, String file, String... more) {
        Path out = RecordedTraces.scratch("export").resolve(file);
        List<String> args = new ArrayList<>(List.of("export", RecordedTraces.get(trace).toString(), option, out.toString()));
        args.addAll(List.of(more));
        Cli.Outcome outcome = Cli.run(args.toArray(new String[0]));
        assertEquals(0, outcome.exitStatus(), outcome.toString());
        assertEquals("", outcome.stdout() + outcome.stderr());
        return out;
    }

    /** ns from the writer's exact "micros.nnn" text. */
    private static long ns(Object micros) {
        return Math.round((Double) micros * 1000);
    }

    @Test
    @SuppressWarnings("unchecked")
    void chromeEventsNestPerTaskAndKeepExactDurations() throws Exception {
        for (String trace : List.of("chain", "longjmp", "multihart")) {
            Map<String, Object> json = (Map<String, Object>) Json.parse(Files.readString(export(trace, "--chrome", "t.json")));
            assertEquals("ns", json.get("displayTimeUnit"));
            List<Map<String, Object>> events = (List<Map<String, Object>>) json.get("traceEvents");
            Map<Double, List<Map<String, Object>>> byTask = new HashMap<>();
            for (Map<String, Object> e : events) {
                if (e.get("ph").equals("X")) {
                    assertTrue((Double) e.get("dur") >= 0, e.toString());
                    byTask.computeIfAbsent((Double) e.get("tid"), t -> new ArrayList<>()).add(e);
                }
            }
            assertTrue(!byTask.isEmpty());
            for (List<Map<String, Object>> calls : byTask.values()) {
                calls.sort(Comparator.<Map<String, Object>>comparingLong(e -> ns(e.get("ts")))
                        .thenComparing(e -> -ns(e.get("dur"))));
                Deque<long[]> open = new ArrayDeque<>();
                for (Map<String, Object> e : calls) {
                    long start = ns(e.get("ts"));
                    long end = start + ns(e.get("dur"));
                    // a zero-length call at its caller's very end still nests inside it
                    while (!open.isEmpty() && (open.peek()[1] < start || (open.peek()[1] == start && end > start))) {
                        open.pop();
                    }
                    if (!open.isEmpty()) {
                        assertTrue(end <= open.peek()[1], "call " + e + " overlaps its caller's end");
                    }
                    long depth = Math.round((Double) ((Map<String, Object>) e.get("args")).get("depth"));
                    assertEquals(open.size(), depth, "nesting depth of " + e);
                    open.push(new long[] {start, end});
                }
            }
        }
        Map<String, Object> chain = (Map<String, Object>) Json.parse(Files.readString(export("chain", "--chrome", "c.json")));
        Map<String, Object> main = ((List<Map<String, Object>>) chain.get("traceEvents")).stream()
                .filter(e -> "main".equals(e.get("name"))).findFirst().orElseThrow();
        assertEquals(mainNanos("chain"), ns(main.get("dur")), "main took as long as the replay says");
        assertTrue(Files.readString(export("longjmp", "--chrome", "l.json")).contains("\"name\":\"inner [unwound]\""));
    }

    @Test
    void flameGraphIsWellFormedAndEveryFrameIsAsWideAsItsTime() throws Exception {
        for (String trace : List.of("chain", "fib-10", "multihart")) {
            Path svg = export(trace, "--flame", "f.svg");
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder().parse(svg.toFile());
            NodeList rects = doc.getElementsByTagName("rect");
            double scale = -1;
            int frames = 0;
            for (int i = 0; i < rects.getLength(); i++) {
                Element rect = (Element) rects.item(i);
                if (!rect.hasAttribute("data-ns")) {
                    continue;
                }
                long ns = Long.parseLong(rect.getAttribute("data-ns"));
                double width = Double.parseDouble(rect.getAttribute("width"));
                if (scale < 0) {
                    scale = width / ns; // the first frame is "all"
                    assertEquals(1180.0, width, 0.001);
                }
                assertEquals(ns * scale, width, 0.002, "frame width for " + ns + " ns");
                String title = ((Element) rect.getParentNode()).getElementsByTagName("title").item(0).getTextContent();
                assertTrue(title.contains(String.format("%d.%03d us", ns / 1000, ns % 1000)), title + " vs " + ns);
                frames++;
            }
            assertTrue(frames > 3, "frames drawn: " + frames);
        }
        String longjmp = Files.readString(export("longjmp", "--flame", "l.svg", "-F", "main"));
        // 2 rounds of outer, middle, inner and the longjmp call itself
        assertTrue(longjmp.contains("unwound: 8"), "the header counts unwound calls");
        assertTrue(longjmp.contains("inner [2 unwound]"));
    }

    @Test
    void foldedStacksSumToTheTotalTime() throws Exception {
        List<String> lines = Files.readAllLines(export("chain", "--folded", "c.folded", "-F", "main"));
        long sum = 0;
        for (String line : lines) {
            sum += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
        }
        assertEquals(mainNanos("chain"), sum, "self times add up to main's time in the replay");
        assertTrue(lines.contains("main;a;b;c 10"), lines.toString());
        List<String> multi = Files.readAllLines(export("multihart", "--folded", "m.folded", "-F", "hart_main"));
        assertEquals(List.of("task 0;hart_main 23", "task 0;hart_main;work 140", "task 1;hart_main 23",
                "task 1;hart_main;work 140"), multi);
    }

    @Test
    void uftraceReplaysTheExportLikeOurOwnUftraceFormat() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/uftrace")), "uftrace is not installed");
        for (String[] c : new String[][] {{"chain", "0", "main"}, {"fib-10", "0", "main"}, {"multihart", "0", "main,hart_main"},
            {"multihart", "1", "main,hart_main"}, {"options-values", "0", "main"}}) {
            String trace = c[0];
            Path data = export(trace, "--uftrace", "uftrace.data", "-F", c[2]);
            String theirs = uftraceReplay(data, "--tid", Integer.toString(Integer.parseInt(c[1]) + 1));
            // the export holds every call the trace has: compare with the view of every call
            String ours = Cli.run("replay", RecordedTraces.get(trace).toString(), "--format", "uftrace", "--nest-libcall",
                    "-F", c[2], "--tid", c[1]).stdout();
            // uftrace's tid is our task + 1; it has no marks for unwound calls
            String expected = ours.replaceAll("\\[ +(\\d+)\\]", "[TID $1]").replaceAll(" \\*/", "").replace(" unwound", "");
            String actual = theirs.replaceAll("\\[ +(\\d+)\\]", "[TID $1]").replaceAll(" \\*/", "");
            assertEquals(renumber(expected), actual, trace);
            if (trace.equals("options-values")) {
                // -A/-R values exported as uftrace records them, read back by uftrace with the specs of the info file
                for (String line : List.of("text(\"hello\", 2) {", "} = 7; /* text", "many(1, 0x2, 9, 0xa);",
                        "letter('a') = 'b';", "} = \"hello\"; /* dup_string", "parse(\"42\") {", "} = 0x2a; /* parse", "fib(5) {")) {
                    assertTrue(theirs.contains(line), line + " not in\n" + theirs);
                }
            }
        }
        // uftrace has no "unwound" mark: it shows the frames a longjmp skipped open, then setjmp's
        // second return, as it shows its own recording of a longjmp (uftrace's test t015_longjmp)
        String longjmp = uftraceReplay(export("longjmp", "--uftrace", "uftrace.data", "-F", "main"));
        assertTrue(longjmp.contains("[     1] |         longjmp() {\n"), longjmp);
        assertTrue(java.util.regex.Pattern.compile("longjmp\\(\\) \\{\\n +[0-9.]+ us \\[     1\\] \\|   \\} /\\* setjmp \\*/\\n")
                .matcher(longjmp).find(), longjmp);
        assertFalse(longjmp.contains("/* outer */"), longjmp);
    }

    /** main's duration as {@code fgraph replay --format uftrace} prints it, in ns. */
    private static long mainNanos(String trace) {
        String replay = Cli.run("replay", RecordedTraces.get(trace).toString(), "--format", "uftrace", "-F", "main").stdout();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d{3}) us \\[ +0\\] \\| \\}( = [^;]*;)? /\\* main \\*/").matcher(replay);
        assertTrue(m.find(), replay);
        return Long.parseLong(m.group(1)) * 1000 + Long.parseLong(m.group(2));
    }

    private static String uftraceReplay(Path data, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/uftrace", "replay", "--no-pager", "-d", data.toString()));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    private static String renumber(String text) {
        StringBuilder s = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[TID (\\d+)\\]").matcher(text);
        while (m.find()) {
            m.appendReplacement(s, "[TID " + (Integer.parseInt(m.group(1)) + 1) + "]");
        }
        return m.appendTail(s).toString();
    }
}
