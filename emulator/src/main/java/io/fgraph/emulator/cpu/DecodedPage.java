package io.fgraph.emulator.cpu;

import io.fgraph.emulator.memory.Memory;

/**
 * The decoded instructions of one 4 KiB guest page, one slot per 2-byte parcel (RVC lets an
 * instruction start at any even address). Slots decode lazily on first execution; a page that is
 * written to is dropped whole ({@link #valid} goes false) and a fresh one replaces it on next fetch.
 *
 * <p>An instruction straddling into the next page is kept only when that page is the next frame
 * ({@link Memory#contiguous()}), whose writes the cache then watches; in a paged memory the next
 * page may be any frame, so such an instruction is decoded again each time it runs (its slot stays
 * empty, its immediate is valid until the next decode).
 */
public final class DecodedPage {
    public static final int SLOTS = Memory.PAGE_SIZE / 2;

    final long base;
    final int[] words = new int[SLOTS];
    final long[] immediates = new long[SLOTS];
    boolean valid = true;
    /**
     * The translating tier's table (see {@link Translator}), made on first use: per slot, the unit
     * with a block starting there, and how often the interpreter ran the instruction there.
     * Only the owning hart's thread reads and writes them.
     */
    TranslatedUnit[] units;
    int[] heat;
    /** Units compiled from this page. */
    int unitCount;
    /** Whether an instruction straddling into the next page may be kept (see the class comment). */
    private final boolean keepStraddling;

    DecodedPage(long base, boolean keepStraddling) {
        this.base = base;
        this.keepStraddling = keepStraddling;
    }

    /** The unit table, made on first use. */
    TranslatedUnit[] unitTable() {
        if (units == null) {
            heat = new int[SLOTS];
            units = new TranslatedUnit[SLOTS];
        }
        return units;
    }

    /** Decodes the instruction at {@code pc} (inside this page) into its slot and returns the packed word. */
    int decode(int slot, long pc, Memory memory, Decoder decoder) {
        int low;
        int high = 0;
        long stamp;
        do { // never half of an instruction a host write is patching on another thread
            stamp = memory.hostWriteStamp();
            low = memory.fetch16(pc);
            if ((low & 3) == 3) {
                high = memory.fetch16(pc + 2);
            }
        } while (!memory.unchangedSince(stamp));
        int word;
        long immediate;
        if ((low & 3) != 3) {
            word = decoder.decode(CompressedExpander.expand(low), 2);
            int op = DecodedForm.op(word);
            immediate = op == Op.ILLEGAL || op == Op.FLOAT ? low : decoder.immediate();
        } else {
            word = decoder.decode(low | (high << 16), 4);
            immediate = decoder.immediate();
        }
        immediates[slot] = immediate;
        if (keepStraddling || slot != SLOTS - 1 || (low & 3) != 3) {
            words[slot] = word;
        }
        return word;
    }
}
