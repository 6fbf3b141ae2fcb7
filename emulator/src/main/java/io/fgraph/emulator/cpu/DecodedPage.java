package io.fgraph.emulator.cpu;

import io.fgraph.emulator.memory.Memory;

/**
 * The decoded instructions of one 4 KiB guest page, one slot per 2-byte parcel (RVC lets an
 * instruction start at any even address). Slots decode lazily on first execution; a page that is
 * written to is dropped whole ({@link #valid} goes false) and a fresh one replaces it on next fetch.
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

    DecodedPage(long base) {
        this.base = base;
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
        words[slot] = word;
        return word;
    }
}
