package io.fgraph.emulator.cpu;

/**
 * What the translating tier of one hart (or, summed, of a machine) did.
 *
 * @param translatedInstructions instructions executed by translated code (the rest were interpreted)
 * @param units                  units compiled (each a region of one page, loaded as a hidden class)
 * @param blocks                 basic blocks in those units
 * @param guestInstructions      guest instructions in those units
 * @param refused                places the translator left to the interpreter (an instruction it does not know)
 * @param failed                 units the JVM refused to load: a bug of the compiler, the interpreter ran that code
 * @param dropped                units dropped with their page (the page was written, or {@code fence.i})
 * @param firstFailure           why the first failed unit failed, or null
 */
public record TranslationStats(long translatedInstructions, long units, long blocks, long guestInstructions,
                               long refused, long failed, long dropped, String firstFailure) {
    public static final TranslationStats NONE = new TranslationStats(0, 0, 0, 0, 0, 0, 0, null);

    public TranslationStats plus(TranslationStats other) {
        return new TranslationStats(translatedInstructions + other.translatedInstructions, units + other.units,
                blocks + other.blocks, guestInstructions + other.guestInstructions, refused + other.refused,
                failed + other.failed, dropped + other.dropped,
                firstFailure != null ? firstFailure : other.firstFailure);
    }
}
