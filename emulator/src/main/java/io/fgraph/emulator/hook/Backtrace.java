package io.fgraph.emulator.hook;

import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.memory.Memory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A frame-pointer backtrace of a hart's guest stack. Guests are built with
 * {@code -fno-omit-frame-pointer}: in every function past its prologue, {@code s0} holds the stack
 * pointer at entry, the return address is saved at {@code s0-8} and the caller's {@code s0} at
 * {@code s0-16}. At a function's first instruction (an entry hook) the return address is still in
 * {@code ra} and {@code s0} is the caller's.
 */
public final class Backtrace {
    public static final int MAX_FRAMES = 128;

    private final long[] pcs;

    private Backtrace(long[] pcs) {
        this.pcs = pcs;
    }

    /** The addresses, innermost first: the pc, then each return address (translated). */
    public long[] addresses() {
        return pcs.clone();
    }

    public int depth() {
        return pcs.length;
    }

    /** Backtrace of a hart stopped anywhere past a function's prologue. */
    public static Backtrace capture(Hart hart, ReturnAddressTranslator translator) {
        return walk(hart, false, translator);
    }

    /** Backtrace of a hart stopped at a function's first instruction (the return address is in ra). */
    public static Backtrace captureAtEntry(Hart hart, ReturnAddressTranslator translator) {
        return walk(hart, true, translator);
    }

    private static Backtrace walk(Hart hart, boolean atEntry, ReturnAddressTranslator translator) {
        Memory memory = hart.memory();
        List<Long> frames = new ArrayList<>();
        frames.add(hart.pc());
        if (atEntry) {
            frames.add(translator.translate(hart, hart.x(Hart.RA), hart.x(Hart.SP)));
        }
        long fp = hart.x(Hart.FP);
        long previous = hart.x(Hart.SP) - 1;
        while (frames.size() < MAX_FRAMES && (fp & 7) == 0 && Long.compareUnsigned(fp, previous) > 0
                && memory.contains(fp - 16, 16)) {
            long ra = memory.load64(fp - 8);
            long next = memory.load64(fp - 16);
            if (ra == 0 || !memory.contains(ra, 2)) {
                break;
            }
            frames.add(translator.translate(hart, ra, fp));
            previous = fp;
            fp = next;
        }
        return new Backtrace(frames.stream().mapToLong(Long::longValue).toArray());
    }

    /** One line per frame: {@code #0 0x80000123 fib+0x12}. */
    public String format(LongFunction<String> symbolizer) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pcs.length; i++) {
            sb.append('#').append(i).append(" 0x").append(Long.toHexString(pcs[i]))
                    .append(' ').append(symbolizer.apply(pcs[i])).append('\n');
        }
        return sb.toString();
    }
}
