package io.fgraph.cli;

import io.fgraph.core.trace.EventCursor;
import io.fgraph.core.trace.TraceReader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Traces do not depend on the execution tier: the same program traced with every instruction
 * interpreted ({@code --no-translate}) and with all its code translated at once
 * ({@code --translate-threshold 0}) gives a byte-identical live trace (function_graph text with
 * the virtual clock's durations) and a recorded trace with the same events, timestamps included.
 * Several harts interleaving in small quanta check that the schedule is the same on both tiers.
 */
class TwoTierTraceTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "fib, 12, ''",
        "chain, '', ''",
        "qsort, '', ''",
        "longjmp, '', ''",
        "multihart, 40, --harts 3 --quantum 17",
    })
    void bothTiersTraceByteForByteAlike(String program, String arguments, String options) throws Exception {
        String elf = Cli.guest(dir, program).toString();
        byte[][] live = new byte[2][];
        List<List<String>> recorded = new ArrayList<>();
        String[] tiers = {"--no-translate", "--translate-threshold=0"};
        for (int t = 0; t < 2; t++) {
            Path text = dir.resolve("live-" + t + ".txt");
            Cli.Outcome run = Cli.run(command(List.of("run", tiers[t], "--trace", "function_graph",
                    "--trace-output", text.toString()), options, elf, arguments));
            assertEquals(0, run.exitStatus(), run.toString());
            live[t] = Files.readAllBytes(text);

            Path trace = dir.resolve("trace-" + t);
            Cli.Outcome record = Cli.run(command(List.of("record", tiers[t], "--no-progress", "-o", trace.toString()),
                    options, elf, arguments));
            assertEquals(0, record.exitStatus(), record.toString());
            List<String> events = new ArrayList<>();
            try (TraceReader reader = TraceReader.open(trace); EventCursor cursor = reader.events()) {
                while (cursor.next()) {
                    events.add(cursor.event().toString());
                }
            }
            recorded.add(events);
        }
        assertTrue(live[0].length > 200, new String(live[0], java.nio.charset.StandardCharsets.UTF_8));
        assertArrayEquals(live[0], live[1], "the live trace");
        assertTrue(recorded.get(0).size() > 10, recorded.get(0).toString());
        assertEquals(recorded.get(0), recorded.get(1), "the recorded events");
    }

    private static String[] command(List<String> head, String options, String elf, String arguments) {
        List<String> args = new ArrayList<>(head);
        if (!options.isEmpty()) {
            args.addAll(Arrays.asList(options.split(" ")));
        }
        args.add(elf);
        if (!arguments.isEmpty()) {
            args.addAll(Arrays.asList(arguments.split(" ")));
        }
        return args.toArray(new String[0]);
    }
}
