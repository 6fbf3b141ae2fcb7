package io.fgraph.core.trace;

import io.fgraph.core.event.EventSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.fgraph.core.trace.EventLayout.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Every value the encoder accepts comes back from the decoder, whichever of its escapes a record
 * needs: far functions and deep or negative depths (WIDE), another task than the page's (TASK),
 * time jumps either way (TIME), wide return values, long or negative durations, overruns.
 */
class RecordCodecTest {
    private static final long[] TIMES = {0, 1, 2, 1000, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 40,
        Long.MAX_VALUE, Long.MIN_VALUE, -(1L << 33)};
    private static final long[] FUNCTIONS = {0, 0x8000_0000L, 0x8000_0000L + 0xffff_ffffL, 0x8000_0000L - 1,
        0x8000_0000L + (1L << 32), 0xffff_ffff_8000_0000L, -1, Long.MIN_VALUE};
    private static final int[] DEPTHS = {0, 1, 65535, 65536, 1 << 20, -1, Integer.MIN_VALUE};
    private static final long[] VALUES = {0, 1, -22, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 31, -(1L << 31) - 1,
        Long.MAX_VALUE, Long.MIN_VALUE};
    private static final int[] TASKS = {0, 1, 65536, 65536 + 7, -1, Integer.MAX_VALUE};

    /** What one event looks like once decoded: its toString plus the fields toString leaves out. */
    private static String shown(TraceEvent e) {
        StringBuilder s = new StringBuilder(e.toString());
        if (e.kind() == KIND_PAYLOAD) {
            s.append(" bytes=").append(java.util.Arrays.toString(e.payload()));
        }
        return s.toString();
    }

    @Test
    void randomEventsOfEveryKindRoundTrip() {
        Random random = new Random(20260415);
        List<String> expected = new ArrayList<>();
        List<String> decoded = new ArrayList<>();
        EventSink sink = RecordEncoder.decodingTo(3, e -> decoded.add(shown(e)));
        // the expected side, encoded by hand in a second decoder-independent form
        for (int i = 0; i < 20_000; i++) {
            int cpu = random.nextInt(3);
            int task = pick(random, TASKS);
            long time = random.nextInt(4) == 0 ? pick(random, TIMES) : i * 10L;
            long function = pick(random, FUNCTIONS) + (random.nextBoolean() ? random.nextInt(1 << 16) : 0);
            int depth = pick(random, DEPTHS);
            String head = " task=" + task + " cpu=" + cpu + " time=" + time;
            switch (random.nextInt(6)) {
                case 0 -> {
                    int argCount = random.nextInt(11) - 1;
                    long[] args = new long[Math.max(0, Math.min(argCount + random.nextInt(2), 9))];
                    for (int a = 0; a < args.length; a++) {
                        args[a] = pick(random, VALUES);
                    }
                    sink.functionEntry(task, cpu, time, function, depth, args, argCount);
                    StringBuilder s = new StringBuilder("entry" + head + " function=0x" + Long.toHexString(function)
                            + " depth=" + depth);
                    int n = Math.max(0, Math.min(Math.min(argCount, MAX_ARGS), args.length));
                    for (int a = 0; a < n; a++) {
                        s.append(a == 0 ? " args=" : ",").append("0x").append(Long.toHexString(args[a]));
                    }
                    expected.add(s.toString());
                }
                case 1 -> {
                    long entryTime = random.nextBoolean() ? time - random.nextInt(1000) : pick(random, TIMES);
                    long retval = pick(random, VALUES);
                    long overrun = random.nextInt(5) == 0 ? pick(random, VALUES) : 0;
                    int flags = random.nextInt(8);
                    sink.functionReturn(task, cpu, entryTime, time, function, depth, retval, overrun, flags);
                    int shownFlags = flags & (EventSink.FLAG_RETVAL | EventSink.FLAG_UNWOUND);
                    expected.add("return" + head + " function=0x" + Long.toHexString(function) + " depth=" + depth
                            + " entryTime=" + entryTime + " retval=0x"
                            + Long.toHexString((flags & EventSink.FLAG_RETVAL) != 0 ? retval : 0)
                            + " overrun=" + overrun + " flags=" + shownFlags);
                }
                case 2 -> {
                    long count = pick(random, VALUES);
                    sink.lost(task, cpu, time, count);
                    expected.add("lost" + head + " count=" + count);
                }
                case 3 -> {
                    int next = pick(random, TASKS);
                    sink.taskSwitch(cpu, time, task, next);
                    expected.add("task-switch" + head + " next=" + next);
                }
                case 4 -> {
                    int probe = random.nextInt();
                    long value = pick(random, VALUES);
                    String fields = "0x" + Long.toHexString(value);
                    if (random.nextBoolean()) {
                        sink.probeHit(task, cpu, time, probe, function, value);
                    } else {
                        String text = "t" + "é".repeat(random.nextInt(4));
                        long[] numbers = new long[random.nextInt(3)];
                        StringBuilder shown = new StringBuilder("{");
                        for (int n = 0; n < numbers.length; n++) {
                            numbers[n] = pick(random, VALUES);
                            shown.append(n == 0 ? "" : ",").append("0x").append(Long.toHexString(numbers[n]));
                        }
                        sink.probeHit(task, cpu, time, probe, function,
                                new Object[] {value, text, null, numbers, new String[] {null, text}});
                        fields += ",\"" + text + "\",(fault)," + shown + "},{(fault),\"" + text + "\"}";
                    }
                    expected.add("probe" + head + " probe=" + probe + " address=0x" + Long.toHexString(function)
                            + " fields=" + fields);
                }
                default -> {
                    byte[] bytes = new byte[random.nextInt(300)];
                    random.nextBytes(bytes);
                    int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
                    int length = bytes.length - from;
                    int plugin = random.nextInt();
                    sink.payload(task, cpu, time, plugin, bytes, from, length);
                    int kept = Math.min(length, MAX_PAYLOAD);
                    expected.add("payload" + head + " plugin=" + plugin + " length=" + kept + " bytes="
                            + java.util.Arrays.toString(java.util.Arrays.copyOfRange(bytes, from, from + kept)));
                }
            }
            assertEquals(expected.get(i), decoded.get(i), "event " + i);
        }
        assertEquals(expected, decoded);
    }

    @Test
    void commonEventsTakeNoExtras() {
        List<Integer> lengths = new ArrayList<>();
        EventSink sink = RecordEncoder.decodingTo(1, e -> lengths.add(e.length()));
        sink.functionEntry(0, 0, 100, 0x8000_1000L, 12, null, 0);
        sink.functionReturn(0, 0, 100, 180, 0x8000_1000L, 12, 0, 0, 0);
        sink.functionReturn(0, 0, 100, 180, 0x8000_1000L, 12, -38, 0, EventSink.FLAG_RETVAL);
        assertEquals(List.of(ENTRY_LENGTH, RETURN_LENGTH, RETURN_LENGTH + Integer.BYTES), lengths);
        assertTrue(ENTRY_LENGTH <= 16 && RETURN_LENGTH <= 16, "an entry or a return without extras fits 16 bytes");
    }

    private static long pick(Random random, long[] values) {
        return values[random.nextInt(values.length)];
    }

    private static int pick(Random random, int[] values) {
        return values[random.nextInt(values.length)];
    }
}
