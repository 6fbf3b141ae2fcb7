package io.fgraph.emulator;

/**
 * Whether the harts translate hot guest code to JVM bytecode (the second execution tier, see
 * {@code docs/emulator.md}), and how hot code must be first.
 *
 * <p>The defaults come from two system properties, so that a whole test suite can run on either
 * tier: {@value #ENABLED_PROPERTY} ({@code true} or {@code false}) and {@value #THRESHOLD_PROPERTY}
 * (0 translates every block the first time it runs).
 *
 * @param enabled   translate at all; off, every instruction is interpreted
 * @param threshold how many times the interpreter runs an instruction before it translates the
 *                  code from there on (0..{@value #MAX_THRESHOLD})
 */
public record TranslationConfig(boolean enabled, int threshold) {
    public static final String ENABLED_PROPERTY = "fgraph.translate";
    public static final String THRESHOLD_PROPERTY = "fgraph.translate.threshold";
    public static final boolean DEFAULT_ENABLED = true;
    public static final int DEFAULT_THRESHOLD = 32;
    public static final int MAX_THRESHOLD = 1 << 30;

    public TranslationConfig {
        if (threshold < 0 || threshold > MAX_THRESHOLD) {
            throw new IllegalArgumentException("translationThreshold=" + threshold + ": must be 0.." + MAX_THRESHOLD);
        }
    }

    /** The tier off: the interpreter runs everything. */
    public static TranslationConfig off() {
        return new TranslationConfig(false, DEFAULT_THRESHOLD);
    }

    /** The defaults, or what the system properties say. */
    public static TranslationConfig defaults() {
        String enabled = System.getProperty(ENABLED_PROPERTY);
        String threshold = System.getProperty(THRESHOLD_PROPERTY);
        boolean on = DEFAULT_ENABLED;
        if (enabled != null) {
            if (!enabled.equals("true") && !enabled.equals("false")) {
                throw new IllegalArgumentException(ENABLED_PROPERTY + "=" + enabled + ": must be true or false");
            }
            on = enabled.equals("true");
        }
        int hot = DEFAULT_THRESHOLD;
        if (threshold != null) {
            try {
                hot = Integer.parseInt(threshold);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(THRESHOLD_PROPERTY + "=" + threshold + ": must be a number");
            }
        }
        return new TranslationConfig(on, hot);
    }

    public TranslationConfig withEnabled(boolean on) {
        return new TranslationConfig(on, threshold);
    }

    public TranslationConfig withThreshold(int hot) {
        return new TranslationConfig(enabled, hot);
    }
}
