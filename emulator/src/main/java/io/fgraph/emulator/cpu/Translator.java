package io.fgraph.emulator.cpu;

import java.lang.invoke.MethodHandle;

/**
 * The second tier of one hart: turns a hot place of a decoded page into a {@link TranslatedUnit}
 * (find the region, compile it and load it as a hidden class, or find its class in {@link UnitClasses}) and installs the unit at every block
 * head of the region in the page's unit table, where {@link Interpreter} finds it. Runs on the
 * hart's thread only, as the interpreter does, so translation is part of the deterministic run.
 *
 * <p>A unit lives as long as the page it was built from: a write to the page drops the page and
 * its unit table (see {@link DecodeCache}); its class, unreferenced, is unloaded by the GC.
 */
final class Translator {
    /** Guest instructions in one unit, at most: big enough for a loop nest, small enough for HotSpot. */
    static final int MAX_REGION_INSTRUCTIONS = 320;

    private final DecodeCache cache;
    private final int threshold;
    private final boolean parallel;
    private long units;
    private long blocks;
    private long guestInstructions;
    private long refused;
    private long failed;
    private String firstFailure;

    Translator(DecodeCache cache, int threshold, boolean parallel) {
        this.cache = cache;
        this.threshold = threshold;
        this.parallel = parallel;
    }

    /** How many times an instruction runs in the interpreter before the code from there is translated. */
    int threshold() {
        return threshold;
    }

    /**
     * Translates the code of {@code page} from {@code slot} and returns the unit, installed; or null
     * when the instruction there is one the interpreter keeps (that slot is not tried again).
     */
    TranslatedUnit translate(DecodedPage page, int slot) {
        TranslatedUnit unit = null;
        for (int max = MAX_REGION_INSTRUCTIONS; unit == null && max >= 1; max /= 2) {
            GuestRegion region = GuestRegion.scan(cache, page, slot, max);
            if (region == null) {
                break;
            }
            MethodHandle constructor;
            try {
                constructor = UnitClasses.constructor(region, parallel, page.base + 2L * slot);
                if (constructor == null) {
                    continue; // too big for HotSpot: try a smaller region
                }
                unit = (TranslatedUnit) constructor.invoke(page);
            } catch (Throwable e) {
                if (e instanceof Error && !(e instanceof LinkageError)) {
                    throw (Error) e;
                }
                // A unit the JVM refuses is a bug of the compiler; the interpreter runs that code instead.
                failed++;
                if (firstFailure == null) {
                    firstFailure = e.toString();
                }
                break;
            }
            install(page, region, unit);
        }
        if (unit == null) {
            page.heat[slot] = Integer.MIN_VALUE; // never counts up to the threshold again
            refused++;
        }
        return unit;
    }

    private void install(DecodedPage page, GuestRegion region, TranslatedUnit unit) {
        for (GuestBlock block : region.blocks) {
            if (page.units[block.headSlot] == null) {
                page.units[block.headSlot] = unit;
            }
        }
        synchronized (cache) { // drops count a page's units under this lock (DecodeCache.droppedUnits)
            page.unitCount++;
        }
        units++;
        blocks += region.blocks.size();
        guestInstructions += region.instructionCount();
    }

    /** Units compiled so far. */
    long units() {
        return units;
    }

    long blocks() {
        return blocks;
    }

    long guestInstructions() {
        return guestInstructions;
    }

    /** Places left to the interpreter: an instruction the compiler does not know starts there. */
    long refused() {
        return refused;
    }

    /** Units the JVM refused to load (a compiler bug; the interpreter ran that code). */
    long failed() {
        return failed;
    }

    /** Why the first refused unit was refused, or null. */
    String firstFailure() {
        return firstFailure;
    }
}
